"""Family 2: Markdown pipe tables (`|状态码|错误码|…|` then `|--|--|…|`).

Converters flatten an HTML `rowspan` in two ways: the rows under it keep an
empty first cell (`||500|VPC.0508|…`) or drop it (`|404|VPC.0504|…`). Each row
is aligned to the header by where its code and status sit, and the cells the
span covered take the value of the row above.
"""

from __future__ import annotations

import html
import re

from catalog.parse import headers as h
from catalog.parse.page import Page
from catalog.parse.table import (
    Cell,
    Columns,
    RawRow,
    RawTable,
    as_code,
    clean_lines,
    looks_like_status,
    map_columns,
)

_DELIMITER = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
_SPLIT = re.compile(r"(?<!\\)\|")
_BREAKS = re.compile(r"<br\s*/?>|</?(?:p|div|li|ul|ol)\b[^>]*>", re.IGNORECASE)
_INLINE_TAGS = re.compile(
    r"</?(?:a|span|code|b|strong|em|i|u|sup|sub|font|kbd|samp)\b[^>]*>", re.IGNORECASE
)
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~])")


def find_tables(page: Page) -> list[RawTable]:
    """Every pipe table outside fenced code: a header line, a delimiter line, then body lines."""
    lines = page.lines
    tables = []
    number = 1
    while number < len(lines):
        if (
            _DELIMITER.match(lines[number])
            and "|" in lines[number]
            and "|" in lines[number - 1]
            and not page.in_fence(number + 1)
        ):
            end = number + 1
            while end < len(lines) and lines[end].strip() and _SPLIT.search(lines[end]):
                end += 1
            tables.append(_table(lines, number - 1, end))
            number = end
        number += 1
    return tables


def _table(lines: list[str], header_index: int, end: int) -> RawTable:
    header = [_cell(text) for text in split_row(lines[header_index])]
    body = [
        RawRow([_cell(text) for text in split_row(lines[i])], line=i + 1)
        for i in range(header_index + 2, end)
    ]
    columns = map_columns(header)
    if columns is not None:
        body = _align(columns, body)
    return RawTable(header=header, rows=body, line=header_index + 1)


def split_row(line: str) -> list[str]:
    """Cell texts of one row; `\\|` is a pipe inside a cell."""
    text = line.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    return _SPLIT.split(text)


def _cell(text: str) -> Cell:
    """Markdown cell -> lines: `<br>` breaks; links, emphasis, code spans, escapes undone."""
    text = _INLINE_TAGS.sub("", _BREAKS.sub("\n", text))
    text = _CODE_SPAN.sub(r"\2", _LINK.sub(r"\1", text))
    text = _ESCAPE.sub(r"\1", _EMPHASIS.sub(r"\2", text))
    return clean_lines(html.unescape(text).split("\n"))


def _align(columns: Columns, body: list[RawRow]) -> list[RawRow]:
    """Give every row the header's width, filling cells a flattened rowspan left out."""
    aligned: list[RawRow] = []
    previous: list[Cell] = [[] for _ in range(columns.width)]
    for row in body:
        cells = _placed(columns, row.cells, previous)
        if as_code(" ".join(cells[columns.code])) is not None:
            cells = _carry_leading_empty(columns, cells, previous)
        aligned.append(RawRow(cells, row.line))
        previous = cells
    return aligned


def _placed(columns: Columns, cells: list[Cell], previous: list[Cell]) -> list[Cell]:
    width = columns.width
    if len(cells) >= width:
        overflow = [line for cell in cells[width - 1 :] for line in cell]
        return [*cells[: width - 1], overflow] if len(cells) > width else list(cells)
    missing = width - len(cells)
    layouts = [
        (dropped, [*previous[:dropped], *cells, *([[]] * (missing - dropped))])
        for dropped in range(missing + 1)
    ]
    # the best fit; on a tie the cells a rowspan dropped are the leading ones
    return max(reversed(layouts), key=lambda layout: _fit(columns, *layout))[1]


def _fit(columns: Columns, dropped: int, cells: list[Cell]) -> int:
    """How well a layout puts a code in the code column and a status in the status column.

    Only the row's own code counts: with the code taken from the row above, a short row
    whose code comes first would always fit, though it only left out its empty last cells.
    """
    code_text = " ".join(cells[columns.code])
    score = 2 if columns.code >= dropped and as_code(code_text) is not None else 0
    if columns.status is not None:
        score += looks_like_status(" ".join(cells[columns.status]))
        score += not re.fullmatch(r"[1-5]\d\d", code_text)
    return score


def _carry_leading_empty(columns: Columns, cells: list[Cell], previous: list[Cell]) -> list[Cell]:
    """`||500|VPC.0508|…`: the empty leading module/status cells belong to the row above."""
    cells = list(cells)
    for i, cell in enumerate(cells):
        if cell:
            break
        if columns.fields[i] in (h.GROUP, h.STATUS):
            cells[i] = previous[i]
    return cells
