"""The family-independent part of parsing: a table of cell lines -> rows with fields.

Every family (HTML, pipe, reStructuredText, plain text) turns what it finds into
`RawTable`s: header cells and body rows, each cell a list of lines, spans already
expanded so cell *i* is column *i*. This module decides whether a table is an
error table, maps columns to fields by meaning, checks codes, and reports rows
that are not codes as skips instead of dropping them silently.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from catalog.parse import headers as h

Cell = list[str]
"""A cell's text, one item per line (paragraph, list item, `<br>`), stripped, none empty."""

_CODE = re.compile(r"[A-Za-z0-9._-]+")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_NUMBER = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")
_FOOTNOTE = re.compile(r"\s*\[\d{1,2}\]$")
_CAMEL_CASE = re.compile(r"[a-z][A-Z]")
_NAME_WORD = re.compile(r"[A-Z][a-z]{3,}")
_HTTP_STATUS = re.compile(r"[1-5]\d\d")
_MAX_LABEL = 24
_FOOTER_WORDS = frozenset({"other", "others", "其他", "其它", "其他错误", "other errors"})


@dataclass
class RawRow:
    cells: list[Cell]
    line: int | None = None


@dataclass
class RawTable:
    """One table as found on the page; `line` orders tables of several families."""

    header: list[Cell]
    rows: list[RawRow]
    line: int = 0


@dataclass
class Row:
    """One data row of an error table, fields already mapped; `code` is None when invalid."""

    code: str | None
    code_cell: str
    status_cell: str
    http_status: int | None
    status_text: str | None
    message: str
    description: str
    solution: str
    group: str | None
    line: int | None = None


# -- cells ------------------------------------------------------------------


def clean_lines(lines: Iterable[str]) -> Cell:
    """Each line with its white space collapsed; empty lines dropped."""
    return [" ".join(line.split()) for line in lines if line.split()]


def joined(cell: Cell) -> str:
    return "\n".join(cell)


def as_code(text: str) -> str | None:
    """The code a code cell holds (white space removed, case kept), or None when it is no code.

    A code is one token of ASCII letters, digits, `.`, `_` and `-` that holds a
    digit, a dot, an underscore or a capital after its first character: `SCM.0014`,
    `1100`, `AccessDenied`, `UNKNOWN_ERROR`; never `Other`, `其他`, nothing, or a
    lone digit (the `0` = "Success" row some tables start with).
    A footnote mark after it (`SCM.0014*`, `SCM.0014 [1]`) is no part of it, nor is
    Markdown emphasis around it (`**SCM.0014**`, `__SCM.0014__`, backticks).
    White space is a typo only beside `.`, `_`, `-` or inside a number (`DCS. 4855`);
    between two words (`Other errors.`) the cell is a sentence.
    """
    text = unicodedata.normalize("NFKC", text).translate(_INVISIBLE).strip()
    text = _FOOTNOTE.sub("", text).strip("`*").strip().removeprefix("__").removesuffix("__")
    if not all(_typo_space(text, gap) for gap in _SPACES.finditer(text)):
        return None  # white space between words: a sentence, not a code with a typo
    token = "".join(text.split()).rstrip(".,;")  # a sentence's full stop is not part of a code
    if not _CODE.fullmatch(token) or not any(ch.isalnum() for ch in token):
        return None
    if any(ch.isdigit() or ch in "._" or ch.isupper() for ch in token[1:]):
        return token
    return None


def _typo_space(text: str, gap: re.Match) -> bool:
    """White space a code can hold by mistake: beside `.`/`_`/`-`, inside a number, or
    splitting a CamelCase name before a capital (`IncorrectNumberOfFilesInPost Request`)."""
    before, after = text[gap.start() - 1], text[gap.end()]
    if before in "._-" or after in "._-" or (before.isdigit() and after.isdigit()):
        return True
    word = text[: gap.start()].split()[-1]
    return after.isupper() and _CAMEL_CASE.search(word) is not None


def is_footer_word(text: str) -> bool:
    """`Other`/`其他`: the catch-all last row of many tables, never a code."""
    return h.normalize_header(text) in _FOOTER_WORDS


