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

import functools
import itertools
import re
from dataclasses import dataclass

from catalog.model import code_prefix
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
_HTTP_STATUS = re.compile(r"[1-5]\d\d")
_NO_STATUS = re.compile(r"[-–—]|N/?A", re.IGNORECASE)
_NAME_WORD = re.compile(r"[A-Z][a-z]{3,}")
_ENDS_SENTENCE = re.compile(r"[。.!！?？]$")
_CHROME = re.compile(
    r"(parent topic|previous topic|next topic|父主题|上一篇|下一篇)\s*[:：]"
    r"|©|copyright\b"
    r"|(feedback|意见反馈|was this (page )?helpful|文档内容是否对您有帮助)[?？]?$",
    re.IGNORECASE,
)


@dataclass
class Paragraph:
    lines: Cell
    line: int

    @functools.cached_property
    def text(self) -> str:
        return "\n".join(self.lines)

    @functools.cached_property
    def code(self) -> str | None:
        """The code this paragraph is when it is a code cell (asked of each many times)."""
        return as_code(self.text) if len(self.lines) == 1 else None


def find_tables(page: Page) -> list[RawTable]:
    """Tables of one cell per paragraph; failing that, of one cell per line (or per tab)."""
    for paragraphs in (_paragraphs(page.lines), _single_lines(page.lines)):
        tables = _tables(paragraphs)
        if any(table.rows for table in tables):  # a title and a section alone are no table
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
    """One paragraph per line, or per tab-separated cell: browsers save and copy a table
    as one line per row with a tab between its cells."""
    return [
        Paragraph([cell.strip()], n)
        for n, line in enumerate(lines, 1)
        for cell in line.split("\t")
        if cell.strip()
    ]


def _is_header_word(paragraph: Paragraph) -> bool:
    """A paragraph naming a column; `error_code` is a parameter's name in a cell, not a header.

    Headers set in capitals by the site's style (`MESSAGE`, `ERROR CODE`) are saved so:
    code-shaped, but plain words, and listed header words.
    """
    return (
        len(paragraph.lines) == 1
        and len(paragraph.text) <= _MAX_HEADER
        and h.plain_field_of(paragraph.text) is not None
        and (paragraph.code is None or _capital_header(paragraph.text))
    )


def _capital_header(text: str) -> bool:
    return (
        text.isupper() and text.replace(" ", "").isalpha() and h.listed_field_of(text) is not None
    )


def _is_filler(paragraph: Paragraph) -> bool:
    """A short label between header words (`No.`, `API`): a column whose field is unknown.

    A parameter table's header word (`参数类型`, `Type`) is no filler: it ends the run.
    """
    text = paragraph.text
    return (
        len(paragraph.lines) == 1
        and len(text) <= _MAX_FILLER
        and as_code(text) is None
        and not looks_like_status(text)
        and not h.is_not_error_column(text)
    )


def _header_runs(paragraphs: list[Paragraph]) -> list[tuple[int, int]]:
    """(start, end) of each run of header words (short labels between) naming an error table.

    A run right after a parameter table's header word (`参数类型`, `Type`) is the rest of
    that header and its first row (`描述`, then a parameter named `code`): no error table.
    """
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
        parameter_header = i > 0 and h.is_not_error_column(paragraphs[i - 1].text)
        if last_word > i and not parameter_header and h.error_columns(names) is not None:
            runs.append((i, last_word + 1))
        i = last_word + 1
    return runs


def _tables(paragraphs: list[Paragraph]) -> list[RawTable]:
    runs = _header_runs(paragraphs)
    tables = []
    for number, (start, end) in enumerate(runs):
        stop = runs[number + 1][0] if number + 1 < len(runs) else len(paragraphs)
        header = paragraphs[start:end]
        body = _article(_rows_split(paragraphs[end:stop]))
        header = _trim_header(header, body)
        columns = map_columns([p.lines for p in header])
        if columns is None:
            continue
        names = [h.normalize_header(p.text) for p in header]
        lead = _lead(columns)
        rows: list[RawRow] = []
        for row in _row_spans(columns, body):
            above = rows[-1].cells if rows else []
            inherited = [above[i] if i < len(above) else [] for i in range(lead - row.own)]
            own = [p.lines for p in body[row.first : row.anchor]]
            missing: list[Cell] = [[] for _ in range(lead, row.column)]
            cells = _assign(body[row.anchor : row.end], names[row.column :], row.end == len(body))
            rows.append(RawRow(inherited + own + missing + cells, body[row.first].line))
        tables.append(RawTable([p.lines for p in header], rows, header[0].line))
    return tables


