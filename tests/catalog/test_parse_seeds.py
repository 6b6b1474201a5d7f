"""The five seed pages (issue #2 "Done when"): every row, in order, with the texts they hold."""

from __future__ import annotations

from collections import Counter

import pytest

from catalog.build import build
from catalog.model import SOURCES


@pytest.fixture(scope="module")
def seeds():
    built, skips = build([SOURCES])
    return built, skips


def test_all_138_rows_are_read_28_35_34_31_10_by_page(seeds):
    built, _ = seeds
    by_page = Counter(entry.source for entry in built)
    assert [by_page[name] for name in sorted(by_page)] == [28, 35, 34, 31, 10]
    assert len(built) == 138
    assert len(built.codes()) == 129


def test_apig_0201_has_seven_variants_six_on_the_gateway_page_and_one_on_image_recognition(seeds):
    built, _ = seeds
    variants = built.variants("apig.0201")
    assert [(v.service, v.http_status) for v in variants] == [
        ("API Gateway", 400),
        ("API Gateway", 413),
        ("API Gateway", 414),
        ("API Gateway", 494),
        ("API Gateway", 503),
        ("API Gateway", 504),
        ("Image Recognition", 400),
    ]


def test_apig_0301_on_image_recognition_keeps_its_multi_paragraph_cells(seeds):
    built, _ = seeds
    (entry,) = [v for v in built.variants("APIG.0301") if v.service == "Image Recognition"]
    assert entry.solution.splitlines() == [
        "decrypt token fail: The token request authentication information of x-auth-token"
        " in the HTTP request header is incorrect. Check the sent request and token.",
        "token expires: The token expires. Obtain a new token and pass it.",
        "verify aksk signature fail: Check whether the AK and SK are correct.",
    ]
    assert entry.message == entry.description
    assert entry.message.splitlines()[1].startswith("2. The validity period of a token")


def test_scm_0014_message_is_exactly_the_page_text(seeds):
    built, _ = seeds
    (entry,) = built.variants("SCM.0014")
    assert entry.message == "上传证书和私钥不匹配"
    assert entry.solution == "请传递正确的证书和私钥"
    assert (entry.http_status, entry.status_text, entry.language) == (400, None, "zh")


def test_prose_examples_and_the_other_footer_are_not_entries_and_the_footer_is_reported(seeds):
    built, skips = seeds
    assert "AS.0001" not in built
    assert "Other" not in built
    assert "AIS.0014" in built  # the row, which the prose example also names, is read once
    assert len(built.variants("AIS.0014")) == 1
    assert [str(skip) for skip in skips] == [
        "003_bdb1700dbec1427a.txt row 32: 'Other' is not an error code"
    ]


def test_service_language_and_source_come_from_the_manifest_and_file_name(seeds):
    built, _ = seeds
    first = {entry.source: entry for entry in reversed(built.entries)}
    assert {name: (e.service, e.language) for name, e in first.items()} == {
        "000_0f4fc548b4a7d026.txt": ("Live", "zh"),
        "001_bccc1b141cdd8bb5.txt": ("API Gateway", "zh"),
        "002_920b4edc83dea589.txt": ("Cloud Certificate Manager", "zh"),
        "003_bdb1700dbec1427a.txt": ("Image Recognition", "en"),
        "004_0a79603f43d50bc1.txt": ("CCE Add-on Management", "zh"),
    }
    rows = [entry.row for entry in built if entry.source == "001_bccc1b141cdd8bb5.txt"]
    assert rows == list(range(1, 36))


def test_codes_of_every_shape_are_kept_as_written(seeds):
    built, _ = seeds
    for code in ("LIVE.100011001", "ModelArts.4101", "SVCSTG.CCE-ADDONMGR.4000003"):
        assert [v.code for v in built.variants(code)] == [code]
