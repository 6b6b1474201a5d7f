"""Family 4: a web page saved as plain text, one table cell per paragraph (seed 003).

The header is a run of paragraphs that are all header words (Status Code,
Error Code, Description, …). After it, a row starts where a status paragraph is
followed by a code paragraph (or at a code paragraph when no status column
comes first). A row with more paragraphs than columns is split by meaning:
when two neighbouring columns share a header, the run of paragraphs that
repeats fills both, and the last column takes what is left. The last row takes
no more than its columns need, so the site footer after the table stays out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from catalog.parse import headers as h
from catalog.parse.page import Page
from catalog.parse.table import (
    Cell,
    Columns,
    RawRow,
    RawTable,
    as_code,
    is_footer_word,
    looks_like_status,
    map_columns,
)

_MAX_HEADER = 48
_MAX_CODE = 64
_MAX_FILLER = 24


@dataclass
class Paragraph:
    lines: Cell
    line: int

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def find_tables(page: Page) -> list[RawTable]:
    """Tables of one cell per paragraph; failing that, of one cell per line."""
    for paragraphs in (_paragraphs(page.lines), _single_lines(page.lines)):
        tables = _tables(paragraphs)
        if tables:
            return tables
    return []


def _paragraphs(lines: list[str]) -> list[Paragraph]:
    paragraphs: list[Paragraph] = []
    current: list[str] = []
    for number, line in enumerate([*lines, ""], start=1):
        if line.strip():
            current.append(line.strip())
        elif current:
            paragraphs.append(Paragraph(current, number - len(current)))
            current = []
    return paragraphs


def _single_lines(lines: list[str]) -> list[Paragraph]:
    return [Paragraph([line.strip()], n) for n, line in enumerate(lines, 1) if line.strip()]


def _is_header_word(paragraph: Paragraph) -> bool:
    return (
        len(paragraph.lines) == 1
        and len(paragraph.text) <= _MAX_HEADER
        and h.exact_field_of(paragraph.text) is not None
    )


def _is_filler(paragraph: Paragraph) -> bool:
    """A short label between header words (`No.`, `API`): a column whose field is unknown."""
    text = paragraph.text
    return (
        len(paragraph.lines) == 1
        and len(text) <= _MAX_FILLER
        and as_code(text) is None
        and not looks_like_status(text)
    )


def _header_runs(paragraphs: list[Paragraph]) -> list[tuple[int, int]]:
    """(start, end) of each run of header words (short labels between) naming an error table."""
    runs = []
    i = 0
    while i < len(paragraphs):
        if not _is_header_word(paragraphs[i]):
            i += 1
            continue
        end = last_word = i
        while end < len(paragraphs) and (
            _is_header_word(paragraphs[end]) or _is_filler(paragraphs[end])
        ):
            last_word = end if _is_header_word(paragraphs[end]) else last_word
            end += 1
        names = [p.text for p in paragraphs[i : last_word + 1]]
        if last_word > i and h.error_columns(names) is not None:
            runs.append((i, last_word + 1))
        i = last_word + 1
    return runs


def _tables(paragraphs: list[Paragraph]) -> list[RawTable]:
    runs = _header_runs(paragraphs)
    tables = []
    for number, (start, end) in enumerate(runs):
        stop = runs[number + 1][0] if number + 1 < len(runs) else len(paragraphs)
        header = paragraphs[start:end]
        body = paragraphs[end:stop]
        header = _trim_header(header, body)
        columns = map_columns([p.lines for p in header])
        if columns is None:
            continue
        names = [h.normalize_header(p.text) for p in header]
        rows = [
            RawRow(_assign(body[a:b], names, last=b == len(body)), body[a].line)
            for a, b in _row_spans(columns, body)
        ]
        tables.append(RawTable([p.lines for p in header], rows, header[0].line))
    return tables


def _trim_header(header: list[Paragraph], body: list[Paragraph]) -> list[Paragraph]:
    """Drop leading header words that are a heading, not a column ("Error Code Description").

    The first row starts right after the header, so the columns before the code
    column are exactly the paragraphs before the first code.
    """
    for drop in range(len(header) - 1):
        columns = map_columns([p.lines for p in header[drop:]])
        if columns is None:
            break
        spans = _row_spans(columns, body)
        if spans and spans[0][0] == 0:
            return header[drop:]
    return header


def _row_spans(columns: Columns, body: list[Paragraph]) -> list[tuple[int, int]]:
    """(first, end) paragraph index of each row, from where its code sits."""
    starts: list[int] = []
    floor = 0
    for j in range(columns.code, len(body)):
        start = j - columns.code
        if start >= floor and _starts_row(columns, body, j):
            starts.append(start)
            floor = j + 1
    spans = []
    for number, start in enumerate(starts):
        end = starts[number + 1] if number + 1 < len(starts) else len(body)
        if end - start <= columns.code + 1:
            break  # a code with nothing after it: a menu or footer list, the table is over
        spans.append((start, end))
    return spans


def _starts_row(columns: Columns, body: list[Paragraph], j: int) -> bool:
    """Is paragraph j the code cell of a row: a code (or `Other`) after its status?

    With a status column before the code, any one word after a status starts a
    row (so `400` / `Other` ends the row above). Without one, a code does; a bare
    status number is not taken for a code when the table has a status column.
    """
    paragraph = body[j]
    if len(paragraph.lines) != 1 or len(paragraph.text) > _MAX_CODE:
        return False
    text = paragraph.text
    status = columns.status
    if status is not None and status < columns.code:
        if not looks_like_status(body[j - (columns.code - status)].text):
            return False
        return as_code(text) is not None or is_footer_word(text) or " " not in text.strip()
    if status is not None and re.fullmatch(r"[1-5]\d\d", text):
        return False
    return as_code(text) is not None or is_footer_word(text)


def _assign(row: list[Paragraph], names: list[str], last: bool) -> list[Cell]:
    """A row's paragraphs -> one cell per column (see the module docstring)."""
    width = len(names)
    repeat = _repeated_run(row, names)
    if repeat is not None:
        first, size = repeat
        tail_columns = width - first - 2
        if last:
            row = row[: first + 2 * size + max(tail_columns, 0)]
        cells = [p.lines for p in row[:first]]
        pair = [line for p in row[first : first + size] for line in p.lines]
        cells += [pair, list(pair)]
        rest = row[first + 2 * size :]
        return cells + _spread(rest, tail_columns)
    if last:
        row = row[:width]
    return _spread(row, width)


def _spread(row: list[Paragraph], width: int) -> list[Cell]:
    """One paragraph per column, the last column taking whatever is left."""
    if width <= 0:
        return []
    cells = [p.lines for p in row[: width - 1]]
    cells += [[] for _ in range(width - 1 - len(cells))]
    cells.append([line for p in row[width - 1 :] for line in p.lines])
    return cells


def _repeated_run(row: list[Paragraph], names: list[str]) -> tuple[int, int] | None:
    """(first column, paragraphs per copy) where two same-named neighbour columns repeat a run."""
    if len(row) <= len(names):
        return None
    for first in range(len(names) - 1):
        if names[first] != names[first + 1]:
            continue
        texts = [p.text for p in row]
        longest = (len(texts) - first) // 2
        for size in range(longest, 0, -1):
            if texts[first : first + size] == texts[first + size : first + 2 * size]:
                return first, size
    return None
