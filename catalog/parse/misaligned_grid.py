"""A grid table docutils rejects as malformed, read leniently: rows by borders, cells by `|`.

Tools that pad CJK text by code points instead of display columns write grid
tables whose right borders do not line up for docutils. Their structure is
still plain: border lines (`+---+`, `+===+` under the header) separate rows,
and each physical line holds one piece of every cell between `|`s. Spans are
not recovered; a short row simply has fewer cells.
"""

from __future__ import annotations

import re

from catalog.parse.table import Cell, RawRow, RawTable, clean_lines

_ITEM = re.compile(r"^(?:[-*+]|#\.|\d+[.)])\s+")
_DIRECTIVE = re.compile(r"^\.\.\s+[\w-]+::\s*")


def read(lines: list[str], first_line: int) -> RawTable:
    """The table in `lines` (a grid block, dedented); `first_line` is its page line number."""
    rows: list[RawRow] = []
    header: list[Cell] = []
    pieces: list[list[str]] = []
    start = first_line
    for number, line in enumerate(lines, start=first_line):
        text = line.strip()
        if not text.startswith("+"):
            pieces.append(text.strip("|").split("|"))
            continue
        if pieces:
            rows.append(RawRow(_cells(pieces), start))
            pieces = []
        start = number + 1
        if "=" in text and not header and rows:
            header = rows[-1].cells
            rows = []
    return RawTable(header=header, rows=rows, line=first_line)


def _cells(pieces: list[list[str]]) -> list[Cell]:
    width = max(len(line) for line in pieces)
    return [_cell([line[i] if i < len(line) else "" for line in pieces]) for i in range(width)]


def _cell(texts: list[str]) -> Cell:
    """A cell's physical lines -> one line per paragraph or list item; directive markers dropped."""
    paragraphs: list[list[str]] = [[]]
    for text in (" ".join(piece.split()) for piece in texts):
        text = _DIRECTIVE.sub("", text)
        if not text or _ITEM.match(text):
            paragraphs.append([])
        paragraphs[-1].append(_ITEM.sub("", text))
    return clean_lines(" ".join(words) for words in paragraphs)
