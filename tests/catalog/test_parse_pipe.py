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


def test_a_table_of_http_status_codes_is_no_error_table_and_examples_are_no_rows(page):
    """`Code | Description` with only 200/400/500… lists HTTP statuses, not error codes;
    the codes in the inline and fenced JSON examples are not rows either."""
    result = page("ces_status_table_then_errors.md")
    assert codes(result) == ["ces.0014", "ces.0016", "ces.0050"]
    assert [(e.http_status, e.status_text) for e in result.entries] == [
        (400, None),
        (404, "404/500"),
        (403, "403 Forbidden"),
    ]
    assert result.skips == []


def test_a_page_with_only_an_http_status_table_has_no_error_table():
    text = "Error Code | Meaning\n---------- | -------\n401 | Unauthorized\n404 | Not Found\n"
    result = parse_page(text, "status.md")
    assert result.entries == []
    assert [str(s) for s in result.skips] == ["status.md: no error table found"]


def test_a_row_that_leaves_out_its_empty_last_cells_keeps_its_own_code(page):
    # GFM lets a row have fewer cells than the header; the code column comes first here,
    # so no flattened rowspan can have dropped it: the short row is not shifted right
    entries = page("push_pipe_rows_without_trailing_cells.md").entries
    assert [(e.code, e.description, e.solution) for e in entries[2:4]] == [
        ("QUOTA_EXCEEDED", "消息数量超过配额。", ""),
        ("TOPIC_NOT_FOUND", "主题不存在。", ""),
    ]
    assert codes(page("push_pipe_rows_without_trailing_cells.md")) == [
        "SUCCESS",
        "TOKEN_INVALID",
        "QUOTA_EXCEEDED",
        "TOPIC_NOT_FOUND",
        "SERVER_BUSY",
    ]


def test_a_code_first_row_spanning_two_statuses_still_lends_its_code_to_the_row_below():
    # the short row's own first cell is a status, and the status column wants it:
    # here the code above was a rowspan flattened away, not an empty last cell
    text = """|错误码|状态码|错误信息|
|--|--|--|
|APIG.0201|400|Bad request.|
|500|Backend unavailable.|
|APIG.0301|401|Authentication failed.|
"""
    entries = parse_page(text, "apig_code_rowspan.md").entries
    assert [(e.code, e.http_status, e.message) for e in entries] == [
        ("APIG.0201", 400, "Bad request."),
        ("APIG.0201", 500, "Backend unavailable."),
        ("APIG.0301", 401, "Authentication failed."),
    ]
