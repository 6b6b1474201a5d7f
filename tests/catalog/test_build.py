"""Building from files and folders, the manifest, failures reported by name, the shipped build."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from bot.cli import main
from catalog.build import build
from catalog.model import SHIPPED, SOURCES, Catalog
from tests.catalog.conftest import PAGES


@pytest.fixture
def folder(tmp_path):
    """A folder of test pages, the VPC page described by a manifest line, the others not."""
    for name in ("vpc_pipe_rowspan.md", "dcs_grid.rst", "kms_pipe_english.md"):
        shutil.copy(PAGES / name, tmp_path / name)
    (tmp_path / "manifest.toml").write_text(
        '["vpc_pipe_rowspan.md"]\nservice = "Virtual Private Cloud"\nlanguage = "zh"\n'
        'url = "https://support.huaweicloud.com/api-vpc/ErrorCode.html"\n',
        encoding="utf-8",
    )
    (tmp_path / "README.md").write_text("| 错误码 | 描述 |\n|--|--|\n| X.1 | not a page |\n")
    return tmp_path


def run(*args, env=None):
    return CliRunner().invoke(main, ["catalog", *args], env=env)


def test_shipped_catalog_equals_a_fresh_build_of_the_sources():
    fresh, _ = build([SOURCES])
    assert SHIPPED.read_text(encoding="utf-8") == fresh.to_json(), (
        "catalog/catalog.json is stale: regenerate it with"
        " `hwerr catalog build -o catalog/catalog.json`"
    )


def test_folder_pages_are_read_in_name_order_with_the_manifest_and_without_readme(folder):
    built, skips = build([folder])
    assert [e.source for e in built][:1] == ["dcs_grid.rst"]
    assert sorted({e.source for e in built}) == [
        "dcs_grid.rst",
        "kms_pipe_english.md",
        "vpc_pipe_rowspan.md",
    ]
    vpc = built.variants("VPC.0001")[0]
    assert (vpc.service, vpc.language) == ("Virtual Private Cloud", "zh")
    assert vpc.url == "https://support.huaweicloud.com/api-vpc/ErrorCode.html"
    assert all(skip.row is not None for skip in skips)


def test_a_page_without_manifest_line_takes_its_code_prefix_and_detected_language(folder):
    built, _ = build([folder])
    dcs = built.variants("DCS.4104")[0]
    assert (dcs.service, dcs.language, dcs.url) == ("DCS", "en", "")
    bare, _ = build([folder / "vpc_pipe_rowspan.md", PAGES / "ecs_html_modules.md"])
    assert bare.variants("1100")[0].service == "Ecs"


def test_bare_number_page_without_manifest_is_named_after_its_file(tmp_path):
    page = tmp_path / "dms_errors.md"
    page.write_text("| 错误码 | 错误信息 |\n|---|---|\n| 1100 | 任务执行超时 |\n", encoding="utf-8")
    built, _ = build([page])
    assert [(e.code, e.service, e.language) for e in built] == [("1100", "dms_errors", "zh")]


def test_non_utf8_and_tableless_pages_are_reported_by_name_others_still_written(folder, tmp_path):
    (folder / "gbk_page.md").write_bytes(
        "| 错误码 | 描述 |\n|--|--|\n| A.1 | 错误 |\n".encode("gbk")
    )
    (folder / "overview.md").write_text("# 概述\n\n本章介绍错误码的使用方法。\n", encoding="utf-8")
    out = tmp_path / "out" / "catalog.json"
    result = run("build", str(folder), "-o", str(out))
    assert result.exit_code == 1
    assert "gbk_page.md: not UTF-8 text" in result.stderr
    assert "overview.md: no error table found" in result.stderr
    assert "vpc_pipe_rowspan.md row 7: '-' is not an error code" in result.stderr
    written = Catalog.load(out)
    assert len(written) == 4 + 5 + 6


def test_a_build_that_parsed_nothing_leaves_the_old_file_intact(tmp_path):
    out = tmp_path / "catalog.json"
    out.write_text("old catalog", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("nothing here", encoding="utf-8")
    result = run("build", str(empty), str(tmp_path / "missing.md"), "-o", str(out))
    assert result.exit_code == 1
    assert "missing.md: cannot read the page" in result.stderr
    assert out.read_text(encoding="utf-8") == "old catalog"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["catalog.json", "empty.txt"]


def test_build_writes_json_to_stdout_by_default_with_entries_and_skips():
    result = run("build")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["version"] == 1
    assert len(document["entries"]) == 138
    assert document["skipped"] == [
        {"source": "003_bdb1700dbec1427a.txt", "row": 32, "reason": "'Other' is not an error code"}
    ]
    assert set(document["entries"][0]) >= {"code", "service", "http_status", "status_text", "row"}


def test_stats_reports_pages_services_variants_and_skips_of_the_catalog_in_use(folder, tmp_path):
    out = tmp_path / "built.json"
    assert run("build", str(folder), "-o", str(out)).exit_code == 0
    result = run("stats", env={"HWERR_CATALOG": str(out)})
    assert result.exit_code == 0
    assert "15 entries" in result.stdout
    assert "    6  vpc_pipe_rowspan.md" in result.stdout
    assert "    6  Virtual Private Cloud" in result.stdout
    assert "kms_pipe_english.md row 6: 'Other' is not an error code" in result.stdout


def test_stats_lists_codes_with_several_variants():
    result = run("stats", env={"HWERR_CATALOG": str(SHIPPED)})
    assert "138 entries, 129 distinct codes" in result.stdout
    assert "    7  APIG.0201" in result.stdout
    assert "    2  APIG.0101" in result.stdout