def _rows_split(body: list[Paragraph]) -> list[Paragraph]:
    """A paragraph that is a whole row (its cells on consecutive lines, a blank line
    between rows) -> one paragraph per line; other paragraphs stay as they are.

    Such a row opens with a code (after a Module, maybe), or holds a status and a
    word right after it among its first lines; a cell of several lines does not.
    """
    out: list[Paragraph] = []
    for paragraph in body:
        lines = paragraph.lines
        if len(lines) > 1 and (_opens_with_code(lines) or _status_then_word(lines[:4])):
            out += [Paragraph([line], paragraph.line + n) for n, line in enumerate(lines)]
        else:
            out.append(paragraph)
    return out


def _opens_with_code(lines: list[str]) -> bool:
    """A code on the first line, or on the second after a short label (a Module)."""
    if as_code(lines[0]) is not None:
        return True
    label = len(lines[0]) <= _MAX_FILLER and not h.is_sentence(lines[0])
    return label and as_code(lines[1]) is not None


def _status_then_word(lines: list[str]) -> bool:
    return any(
        (looks_like_status(status) and _one_word(word)) or _unknown_status_then_code(status, word)
        for status, word in itertools.pairwise(lines)
    )


def _unknown_status_then_code(status: str, code: str) -> bool:
    """A status cell marked empty (`-`, `—`, `N/A`) before a code: a row whose status is
    unknown. A status number after a `-` (an empty last cell) is the next row's status."""
    return (
        _NO_STATUS.fullmatch(status) is not None
        and as_code(code) is not None
        and not _HTTP_STATUS.fullmatch(code)
    )


def _one_word(text: str) -> bool:
    """A code, or a single word such as `Other` (a code cell that is not a sentence)."""
    return len(text) <= _MAX_CODE and (as_code(text) is not None or " " not in text.strip())


def _article(body: list[Paragraph]) -> list[Paragraph]:
    """The body up to the site's footer ("Parent topic:", "上一篇：", "Feedback", "©…")."""
    for i, paragraph in enumerate(body):
        if len(paragraph.lines) == 1 and _CHROME.match(paragraph.text):
            return body[:i]
    return body


def _trim_header(header: list[Paragraph], body: list[Paragraph]) -> list[Paragraph]:
    """Drop leading header words that are a heading, not a column ("Error Code Description").

    The first row starts right after the header with its first column, so the
    columns before the code column are exactly the paragraphs before the first code.
    A header has one code column (`错误码` above `业务错误码` is a heading) and starts
    at a header word (`错误码` / `Service 异常` / `错误码` / `值`: a title, a section, the header).
    """
    fallback = None
    for drop in range(len(header) - 1):
        columns = map_columns([p.lines for p in header[drop:]])
        if columns is None:
            break
        if columns.fields.count(h.CODE) > 1 or not _is_header_word(header[drop]):
            continue
        fallback = fallback or header[drop:]
        rows = _row_spans(columns, body)
        if rows and rows[0].first == 0 and rows[0].own == rows[0].column:
            return header[drop:]
    return fallback or header


@dataclass
class _Start:
    """Where a row begins: at `anchor`, its status (or code when no status precedes it),
    which fills `column`; `own` paragraphs before it fill the columns before (a Module)."""

    anchor: int
    column: int
    code: int
    own: int = 0
    end: int = 0

    @property
    def first(self) -> int:
        return self.anchor - self.own