def looks_like_status(text: str) -> bool:
    """`400`, `404/500`, `403 Forbidden`: a cell that starts with a three-digit HTTP status."""
    return re.match(r"[1-5]\d\d(?!\d)", text.strip()) is not None


def status_of(cell: Cell) -> tuple[int | None, str | None]:
    """(first number of the cell, the cell as written when it is more than that number)."""
    text = joined(cell)
    number = _NUMBER.search(text)
    if number is None:
        return None, text or None
    status = int(number.group())
    return status, None if text == number.group() else text


# -- spans ------------------------------------------------------------------


@dataclass
class SpanCell:
    lines: Cell
    rowspan: int = 1
    colspan: int = 1


def expand_spans(rows: Sequence[Sequence[SpanCell]]) -> list[list[Cell]]:
    """Rows of cells with row/column spans -> a grid where cell *i* of every row is column *i*.

    A spanned cell's text is repeated in every slot it covers, so a `rowspan`
    module or status reaches each row under it and a `colspan` footer fills its row.
    """
    grid: list[list[Cell]] = []
    pending: dict[int, tuple[int, Cell]] = {}  # column -> (rows still covered, text)
    for row in rows:
        out: dict[int, Cell] = {}
        column = 0
        cells = iter(row)
        while True:
            while column in pending:
                left, text = pending[column]
                out[column] = text
                if left <= 1:
                    del pending[column]
                else:
                    pending[column] = (left - 1, text)
                column += 1
            cell = next(cells, None)
            if cell is None:
                break
            for offset in range(max(cell.colspan, 1)):
                out[column + offset] = cell.lines
                if cell.rowspan > 1:
                    pending[column + offset] = (cell.rowspan - 1, cell.lines)
            column += max(cell.colspan, 1)
        width = max(out, default=-1) + 1
        grid.append([out.get(i, []) for i in range(width)])
    return grid


# -- tables -> rows -----------------------------------------------------------


@dataclass
class Columns:
    """Where each field's column sits in the grid."""

    fields: list[str | None]
    code: int
    status: int | None
    group: int | None
    texts: dict[str, list[int]]

    @property
    def width(self) -> int:
        return len(self.fields)


def map_columns(header: list[Cell]) -> Columns | None:
    """Column positions by meaning, or None when the header is not an error table's."""
    names = [_header_name(cell) for cell in header]
    fields = h.error_columns(names)
    if fields is None:
        return None
    descriptions = [i for i, name in enumerate(fields) if name == h.DESCRIPTION]
    if h.MESSAGE not in fields and len(descriptions) > 1:
        fields[descriptions[0]] = h.MESSAGE  # two "Description" columns: the first is the message
    texts: dict[str, list[int]] = {h.MESSAGE: [], h.DESCRIPTION: [], h.SOLUTION: []}
    for i, name in enumerate(fields):
        if name in texts:
            texts[name].append(i)
    return Columns(
        fields=fields,
        code=fields.index(h.CODE),
        status=fields.index(h.STATUS) if h.STATUS in fields else None,
        group=fields.index(h.GROUP) if h.GROUP in fields else None,
        texts=texts,
    )


def _header_name(cell: Cell) -> str:
    """The header cell's words: a line naming a field (`错误码<br>Error Code`), else all of it."""
    return next((line for line in cell if h.field_of(line)), " ".join(cell))


def find_header(table: RawTable) -> tuple[Columns, list[RawRow]] | None:
    """The error header of a table: its header row, or one of its first body rows.

    Pages put the header in `<thead>`, in a first row of `<th>` or `<td>`, or
    under a caption row; the rows before the header are not data.
    """
    candidates = [RawRow(table.header, table.line), *table.rows[:3]] if table.header else []
    candidates = candidates or table.rows[:4]
    for row in candidates:
        if row.cells is not table.header and not _header_like(row.cells):
            continue
        columns = map_columns(row.cells)
        if columns is not None:
            start = 0 if row.cells is table.header else table.rows.index(row) + 1
            return columns, table.rows[start:]
    return None


def _header_like(cells: list[Cell]) -> bool:
    """Can this body row be a header: every cell a short label, none a sentence?

    A glossary row `Code | 错误响应消息体中的错误码，请参见表2。` names a field in
    its first cell, but its second is prose: the rows under it are no errors.
    """
    return all(
        _is_label(text) or h.plain_field_of(text) is not None
        for text in (" ".join(cell) for cell in cells if cell)
    )


