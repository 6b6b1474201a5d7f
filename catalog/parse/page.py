"""What every family needs from the page text: line numbers and fenced code to leave alone."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")


@dataclass
class Page:
    """A page's text with its line starts and the line ranges of its ``` fenced blocks."""

    text: str
    line_starts: list[int] = field(init=False)
    fenced: list[tuple[int, int]] = field(init=False)  # 1-based, inclusive

    def __post_init__(self) -> None:
        self.line_starts = [0, *(m.end() for m in re.finditer("\n", self.text))]
        self.fenced = _fenced_lines(self.text.split("\n"))

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    def line_of(self, offset: int) -> int:
        """1-based line number of a character offset."""
        return bisect.bisect_right(self.line_starts, offset)

    def in_fence(self, line: int) -> bool:
        """Is this 1-based line inside a fenced code block (an example, never a table)?"""
        return any(start <= line <= end for start, end in self.fenced)

    def unfenced_text(self) -> str:
        """The text with fenced blocks blanked, line numbers kept."""
        if not self.fenced:
            return self.text
        lines = self.lines
        for start, end in self.fenced:
            for i in range(start - 1, end):
                lines[i] = ""
        return "\n".join(lines)


def _fenced_lines(lines: list[str]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    opened: tuple[int, str] | None = None
    for number, line in enumerate(lines, start=1):
        match = _FENCE.match(line)
        if opened is None and match:
            opened = (number, match.group(1)[0] * len(match.group(1)))
        elif opened is not None and match and match.group(1).startswith(opened[1]):
            spans.append((opened[0], number))
            opened = None
    if opened is not None:
        spans.append((opened[0], len(lines)))
    return spans
