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
INDEX = "index"

SYNONYMS: dict[str, tuple[str, ...]] = {
    CODE: (
        "错误码",
        "code",
        "返回码",
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
        "名称",
        "类型",
        "type",
    }
)

# When no synonym matches, a header is read by the words it contains, in this
# order: "Solution Suggestion" is a solution, "HTTP Status Code" a status, "Error
# Code Description" a message (a code word with a text word), "Message Displayed
# on the Management Console" a message. English keywords match whole words.
_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        SOLUTION,
        (
            "solution",
            "measure",
            "suggestion",
            "troubleshooting",
            "handling",
            "处理",
            "解决",
            "建议",
            "措施",
        ),
    ),
    (STATUS, ("status", "http", "状态码", "响应码")),
    (CODE, ("code", "错误码", "返回码", "错误代码", "返回值")),
    (MESSAGE, ("message", "msg", "displayed", "信息", "提示", "消息")),
    (
        DESCRIPTION,
        ("description", "meaning", "cause", "explanation", "描述", "说明", "含义", "语义", "原因"),
    ),
    (GROUP, ("module", "category", "type", "模块", "类别", "分类", "类型")),
)

_FIELD_OF = {word: name for name, words in SYNONYMS.items() for word in words}
# A column numbering the rows: known, so plain text takes it into the header, but no field
# of the entry. "No." only with its dot: a bare "No" is an answer (`Mandatory | No`).
_INDEX_WORDS = frozenset({"序号", "no."})
_PARENTHESISED = re.compile(r"\(([^()]*)\)")
_SENTENCE = re.compile(r"[\d,;。，；、]|[.:!?]\s*\S")
_TRAILING = re.compile(r"[\s.:;,。：；，*]+$")


def normalize_header(text: str) -> str:
    """NFKC, lower case, single spaces, no trailing dots/colons: how header words compare."""
    return _TRAILING.sub("", _folded(text).strip("*").strip())


def _folded(text: str) -> str:
    """NFKC, lower case, single spaces."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


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
    """The entry field a header cell names, or None: its synonym, else its words' meaning."""
    if is_index(header):
        return INDEX
    word = normalize_header(header)
    if not word or word in NOT_ERROR_COLUMNS:
        return None
    return listed_field_of(word) or keyword_field_of(word)


def listed_field_of(header: str) -> str | None:
    """The field of a header listed in `SYNONYMS`, itself or in parts; None for any other text.

    Strict enough to tell a repeated header row from a data row such as
    "Other error codes | Other error messages", which the keyword rules would take.
    """
    word = normalize_header(header)
    return next((_FIELD_OF[c] for c in _candidates(word) if c in _FIELD_OF), None)


def keyword_field_of(word: str) -> str | None:
    """The field a header names by the words it contains (see `_KEYWORDS`), or None."""
    found = [name for name, keywords in _KEYWORDS if any(_contains(word, k) for k in keywords)]
    if not found:
        return None
    if found[0] == CODE and (MESSAGE in found or DESCRIPTION in found):
        return MESSAGE  # "Error Code Description", "错误码说明": the text that explains the code
    return found[0]


def _contains(word: str, keyword: str) -> bool:
    if keyword.isascii():
        return re.search(rf"\b{keyword}s?\b", word) is not None
    return keyword in word


def plain_field_of(header: str) -> str | None:
    """The field of a paragraph that stands alone as a header in plain text, or None.

    A listed header word as written, or a short phrase read by its keywords;
    never a plural heading or menu entry ("Error Codes"), a caption ("表 2 错误码")
    or a sentence ("错误码，请参见表2。"). A word closed by a full stop ("错误码。") is a
    parameter table's description cell (`error_code | String | 错误码。`), not a header.
    """
    if header.rstrip().endswith("。"):
        return None
    if is_index(header):
        return INDEX
    word = normalize_header(header)
    if word in _FIELD_OF:
        return _FIELD_OF[word]
    if (
        len(word.split()) > 6
        or word.endswith(("codes", "messages"))
        or word in NOT_ERROR_COLUMNS
        or is_sentence(header)
    ):
        return None
    return keyword_field_of(word)


def is_index(header: str) -> bool:
    """A header numbering the rows, compared with its dot (`No.`), which normalize_header drops."""
    return _folded(header) in _INDEX_WORDS


def is_sentence(text: str) -> bool:
    """Does the text read as a sentence (digits, clause punctuation) rather than a label?"""
    return _SENTENCE.search(unicodedata.normalize("NFKC", text)) is not None


def is_not_error_column(header: str) -> bool:
    return normalize_header(header) in NOT_ERROR_COLUMNS


def error_columns(headers: list[str]) -> list[str | None] | None:
    """The field of each column when `headers` is an error table's header row, else None.

    An error table has a code column and at least one other known column (a row
    number is not enough), and no column that only parameter or glossary tables have.
    """
    fields = [field_of(header) for header in headers]
    if CODE not in fields or any(is_not_error_column(header) for header in headers):
        return None
    if fields.count(MESSAGE) > 1 and DESCRIPTION not in fields:
        fields = _description_beside_message(headers, fields)
    others = [name for name in fields if name not in (None, CODE, INDEX)]
    return fields if others else None


def _description_beside_message(headers: list[str], fields: list[str | None]) -> list[str | None]:
    """ "Error Code Description" beside "Error Message" (Cloud Eye's page): read alone, either
    is the message; side by side, the one that describes is the description."""
    describes = [
        field == MESSAGE and "description" in normalize_header(header)
        for header, field in zip(headers, fields, strict=True)
    ]
    if describes.count(True) != 1:
        return fields
    return [DESCRIPTION if flag else field for flag, field in zip(describes, fields, strict=True)]
