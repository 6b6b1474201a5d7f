"""Header words -> entry fields, matched by meaning rather than by position.

Pages name the same column many ways (Chinese or English, with or without
"HTTP", with trailing colons or full-width punctuation), so every family maps
its header cells through this one table.
"""

from __future__ import annotations

import functools
import re
import unicodedata

CODE = "code"
STATUS = "status"
MESSAGE = "message"
DESCRIPTION = "description"
SOLUTION = "solution"
GROUP = "group"

SYNONYMS: dict[str, tuple[str, ...]] = {
    CODE: (
        "错误码",
        "返回错误码",
        "错误代码",
        "返回值",
        "error code",
        "returned value",
        "return value",
        "errorcode",
        "error_code",
    ),
    STATUS: (
        "状态码",
        "http状态码",
        "响应状态码",
        "http 状态码",
        "http响应码",
        "http返回码",
        "status code",
        "http status code",
        "http status",
        "response code",
        "http response code",
        "http code",
    ),
    MESSAGE: (
        "错误信息",
        "错误消息",
        "error message",
        "message",
        "error msg",
        "error_msg",
        "error code description",
        "error information",
        "error info",
    ),
    DESCRIPTION: (
        "描述",
        "语义",
        "说明",
        "中文说明",
        "错误说明",
        "错误描述",
        "错误码描述",
        "错误码说明",
        "错误原因",
        "可能原因",
        "原因",
        "description",
        "error description",
        "possible cause",
        "cause",
        "meaning",
    ),
    SOLUTION: (
        "解决方案",
        "处理措施",
        "建议解决方法",
        "解决方法",
        "处理方法",
        "处理建议",
        "解决办法",
        "建议",
        "solution",
        "handling measure",
        "measure",
        "handling suggestion",
        "handling suggestions (optional)",
        "suggestion",
        "handling method",
        "resolution",
        "action",
    ),
    GROUP: ("模块", "module", "category", "error type", "错误类型", "分类", "类别", "api"),
}

# Columns that only parameter or glossary tables have: a table holding one is
# never an error table, whatever else its header says.
NOT_ERROR_COLUMNS = frozenset(
    {
        "参数",
        "参数名",
        "参数名称",
        "参数类型",
        "是否必选",
        "必选",
        "parameter",
        "parameter name",
        "parameter type",
        "mandatory",
        "data type",
        "glossary",
        "术语",
        "term",
    }
)

_FIELD_OF = {word: name for name, words in SYNONYMS.items() for word in words}
_PARENTHESISED = re.compile(r"\(([^()]*)\)")
_TRAILING = re.compile(r"[\s.:;,。：；，*]+$")


def normalize_header(text: str) -> str:
    """NFKC, lower case, single spaces, no trailing dots/colons: how header words compare."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = " ".join(text.split())
    return _TRAILING.sub("", text.strip("*").strip())


def _candidates(word: str):
    """The header itself, then its parts: `错误码(Error Code)`, `Error Code/错误码`, plurals."""
    yield word
    yield " ".join(_PARENTHESISED.sub(" ", word).split())
    yield from (inner.strip() for inner in _PARENTHESISED.findall(word))
    yield from (part.strip() for part in word.split("/"))
    yield word.replace(" ", "")
    if word.endswith("s"):
        yield word[:-1]


@functools.lru_cache(maxsize=4096)
def field_of(header: str) -> str | None:
    """The entry field a header cell names, or None when it names none."""
    word = normalize_header(header)
    if not word:
        return None
    for candidate in _candidates(word):
        if candidate in _FIELD_OF:
            return _FIELD_OF[candidate]
    return None


def exact_field_of(header: str) -> str | None:
    """Like field_of, but only for a header word exactly as listed (no plurals or parts).

    Where nothing but the words mark a header (plain text), a heading such as
    "Error Codes" or a menu entry must not pass for a column.
    """
    return _FIELD_OF.get(normalize_header(header))


def is_not_error_column(header: str) -> bool:
    return normalize_header(header) in NOT_ERROR_COLUMNS


def error_columns(headers: list[str]) -> list[str | None] | None:
    """The field of each column when `headers` is an error table's header row, else None.

    An error table has a code column and at least one other known column, and no
    column that only parameter or glossary tables have.
    """
    fields = [field_of(header) for header in headers]
    if CODE not in fields or any(is_not_error_column(header) for header in headers):
        return None
    others = [name for name in fields if name not in (None, CODE)]
    return fields if others else None
