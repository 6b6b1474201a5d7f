"""A grid table docutils rejects as malformed, read leniently: rows by borders, cells by `|`.

Tools that pad CJK text by code points instead of display columns write grid
tables whose right borders do not line up for docutils. Their structure is
still plain: border lines (`+---+`, `+===+` under the header) separate rows,
and each physical line holds one piece of every cell between `|`s. Padded by
code points, those `|`s stand under the border's `+`s, so a line is cut there
and a `|` inside cell text (a password rule `~!@#$%^&*-_=+|[`) stays text.
Spans are not recovered; a short row simply has fewer cells.
"""

from __future__ import annotations

import itertools
import re

from catalog.parse.table import Cell, RawRow, RawTable, clean_lines

_ITEM = re.compile(r"^(?:[-*+]|#\.|\d+[.)])\s+")
_DIRECTIVE = re.compile(r"^\.\.\s+[\w-]+::\s*")


def read(lines: list[str], first_line: int) -> RawTable:
    """The table in `lines` (a grid block, dedented); `first_line` is its page line number."""
    rows: list[RawRow] = []
    header: list[Cell] = []
    pieces: list[list[str]] = []
    corners: list[int] = []
    start = first_line
    for number, line in enumerate(lines, start=first_line):
        text = line.strip()
        if not text.startswith("+"):
            pieces.append(_split(line, corners))
            continue
        corners = [i for i, ch in enumerate(line) if ch == "+"]
        if pieces:
            rows.append(RawRow(_cells(pieces), start))
            pieces = []
        start = number + 1
        if "=" in text and not header and rows:
            header = rows[-1].cells
            rows = []
    return RawTable(header=header, rows=rows, line=first_line)


def _split(line: str, corners: list[int]) -> list[str]:
    """A line's cell pieces: cut under the border's `+`s when the line has a `|` at each,
    else at every `|` (a line whose separators wander off the border's columns)."""
    if len(corners) > 1 and all(i < len(line) and line[i] == "|" for i in corners):
        return [line[left + 1 : right] for left, right in itertools.pairwise(corners)]
    return line.strip().strip("|").split("|")


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
