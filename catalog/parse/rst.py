"""Family 3: reStructuredText grid tables (and simple, list and CSV tables docutils gives too).

The page is parsed with docutils, quietly: unknown directives and roles in the
rest of the page become silent error nodes instead of stopping the build.
Each `entry` keeps its paragraphs, list items and `.. note::` blocks as lines;
`morerows`/`morecols` spans are expanded like HTML spans.
"""

from __future__ import annotations

import functools
import io
import re
import textwrap

import docutils.frontend
import docutils.nodes as nodes
import docutils.parsers.rst
import docutils.utils

from catalog.parse import misaligned_grid
from catalog.parse.page import Page
from catalog.parse.table import Cell, RawRow, RawTable, SpanCell, clean_lines, expand_spans

_GRID_BORDER = re.compile(r"\+[-=]{3,}[-=+]*\+")
# a list or CSV table's directive (its caption may follow), or a simple table's border
_OTHER_TABLES = re.compile(
    r"^[ \t]*(\.\. +(list|csv)-table::.*|={3,}( +={3,})+[ \t]*)$", re.MULTILINE
)
_LINE_BLOCKS = (nodes.paragraph, nodes.line, nodes.title, nodes.rubric, nodes.term)


def find_tables(page: Page) -> list[RawTable]:
    """Every table of the page: grid tables one block at a time, then simple and list tables.

    Each grid block is parsed on its own so one that docutils rejects (borders
    counted in characters rather than display columns, as tools that pad CJK
    text by code points write them) can be read by `misaligned_grid` instead.
    """
    lines = page.unfenced_text().split("\n")
    tables = []
    for start, end in grid_blocks(lines):
        block = textwrap.dedent("\n".join(lines[start:end]))
        found = [_raw_table(table, start) for table in _parse(block).findall(nodes.table)]
        tables.extend(found or [misaligned_grid.read(block.split("\n"), start + 1)])
        lines[start:end] = [""] * (end - start)
    rest = "\n".join(lines)
    if _OTHER_TABLES.search(rest):
        tables.extend(_raw_table(table, 0) for table in _parse(rest).findall(nodes.table))
    return tables


def grid_blocks(lines: list[str]) -> list[tuple[int, int]]:
    """(start, end) line indexes of each grid table: a border line, then `+`/`|` lines."""
    blocks = []
    i = 0
    while i < len(lines):
        if _GRID_BORDER.fullmatch(lines[i].strip()):
            end = i + 1
            while end < len(lines) and lines[end].strip()[:1] in ("+", "|"):
                end += 1
            if end - i >= 3:
                blocks.append((i, end))
            i = end
        else:
            i += 1
    return blocks


@functools.cache
def _settings() -> docutils.frontend.Values:
    settings = docutils.frontend.get_default_settings(docutils.parsers.rst.Parser)
    settings.report_level = 5
    settings.halt_level = 5
    settings.warning_stream = io.StringIO()
    settings.file_insertion_enabled = False
    settings.raw_enabled = False
    return settings


def _parse(text: str) -> nodes.document:
    settings = _settings()
    settings.warning_stream = io.StringIO()
    document = docutils.utils.new_document("page", settings)
    docutils.parsers.rst.Parser().parse(text, document)
    return document


def _raw_table(table: nodes.table, offset: int) -> RawTable:
    tgroup = next(iter(table.findall(nodes.tgroup)))
    head = [row for part in tgroup.children if isinstance(part, nodes.thead) for row in part]
    body = [row for part in tgroup.children if isinstance(part, nodes.tbody) for row in part]
    grid = expand_spans([_span_cells(row) for row in [*head, *body]])
    rows = [
        RawRow(cells, offset + (_line(row) or 0))
        for cells, row in zip(grid, [*head, *body], strict=True)
    ]
    line = offset + (_line(table) or 1)
    if head:
        return RawTable(header=rows[len(head) - 1].cells, rows=rows[len(head) :], line=line)
    return RawTable(header=[], rows=rows, line=line)


def _line(node: nodes.Node) -> int | None:
    for candidate in [node, *node.findall(nodes.Element)]:
        if candidate.line:
            return candidate.line
    return None


def _span_cells(row: nodes.row) -> list[SpanCell]:
    return [
        SpanCell(entry_lines(entry), entry.get("morerows", 0) + 1, entry.get("morecols", 0) + 1)
        for entry in row.children
        if isinstance(entry, nodes.entry)
    ]


def entry_lines(entry: nodes.Element) -> Cell:
    """One line per paragraph, list item or note paragraph; a wrapped paragraph is one line."""
    lines: list[str] = []
    _collect(entry, lines)
    return clean_lines(lines)


def _collect(node: nodes.Node, lines: list[str]) -> None:
    if isinstance(node, nodes.system_message | nodes.comment):
        return
    if isinstance(node, _LINE_BLOCKS):
        lines.append(" ".join(node.astext().split()))
    elif isinstance(node, nodes.literal_block):
        lines.extend(node.astext().split("\n"))
    elif isinstance(node, nodes.Text):
        lines.append(str(node))
    else:
        for child in node.children:
            _collect(child, lines)
