"""Header words map to fields by meaning, and only real error tables are taken."""

from __future__ import annotations

import pytest

from catalog.parse.headers import error_columns, field_of, plain_field_of


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("错误码", "code"),
        ("错误码 ", "code"),
        ("返回错误码", "code"),
        ("返回值", "code"),
        ("Error code", "code"),
        ("Returned Value", "code"),
        ("错误码（Error Code）", "code"),
        ("状态码", "status"),
        ("http状态码", "status"),
        ("响应状态码", "status"),
        ("HTTP Status code", "status"),
        ("HTTP Response Code", "status"),
        ("错误信息", "message"),
        ("Error Message:", "message"),
        ("Error Code Description", "message"),
        ("语义", "description"),
        ("中文说明", "description"),
        ("Error Description.", "description"),
        ("处理措施", "solution"),
        ("建议解决方法", "solution"),
        ("Handling Suggestions (Optional)", "solution"),
        ("Handling Suggestion", "solution"),
        ("Measure", "solution"),
        ("模块", "group"),
        ("Error Type", "group"),
        ("Code", "code"),
        ("返回码", "code"),
        # no synonym: read by the words the header contains
        ("Message Displayed on the Management Console", "message"),
        ("Solution Suggestion", "solution"),
        ("Troubleshooting", "solution"),
        ("HTTP Status Code", "status"),
        ("Error Code Explanation", "message"),
        ("Returned Error Code", "code"),
        ("故障类型", "group"),
        ("错误含义", "description"),
        ("名称", None),
        ("参数类型", None),
        ("Glossary", None),
    ],
)
def test_header_word_names_its_field(header, field):
    assert field_of(header) == field


def test_full_width_punctuation_is_normalised():
    assert field_of("错误码：") == "code"
    assert field_of("ＨＴＴＰ状态码") == "status"


@pytest.mark.parametrize(
    "headers",
    [
        ["名称", "参数类型", "说明"],
        ["Glossary", "Description"],
        ["参数", "返回值", "说明"],
        ["错误码"],
        ["Status Code", "Description"],
        ["名称", "类型", "说明", "Code"],
        ["Parameter", "Type", "Description", "Error Code"],
    ],
)
def test_parameter_glossary_and_code_only_tables_are_not_error_tables(headers):
    assert error_columns(headers) is None


def test_a_code_column_and_one_other_known_column_make_an_error_table():
    assert error_columns(["No.", "Error Code", "Description"]) == ["index", "code", "description"]
    assert error_columns(["API", "Error Code", "Description"]) == ["group", "code", "description"]


def test_a_column_numbering_the_rows_is_known_but_makes_no_error_table_with_a_code_alone():
    assert error_columns(["序号", "错误码"]) is None
    assert error_columns(["No.", "Error Code"]) is None
    # "No" without its dot is an answer in a cell, not a header
    assert error_columns(["No", "Error Code", "Description"]) == [None, "code", "description"]


def test_error_code_description_beside_error_message_is_the_description():
    headers = ["Module", "Status Code", "Error Code", "Error Code Description", "Error Message"]
    assert error_columns(headers) == ["group", "status", "code", "description", "message"]
    # Alone, it is the message, as FORMATS.md lists it.
    assert error_columns(["Error Code", "Error Code Description"]) == ["code", "message"]


def test_a_header_read_by_its_words_still_needs_a_code_column():
    assert (
        error_columns(["Message Displayed on the Management Console", "Solution Suggestion"])
        is None
    )
    assert error_columns(
        ["Error Code", "Message Displayed on the Management Console", "Solution Suggestion"]
    ) == ["code", "message", "solution"]


@pytest.mark.parametrize(
    ("paragraph", "field"),
    [
        ("错误提示", "message"),
        ("Message Displayed on the Management Console", "message"),
        ("Solution Suggestion", "solution"),
        ("Error Code", "code"),
        ("Error Codes", None),  # a menu entry or heading
        ("Status Codes", None),
        ("表 2  错误码", None),  # a caption
        ("Table 1 Error codes", None),
        ("错误码，请参见表2。", None),  # a sentence in a cell
        ("错误详细信息。", None),
        ("错误码。", None),  # a parameter table's cell: `code | String | 错误码。`
        ("错误码描述。", None),
        ("参数类型", None),
    ],
)
def test_a_plain_text_paragraph_is_a_header_only_when_it_reads_as_one(paragraph, field):
    assert plain_field_of(paragraph) == field
