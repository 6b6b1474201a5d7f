"""Shared fixtures for the catalog tests: the test pages, parsed once by name."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog.parse import PageResult, parse_page

PAGES = Path(__file__).with_name("pages")


def codes(result: PageResult) -> list[str]:
    """The codes of a page's entries, in page order: what the build is checked on."""
    return [entry.code for entry in result.entries]


def parse_test_page(name: str) -> PageResult:
    return parse_page((PAGES / name).read_text(encoding="utf-8"), name)


@pytest.fixture
def page():
    """Parse one of tests/catalog/pages by file name."""
    return parse_test_page