def _row_spans(columns: Columns, body: list[Paragraph]) -> list[_Start]:
    """Each row of the table, from where its code sits, with the paragraphs it owns.

    The columns before a row's status (a Module) are the paragraphs just before
    it. Under a `rowspan` they are missing: when the row above has no
    paragraphs to spare for them, the row takes those cells from the row above.
    A status cell left empty gives no paragraph: that row starts at its code.
    A spare paragraph ending like a sentence is the row above's last cell running on
    (a solution of several paragraphs), not a module: that row keeps the module above.
    """
    starts = _row_starts(columns, body)
    lead = _lead(columns)
    previous: _Start | None = None
    for start in starts:
        if previous is None:
            spare = start.anchor
        else:
            spare = start.anchor - previous.anchor - (columns.width - previous.column)
        own = body[start.anchor - min(lead, max(spare, 0)) : start.anchor]
        spilled = any(_ENDS_SENTENCE.search(paragraph.text) for paragraph in own)
        start.own = 0 if spilled else len(own)
        previous = start
    for number, start in enumerate(starts):
        start.end = starts[number + 1].first if number + 1 < len(starts) else len(body)
    kept = []
    for number, start in enumerate(starts):
        following = starts[number + 1] if number + 1 < len(starts) else None
        if (
            _bare(columns, start)
            and (
                (following is None and number == 0)
                or (following is not None and _bare(columns, following) and _coded(body, following))
            )
            and not _like_the_row_above(body, kept, start)
        ):
            break  # codes with nothing after them: a menu or a list of links, the table is over
        kept.append(start)
    return _without_menu_tail(kept, body)


def _like_the_row_above(body: list[Paragraph], kept: list[_Start], start: _Start) -> bool:
    """A bare code of the kind of the row above (`10000009` under `10000008`, `VOD.10062`
    under `VOD.10061`) is a row whose cells were empty, not a menu: menus list names."""
    if not kept:
        return False
    kind = code_kind(body[kept[-1].code].code or "")
    return kind not in ("", _NAME) and kind == code_kind(body[start.code].code or "")


def _bare(columns: Columns, start: _Start) -> bool:
    """A row that is a code alone, no status before it and nothing after it."""
    return start.column >= columns.code and start.end == start.code + 1


def _coded(body: list[Paragraph], start: _Start) -> bool:
    """Is the row anchored on a code? `其他`/`Other` (the table's footer) is no menu item:
    a last row whose cells all vanished may stand bare just before it."""
    return body[start.code].code is not None


def _without_menu_tail(starts: list[_Start], body: list[Paragraph]) -> list[_Start]:
    """Drop trailing rows coded by product names (`ModelArts`, `GaussDB`) after a table
    whose codes hold a digit or a dot: a menu of the site below the table."""
    kinds = [code_kind(body[start.code].code or "") for start in starts]
    tail = len(starts)
    while tail > 0 and kinds[tail - 1] == _NAME:
        tail -= 1
    if len(starts) - tail >= 2 and tail > 0 and _NAME not in kinds[:tail]:
        return starts[:tail]
    return starts


def _row_starts(columns: Columns, body: list[Paragraph]) -> list[_Start]:
    starts: list[_Start] = []
    floor = 0
    for j in range(len(body)):
        start = _start_at(columns, body, j, starts)
        if start is not None and start.first >= floor:
            starts.append(start)
            floor = j + 1
    return starts


def _lead(columns: Columns) -> int:
    """How many columns come before a row's anchor: the status when it precedes the code."""
    status = columns.status
    return status if status is not None and status < columns.code else columns.code


