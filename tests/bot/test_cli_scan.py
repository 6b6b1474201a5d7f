"""`hwerr scan`: reads a file or stdin, prints each code found readably or as JSON lines, and
uses the catalog that $HWERR_CATALOG names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import main
from catalog.model import Catalog
from tests.catalog.test_codes import entry

PASTE = (
    "deploy broke: ClientRequestException - {status_code:400, request_id:abcd1234ef,"
    "error_code:SCM.0014,error_msg:mismatch }\n"
    "and the gateway said APIGW.0301 (报SCM．0014 again)\n"
)


@pytest.fixture
def catalog_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "catalog.json"
    Catalog.from_entries(
        [
            entry("SCM.0014", 404, "The certificate was not found."),
            entry("SCM.0014", 400, "The certificate and private key do not match."),
        ]
    ).save(path)
    monkeypatch.setenv("HWERR_CATALOG", str(path))
    return path


def test_scan_json_prints_one_object_per_mention_from_stdin(catalog_file: Path) -> None:
    result = CliRunner().invoke(main, ["scan", "--json"], input=PASTE)
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    start = PASTE.index("SCM.0014")
    unknown = PASTE.index("APIGW.0301")
    assert lines == [
        {
            "code": "SCM.0014",
            "known": True,
            "span": [start, start + 8],
            "request_id": "abcd1234ef",
            "written": "SCM.0014",
            "status": 400,
        },
        {
            "code": "APIGW.0301",
            "known": False,
            "span": [unknown, unknown + 10],
            # A short message's only request id and status go with every code in it.
            "request_id": "abcd1234ef",
            "written": "APIGW.0301",
            "status": 400,
        },
    ]


def test_scan_reads_a_file_and_prints_a_readable_line_with_the_matching_variant(
    catalog_file: Path, tmp_path: Path
) -> None:
    paste = tmp_path / "paste.txt"
    paste.write_text(PASTE, encoding="utf-8")
    result = CliRunner().invoke(main, ["scan", str(paste)])
    assert result.exit_code == 0, result.output
    known, unknown = result.output.splitlines()
    assert known.split("  ") == [
        "SCM.0014",
        "known",
        "status 400",
        "request id abcd1234ef",
        "The certificate and private key do not match.",
    ]
    assert unknown.split("  ") == ["APIGW.0301", "unknown", "status 400", "request id abcd1234ef"]


def test_scan_prints_nothing_for_text_without_codes(catalog_file: Path) -> None:
    result = CliRunner().invoke(main, ["scan", "--json"], input="v2.0 on 10.0.0.1, all fine\n")
    assert (result.exit_code, result.output) == (0, "")


def test_scan_with_an_unreadable_catalog_says_which_and_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    monkeypatch.setenv("HWERR_CATALOG", str(broken))
    result = CliRunner().invoke(main, ["scan"], input="SCM.0014")
    assert result.exit_code == 2  # 2: the catalog, not the text, is at fault
    assert "cannot read the catalog" in result.output
    assert "Traceback" not in result.output
