"""One way for tests to make catalog entries: every field defaulted, any overridden."""

from __future__ import annotations

from catalog.model import Entry

DEFAULTS = {
    "service": "Test",
    "http_status": 400,
    "status_text": None,
    "message": "",
    "description": "",
    "solution": "",
    "group": None,
    "language": "en",
    "source": "test.md",
    "row": 1,
    "url": "",
}


def make_entry(code: str, **fields: object) -> Entry:
    """An Entry for `code`; fields not given take DEFAULTS."""
    return Entry(code=code, **{**DEFAULTS, **fields})