def _start_at(
    columns: Columns, body: list[Paragraph], j: int, starts: list[_Start]
) -> _Start | None:
    """The row that paragraph j is the code cell of, if any.

    With a status column before the code, any one word after a status starts a
    row (so `400` / `Other` ends the row above). Without one, a code does; a bare
    status number is not taken for a code when the table has a status column.
    A code of the same kind as the row above's starts a row even with no status
    before it (an empty status cell leaves no paragraph), and so does a lone
    capitalised word in a table of names once the row above has all its cells.
    """
    paragraph = body[j]
    if len(paragraph.lines) != 1 or len(paragraph.text) > _MAX_CODE:
        return None
    text = paragraph.text
    status = columns.status
    if status is not None and status < columns.code:
        gap = columns.code - status
        before = body[j - gap].text if j >= gap else ""
        if looks_like_status(before) and (_one_word(text) or is_footer_word(text)):
            return _Start(j - gap, status, j)
        if _unknown_status_then_code(before, text):
            return _Start(j - gap, status, j)
    elif (
        (paragraph.code is not None or is_footer_word(text))
        and (status is None or not _HTTP_STATUS.fullmatch(text))
        and not _module_of_next_row(columns, body, j)
        and not _value_of_row_above(columns, body, j, starts)
    ):
        return _Start(j, columns.code, j)
    if starts and _same_kind(columns, body, j, starts):
        return _Start(j, columns.code, j)
    return None


def _module_of_next_row(columns: Columns, body: list[Paragraph], j: int) -> bool:
    """`APIG` right above `APIG.0101`: a code-shaped paragraph just before a code, in a table
    with a column (a Module) before its code column, is that row's module, not a row.

    Codes are followed by their message, never by another code, so the first of two
    is the cell before the second. Names after names (`GaussDB`, `ModelArts`) are a
    menu of the site, not modules: the next code must hold more than a name, unless
    a column before the code numbers the rows (`10` above `NOT_FOUND`).
    """
    following = body[j + 1].code if columns.code > 0 and j + 1 < len(body) else None
    if following is None or (columns.status is not None and _HTTP_STATUS.fullmatch(following)):
        return False  # a status after the code (`DWS.0001` / `400`) is a cell, not a code
    numbered = h.INDEX in columns.fields[: columns.code] and body[j].text.isdigit()
    return numbered or code_kind(following) != _NAME


def _value_of_row_above(
    columns: Columns, body: list[Paragraph], j: int, starts: list[_Start]
) -> bool:
    """`INTERNAL_ERROR` then `10000`: a number right after a named row's code, under an
    unnamed column beside the code column (`值`, the code's numeric value), is a cell."""
    after = columns.code + 1
    if not starts or starts[-1].code != j - 1 or after >= columns.width:
        return False
    above = body[j - 1].code or ""
    return columns.fields[after] is None and body[j].text.isdigit() and not above.isdigit()


def _same_kind(columns: Columns, body: list[Paragraph], j: int, starts: list[_Start]) -> bool:
    """Is paragraph j a code like the ones of the rows above (an anchor without its status)?

    A lone capitalised word (`Unauthorized`) counts only among names, and only once
    the row above has a paragraph for every column or a status sits where this
    row's status column would be.
    """
    kind = next((code_kind(c) for s in reversed(starts) if (c := body[s.code].code)), "")
    if not _may_be_of_kind(body[j].text, kind):
        return False  # (a cheap look first: this is asked of every paragraph of the table)
    code = body[j].code
    if code is not None:
        return kind == code_kind(code) != ""
    if kind != _NAME or _NAME_WORD.fullmatch(body[j].text) is None:
        return False
    above = starts[-1]
    filled = j - above.first >= columns.width - above.column
    status = columns.status
    at_status = j + (status - columns.code) if status is not None and status > columns.code else j
    return filled or (at_status < len(body) and looks_like_status(body[at_status].text))


_NAME = "name"


def _may_be_of_kind(text: str, kind: str) -> bool:
    if kind.startswith("prefix "):
        return text.casefold().startswith(kind.removeprefix("prefix "))
    if kind.startswith("number "):
        return text[:1].isdigit()
    return kind == _NAME and text.strip().count(" ") <= 1  # `…InPost Request`: a typo


def code_kind(code: str) -> str:
    """What a row's code shares with its neighbours: its prefix, its length as a number, or
    being a name; "" when none of these (a code that is too odd to vouch for another)."""
    prefix = code_prefix(code)
    if prefix:
        return "prefix " + prefix.casefold()
    if code.isdigit():
        return f"number {len(code)}"
    if not any(ch.isdigit() for ch in code):
        return _NAME
    return ""


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
