"""The family-independent rules: what a code is, status cells, span expansion, duplicate columns."""

from __future__ import annotations

import pytest

from catalog.parse.table import SpanCell, as_code, expand_spans, map_columns, status_of


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ("SCM.0014", "SCM.0014"),
        ("Ecs.0005", "Ecs.0005"),
        ("DCS. 4855", "DCS.4855"),
        ("DCS．4855", "DCS.4855"),
        ("CCI.01.400101", "CCI.01.400101"),
        ("SVCSTG.CCE-ADDONMGR.4000003", "SVCSTG.CCE-ADDONMGR.4000003"),
        ("1100", "1100"),
        ("0171", "0171"),
        ("AccessDenied", "AccessDenied"),
        ("KMS.DisabledException", "KMS.DisabledException"),
        ("UNKNOWN_ERROR", "UNKNOWN_ERROR"),
        ("`NoSuchKey`", "NoSuchKey"),
        ("Other", None),
        ("其他", None),
        ("", None),
        ("-", None),
        ("Other errors.", None),
        ("Forbidden", None),
        ("APIG.0201/APIG.0202", None),
        ("0", None),
        ("10000000", "10000000"),
        ("Other error codes", None),
        ("IncorrectNumberOfFilesInPost Request", "IncorrectNumberOfFilesInPostRequest"),
        ("Access Denied", None),
        ("Other Errors", None),
        ("* 企业开发者，请参见开通付费升级套餐。", None),
        ("` NoSuchKey`", "NoSuchKey"),
        ("SCM.0014 [1]", "SCM.0014"),
        ("SCM.0014[12]", "SCM.0014"),
        ("SCM.0014*", "SCM.0014"),
        ("[1]", None),
        ("__SCM.0014__", "SCM.0014"),
        ("__UNKNOWN_ERROR__", "UNKNOWN_ERROR"),
    ],
)
def test_what_counts_as_a_code(cell, code):
    assert as_code(cell) == code


@pytest.mark.parametrize(
    ("lines", "status"),
    [
        (["400"], (400, None)),
        (["404/500"], (404, "404/500")),
        (["403 Forbidden"], (403, "403 Forbidden")),
        (["n/a"], (None, "n/a")),
    ],
)
def test_status_cell_gives_first_number_and_the_text_when_more_than_a_number(lines, status):
    assert status_of(lines) == status


def test_rowspan_and_colspan_fill_every_slot_they_cover():
    rows = [
        [SpanCell(["M"], rowspan=2), SpanCell(["400"]), SpanCell(["A.1"])],
        [SpanCell(["500"]), SpanCell(["A.2"])],
        [SpanCell(["其他"], colspan=3)],
    ]
    assert expand_spans(rows) == [
        [["M"], ["400"], ["A.1"]],
        [["M"], ["500"], ["A.2"]],
        [["其他"], ["其他"], ["其他"]],
    ]


def test_two_description_columns_are_message_then_description_unless_a_message_exists():
    header = [["Status Code"], ["Error Code"], ["Description"], ["Description"], ["Measure"]]
    assert map_columns(header).fields == ["status", "code", "message", "description", "solution"]
    with_message = [["Error Code"], ["Message"], ["描述"], ["Description"]]
    assert map_columns(with_message).fields == ["code", "message", "description", "description"]


def test_a_bilingual_header_cell_on_two_lines_names_its_field():
    header = [["错误码", "Error Code"], ["HTTP", "状态码"], ["错误信息", "Error Message"]]
    assert map_columns(header).fields == ["code", "status", "message"]


def test_footnote_marks_after_codes_are_not_part_of_the_codes(page):
    result = page("scm_pipe_footnote_marks.md")
    assert [(e.code, e.message) for e in result.entries] == [
        ("SCM.0014", "证书不存在。"),
        ("SCM.0015", "证书已过期。"),
        ("SCM.0016", "没有权限。"),
        ("SCM.0017", "内部错误。"),
    ]


def test_markdown_emphasis_left_around_codes_in_html_cells_is_not_part_of_the_codes(page):
    result = page("ces_html_emphasised_codes.md")
    assert [(e.code, e.http_status) for e in result.entries] == [
        ("ces.0014", 400),
        ("ces.0015", 404),
        ("ces.0016", 500),
    ]