def _is_label(text: str) -> bool:
    return len(text) <= _MAX_LABEL and not h.is_sentence(text)


def _text(cells: list[Cell], indexes: list[int]) -> str:
    """Text of one field: its columns' lines, a second column's text kept when it differs."""
    parts: list[str] = []
    for i in indexes:
        text = joined(cells[i]) if i < len(cells) else ""
        if text and text not in parts:
            parts.append(text)
    return "\n".join(parts)


def read_row(columns: Columns, cells: list[Cell], line: int | None) -> Row:
    """One grid row -> a Row, `code` None when the code cell holds no code."""
    code_cell = joined(cells[columns.code]) if columns.code < len(cells) else ""
    status_cell = cells[columns.status] if columns.status is not None else []
    http_status, status_text = status_of(status_cell) if status_cell else (None, None)
    group = joined(cells[columns.group]) if columns.group is not None else ""
    return Row(
        code=as_code(code_cell),
        code_cell=code_cell,
        status_cell=joined(status_cell),
        http_status=http_status,
        status_text=status_text,
        message=_text(cells, columns.texts[h.MESSAGE]),
        description=_text(cells, columns.texts[h.DESCRIPTION]),
        solution=_text(cells, columns.texts[h.SOLUTION]),
        group=group or None,
        line=line,
    )


def _is_header_repeat(cells: list[Cell]) -> bool:
    """A header row repeated in the body: every cell a listed header word, a code among them."""
    names = [next(filter(None, map(h.listed_field_of, cell)), None) for cell in cells if cell]
    return h.CODE in names and None not in names


def read_table(table: RawTable) -> list[Row] | None:
    """The rows of an error table (None when `table` is no error table).

    A row with an empty code cell but a status carries the code from the row
    above (a flattened rowspan); one with neither continues the previous row's
    text (a cell wrapped onto a second row); a blank module cell takes the
    module above. Fully empty rows and repeated header rows are not rows.
    """
    found = find_header(table)
    if found is None:
        return None
    columns, body = found
    rows: list[Row] = []
    for raw in body:
        cells = raw.cells
        if not any(cells):
            continue
        row = read_row(columns, cells, raw.line)
        if row.code is None and _is_header_repeat(cells):
            continue
        if row.code_cell == "" and rows and rows[-1].code is not None:
            if looks_like_status(row.status_cell):
                row.code, row.code_cell = rows[-1].code, rows[-1].code_cell
            elif not row.status_cell:
                _continue(rows[-1], row)
                continue
        if row.group is None and rows and columns.group is not None:
            row.group = rows[-1].group  # a blank module cell: a rowspan flattened into rows
        rows.append(row)
    if columns.status is None and _only_http_statuses(rows):
        return None
    _accept_name_words(rows)
    return rows


def _only_http_statuses(rows: list[Row]) -> bool:
    """A `Code | Description` table of 400, 404, 500…: HTTP status codes, not error codes."""
    found = [row.code for row in rows if row.code is not None]
    return bool(found) and all(_HTTP_STATUS.fullmatch(code) for code in found)


def _accept_name_words(rows: list[Row]) -> None:
    """In a table whose codes are names (`AccessDenied`, `NoSuchKey`), a lone capitalised
    word such as `Unauthorized` is a name too; elsewhere (`VPC.0101` tables) it is no code."""
    found = [row.code for row in rows if row.code is not None]
    if not found or not all(_is_name(code) for code in found):
        return
    for row in rows:
        word = row.code_cell.strip()
        if row.code is None and _NAME_WORD.fullmatch(word) and not is_footer_word(word):
            row.code = word


def _is_name(code: str) -> bool:
    return not any(ch.isdigit() for ch in code) and _CAMEL_CASE.search(code) is not None


def _continue(previous: Row, more: Row) -> None:
    for name in (h.MESSAGE, h.DESCRIPTION, h.SOLUTION):
        extra = getattr(more, name)
        if extra:
            setattr(previous, name, "\n".join(filter(None, (getattr(previous, name), extra))))
