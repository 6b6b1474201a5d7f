"""Markdown pipe tables: flattened rowspans both ways, English headers with status last."""

from __future__ import annotations

from catalog.parse import parse_page
from tests.catalog.conftest import codes


def test_flattened_rowspan_rows_with_an_empty_or_a_dropped_first_cell_are_all_read(page):
    result = page("vpc_pipe_rowspan.md")
    assert codes(result) == [
        "VPC.0001",
        "VPC.0508",
        "VPC.0504",
        "Subnet.0001",
        "Subnet.0404",
        "Subnet.0409",
    ]
    assert [str(s) for s in result.skips] == ["vpc_pipe_rowspan.md row 7: '-' is not an error code"]


def test_the_module_above_is_carried_down_and_status_lands_in_its_column(page):
    entries = page("vpc_pipe_rowspan.md").entries
    assert [(e.group, e.http_status) for e in entries] == [
        ("VPC", 400),
        ("VPC", 500),
        ("VPC", 404),
        ("子网", 400),
        ("子网", 404),
        ("子网", 409),
    ]
    assert entries[2].message == "The VPC does not exist: {vpc_id}."
    assert entries[2].solution == "请检查VPC ID是否存在"


def test_br_escaped_pipe_entities_and_emphasis_in_cells(page):
    entries = page("vpc_pipe_rowspan.md").entries
    assert entries[0].solution.splitlines() == ["请检查VPC ID是否正确", "联系技术支持"]
    assert entries[3].message == "Invalid CIDR | gateway."
    assert entries[3].solution == "请检查 cidr 与 gateway_ip 的取值"
    assert entries[4].message == "Subnet <x:x:x> not found."
    assert entries[4].status_text == "404/500"


def test_english_headers_with_status_last_name_codes_and_glossary_before(page):
    result = page("kms_pipe_english.md")
    assert codes(result) == [
        "KMS.0101",
        "KMS.DisabledException",
        "AccessDenied",
        "UNKNOWN_ERROR",
        "kms.0205",
    ]
    statuses = [(e.http_status, e.status_text) for e in result.entries]
    assert statuses == [(400, None), (403, "403 Forbidden"), (403, None), (None, None), (400, None)]
    assert result.entries[3].message == "Unknown error: %s"
    assert result.entries[4].message == "Key %(key_id)s is pending deletion."
    assert result.entries[0].solution == "Check the request URL."
    assert [str(s) for s in result.skips] == [
        "kms_pipe_english.md row 6: 'Other' is not an error code"
    ]


def test_a_row_that_leaves_out_its_last_cell_is_not_mistaken_for_a_dropped_first_cell():
    text = """|状态码|错误码|错误信息|描述|
|---|---|---|---|
|400|CES.0014|Invalid metric.|指标不合法|
|404|CES.0404|Not found.|
"""
    result = parse_page(text, "ces.md")
    assert [(e.code, e.http_status, e.message) for e in result.entries] == [
        ("CES.0014", 400, "Invalid metric."),
        ("CES.0404", 404, "Not found."),
    ]


def test_a_code_left_empty_under_a_status_repeats_the_code_above_as_another_variant():
    text = """| 错误码 | HTTP状态码 | 错误信息 |
| --- | --- | --- |
| APIG.0201 | 400 | Bad request. |
| | 413 | Request entity too large. |
| | | The request body exceeds 12 MB. |
"""
    result = parse_page(text, "apig.md")
    assert [(e.code, e.http_status) for e in result.entries] == [
        ("APIG.0201", 400),
        ("APIG.0201", 413),
    ]
    assert result.entries[1].message.splitlines() == [
        "Request entity too large.",
        "The request body exceeds 12 MB.",
    ]
