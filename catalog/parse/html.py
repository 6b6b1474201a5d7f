"""Family 1: Markdown pages holding HTML `<table>`s (the seeds' family).

Each top-level `<table>…</table>` of the page is cut out and parsed with lxml,
so prose around it (placeholders like `<project_id>`, Markdown) cannot disturb
it. Row and column spans are expanded into a grid; `<p>`, `<br>`, `<li>` in a
cell become separate lines; `<a name>`/`id` noise carries no text and vanishes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import lxml.etree
import lxml.html

from catalog.parse.page import Page
from catalog.parse.table import (
    Cell,
    RawRow,
    RawTable,
    SpanCell,
    clean_lines,
    expand_spans,
    find_header,
)

_TABLE_TAG = re.compile(r"<(/?)table\b[^>]*>", re.IGNORECASE)
_BLOCKS = frozenset(
    {"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "br", "tr", "table", "thead", "tbody"}
    | {"tfoot", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "section", "hr"}
    | {"caption"}
)
_BREAK = "\x00"  # a line break; source newlines are only white space in HTML
_SKIPPED = frozenset({"script", "style", "head", "title"})


def find_tables(page: Page) -> list[RawTable]:
    """Every top-level HTML table outside fenced code, in page order."""
    tables = []
    for start, end in _table_spans(page.text):
        line = page.line_of(start)
        if page.in_fence(line):
            continue
        try:
            root = lxml.html.fragment_fromstring(page.text[start:end])
        except (lxml.etree.ParserError, ValueError):
            continue
        tables.extend(_error_or_inner_tables(root, line))
    return tables


def _error_or_inner_tables(table: lxml.html.HtmlElement, first_line: int) -> list[RawTable]:
    """The table itself when it is an error table; else the tables inside it (a layout table)."""
    raw = _raw_table(table, first_line)
    if find_header(raw) is not None:
        return [raw]
    inner = [
        element
        for element in table.iterdescendants("table")
        if next(element.iterancestors("table")) is table
    ]
    found = [
        found
        for element in inner
        for found in _error_or_inner_tables(element, first_line + (element.sourceline or 1) - 1)
    ]
    return found or [raw]


def _table_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each outermost `<table>…</table>`; nested tables stay inside."""
    depth, start = 0, 0
    for tag in _TABLE_TAG.finditer(text):
        if not tag.group(1):
            if depth == 0:
                start = tag.start()
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                yield start, tag.end()
    if depth:
        yield start, len(text)


def _raw_table(table: lxml.html.HtmlElement, first_line: int) -> RawTable:
    header_rows = table.xpath("./thead/tr")
    body_rows = table.xpath("./tr | ./tbody/tr | ./tfoot/tr")
    grid = expand_spans([_span_cells(tr) for tr in [*header_rows, *body_rows]])
    lines = [first_line + (tr.sourceline or 1) - 1 for tr in [*header_rows, *body_rows]]
    rows = [RawRow(cells, line) for cells, line in zip(grid, lines, strict=True)]
    if header_rows:
        header, rows = rows[len(header_rows) - 1].cells, rows[len(header_rows) :]
        return RawTable(header=header, rows=rows, line=first_line)
    return RawTable(header=[], rows=rows, line=first_line)


def _span_cells(tr: lxml.html.HtmlElement) -> list[SpanCell]:
    return [
        SpanCell(cell_lines(td), _span(td, "rowspan"), _span(td, "colspan"))
        for td in tr
        if isinstance(td.tag, str) and td.tag.lower() in ("td", "th")
    ]


def _span(td: lxml.html.HtmlElement, name: str) -> int:
    digits = re.match(r"\s*(\d+)", td.get(name, "") or "")
    return max(int(digits.group(1)), 1) if digits else 1


def cell_lines(element: lxml.html.HtmlElement) -> Cell:
    """The cell's text, one line per block (`<p>`, `<li>`, `<br>`…), white space collapsed."""
    parts: list[str] = []
    _collect(element, parts)
    return clean_lines("".join(parts).split(_BREAK))


def _collect(element: lxml.html.HtmlElement, parts: list[str]) -> None:
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    if tag in _SKIPPED or not tag:  # comments and processing instructions carry no text
        return
    block = tag in _BLOCKS
    if block:
        parts.append(_BREAK)
    if element.text:
        parts.append(element.text)
    for child in element:
        _collect(child, parts)
        if child.tail:
            parts.append(child.tail)
    if block or tag in ("td", "th"):
        parts.append(_BREAK)
