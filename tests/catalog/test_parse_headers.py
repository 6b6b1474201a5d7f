"""Header words map to fields by meaning, and only real error tables are taken."""

from __future__ import annotations

import pytest

from catalog.parse.headers import error_columns, field_of


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
    ],
)
def test_parameter_glossary_and_code_only_tables_are_not_error_tables(headers):
    assert error_columns(headers) is None


def test_a_code_column_and_one_other_known_column_make_an_error_table():
    assert error_columns(["No.", "Error Code", "Description"]) == [None, "code", "description"]
