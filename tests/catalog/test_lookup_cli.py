"""`hwerr lookup` in-process: text and --json output, exit codes, HWERR_CATALOG honoured."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import main
from tests.catalog.lookup_samples import sample_catalog


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    built = tmp_path / "catalog.json"
    sample_catalog().save(built)
    monkeypatch.setenv("HWERR_CATALOG", str(built))
    return CliRunner()


def test_a_code_prints_each_field_of_its_variant(runner: CliRunner) -> None:
    result = runner.invoke(main, ["lookup", "scm-0014"])
    assert result.exit_code == 0, result.output
    assert "SCM.0014 · Cloud Certificate Manager" in result.output
    assert "400" in result.output and "请传递正确的证书和私钥" in result.output
    assert "Why:" not in result.output  # the description says the same as the message
    assert "cloud-certificate-manager.md row 3 · https://support.example.com/scm" in result.output


def test_the_arguments_are_one_query_with_a_status(runner: CliRunner) -> None:
    result = runner.invoke(main, ["lookup", "APIG.0201", "504"])
    assert result.exit_code == 0
    assert "Backend timeout." in result.output and "Bad request." not in result.output


def test_an_unknown_code_prints_suggestions_and_exits_1(runner: CliRunner) -> None:
    result = runner.invoke(main, ["lookup", "SCM.0041"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith("No code SCM.0041")
    assert lines[2].split()[0] == "SCM.0014"


def test_a_service_prints_its_listing(runner: CliRunner) -> None:
    result = runner.invoke(main, ["lookup", "APIG.*"])
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == "API Gateway: 3 codes"


def test_free_text_prints_the_best_hits_and_how_to_see_all(runner: CliRunner) -> None:
    limited = runner.invoke(main, ["lookup", "request"])
    assert limited.exit_code == 0
    assert "more: hwerr lookup request --all" in limited.output
    everything = runner.invoke(main, ["lookup", "request", "--all"])
    assert "more:" not in everything.output
    assert everything.output.count(" · ") > limited.output.count(" · ")


def test_nothing_found_exits_1(runner: CliRunner) -> None:
    result = runner.invoke(main, ["lookup", "quantum", "kubernetes"])
    assert result.exit_code == 1
    assert "Nothing found for 'quantum kubernetes'." in result.output


def test_json_prints_one_object_with_the_entries(runner: CliRunner) -> None:
    result = runner.invoke(main, ["lookup", "--json", "APIG.0201", "504"])
    assert result.exit_code == 0
    (line,) = result.output.splitlines()
    document = json.loads(line)
    assert document["query"] == "APIG.0201 504"
    assert [(e["code"], e["http_status"]) for e in document["entries"]] == [("APIG.0201", 504)]
    assert document["codes"][0]["status"] == 504


def test_json_of_a_typo_carries_the_suggestions(runner: CliRunner) -> None:
    result = runner.invoke(main, ["lookup", "SMC.0014", "--json"])
    assert result.exit_code == 1
    document = json.loads(result.output)
    assert document["entries"] == [] and document["found"] is False
    first = document["codes"][0]["suggestions"][0]
    assert (first["code"], first["distance"], first["transposition"]) == ("SCM.0014", 1, True)


def test_a_missing_catalog_is_a_clear_error(runner: CliRunner, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("HWERR_CATALOG", str(tmp_path / "absent.json"))
    result = runner.invoke(main, ["lookup", "SCM.0014"])
    assert result.exit_code == 2
    assert "cannot read the catalog" in result.output and "HWERR_CATALOG" in result.output
