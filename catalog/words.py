"""The words of pasted text that may hold a code, and where each starts.

A code is read from a word: a run of code characters, cut out whole so that a code inside a longer
token (`XSCM.0014`, `scm.0014.example.com`) is never cut out of it. Only words with an anchor (a
dot with a letter before it and a digit, or a few letters then a digit, after it) can hold a
dotted code. In ordinary text the regular-expression engine searches for anchors at C speed and
reads the word around each; in text thick with dots every word is split out at once instead. Both
are linear in the text. A word's closing dots and italic underscores are not part of it.
"""

from __future__ import annotations

import itertools
import operator
import re
import string
from typing import NamedTuple

# Codes are read from words: runs of code characters, with the backslash and percent sign of an
# escape (`\nSCM.0014`, `\u0022SCM.0014`, `%2CSCM.0031`) kept in the word so that the letters of
# the escape are never read as the start of a code.
_CODE_CHARACTERS = string.ascii_letters + string.digits + "_.-"
_WORD = _CODE_CHARACTERS + "\\%"
# A word holds a code only where a dot has a letter before it (or two letters and at most three
# digits: `SVC7.0001`, not `v2.0`) and a digit after it, or a letter before it and a few letters
# then a digit after it (`DRS.M00002`, `DRS.KE0002`); IPs, decimals and timestamps have none.
# The lookbehinds come after the literal dot so that the engine searches for the dot alone.
_ANCHOR = re.compile(
    r"\.(?:(?=[0-9])"
    r"(?:(?<=[A-Za-z]\.)|(?<=[A-Za-z]{2}[0-9]\.)|(?<=[A-Za-z]{2}[0-9]{2}\.)"
    r"|(?<=[A-Za-z]{2}[0-9]{3}\.))"
    r"|(?=[A-Za-z]{1,3}[0-9])(?<=[A-Za-z]\.))"
    r"[A-Za-z0-9_.\-\\%]+"
)
# The same anchor read on the reversed text, then the rest of the word: where the word starts.
_ANCHOR_REVERSED = re.compile(
    r"\.(?:(?<=[0-9]\.)(?=[A-Za-z]|[0-9]{1,3}[A-Za-z]{2})"
    r"|(?<=[A-Za-z]\.)(?=[A-Za-z])"
    r"(?:(?<=[0-9][A-Za-z]\.)|(?<=[0-9][A-Za-z]{2}\.)|(?<=[0-9][A-Za-z]{3}\.)))"
    r"[A-Za-z0-9_.\-\\%]+"
)
# Whether a word has an anchor, and one with a digit right after the dot: a dotted code needs it.
HAS_NUMBER_ANCHOR = re.compile(r"[A-Za-z]\.[0-9]|[A-Za-z]{2}[0-9]{1,3}\.[0-9]")
HAS_ANCHOR = re.compile(rf"{HAS_NUMBER_ANCHOR.pattern}|[A-Za-z]\.[A-Za-z]{{1,3}}[0-9]")
# Every byte that is not a word character, as a space: a text encoded one byte per character.
_SPACE = 0x20
_MASK = bytes(byte if chr(byte) in _WORD else _SPACE for byte in range(256))
# A masked text of the runs of code characters in words with escapes: the escapes are blanked
# first (`\\n`, `\\u0022`, `%2C`), then what is not a code character.
_RUN_MASK = bytes(byte if chr(byte) in _CODE_CHARACTERS else _SPACE for byte in range(256))
_CHARACTER_ESCAPES = (b"\\n", b"\\t", b"\\r", b"\\b", b"\\f")
_CODED_ESCAPES = (  # how each starts, the escape, and its blank
    (b"\\u", re.compile(rb"\\u[0-9A-Fa-f]{4}"), b" " * 6),
    (b"%", re.compile(rb"%[0-9A-Fa-f]{2}"), b" " * 3),
)
# A masked text with the punctuation that may end a word (`.`, `-`, `_`) all as `.`.
_EDGES = bytes.maketrans(b"-_", b"..")
# A masked text with the roles swapped: its gaps as words.
_GAPS = bytes(ord("x") if byte == _SPACE else _SPACE for byte in range(256))
# Above one dot in this many characters, words are cut out at C speed rather than one per dot.
_DENSE = 16


class Words(NamedTuple):
    """The words of a text that may hold a code: every occurrence in order and where each starts,
    and each distinct word in order of first appearance with its first start."""

    every: list[str]
    starts: list[int]
    distinct: list[str]
    first_starts: list[int]


def read_words(text: str) -> Words:
    """The words of `text` that may hold a code: read from their anchors, or, in text thick with
    dots, all of them at once."""
    dense = text.count(".") * _DENSE > len(text)
    every, starts = dense_words(text) if dense else anchored_words(text)
    if len(set(every)) == len(every):  # each word once, as dense pastes of codes have them
        return Words(every, starts, every, starts)
    firsts = dict(zip(every, starts, strict=True))  # in order of first appearance
    firsts.update(zip(reversed(every), reversed(starts), strict=True))  # the first start wins
    return Words(every, starts, list(firsts), list(firsts.values()))


def anchored_words(text: str) -> tuple[list[str], list[int]]:
    """The words with an anchor and where they start, found from each anchor: a word ends where
    the forward match from its first anchor ends, and starts where the match from its last anchor
    on the reversed text ends. One match each way per word: linear."""
    ends = list(map(re.Match.end, _ANCHOR.finditer(text)))
    if not ends:
        return [], []
    reversed_ends = map(re.Match.end, _ANCHOR_REVERSED.finditer(text[::-1]))
    starts = list(map(operator.sub, itertools.repeat(len(text)), reversed_ends))
    starts.reverse()
    return _trimmed(list(map(text.__getitem__, map(slice, starts, ends))), starts)


def dense_words(text: str) -> tuple[list[str], list[int]]:
    """Every word, trimmed, and where it starts, for a text thick with dots, at C speed."""
    return _split(text.encode("latin-1", "replace").translate(_MASK))


def escaped_runs(text: str) -> tuple[list[str], list[int]]:
    """The runs of code characters in words with escapes (`\\nSCM.0014`, `%2CSCM.0031`), past the
    escapes, and where each starts, trimmed as words are. Each escape is blanked at C speed, one
    space per character, so that what it escapes is never read as the start of a code."""
    encoded = text.encode("latin-1", "replace")
    for escape in _CHARACTER_ESCAPES:
        if escape in encoded:
            encoded = encoded.replace(escape, b"  ")
    for lead, escape, blank in _CODED_ESCAPES:
        if lead in encoded:
            encoded = escape.sub(blank, encoded)
    return _split(encoded.translate(_RUN_MASK))


def _split(masked: bytes) -> tuple[list[str], list[int]]:
    """The words of a text encoded one byte per character, all else masked as spaces, trimmed,
    and where each starts: the sum of the lengths of the words and gaps before it (the gaps split
    out of the same bytes with the roles swapped). The masked text says at C speed whether any
    word has punctuation to trim."""
    every = masked.decode("ascii").split()
    if not every:
        return [], []
    gaps = masked.translate(_GAPS).split()
    lead = len(gaps.pop(0)) if masked[0] == _SPACE else 0
    lengths = map(operator.add, map(len, every), map(len, gaps))
    starts = list(itertools.accumulate(lengths, initial=lead))
    del starts[len(every) :]
    punctuated = masked.translate(_EDGES)  # `.`, `-` and `_` as `.`
    if b". " in punctuated or b" _" in masked or punctuated.endswith(b".") or masked[:1] == b"_":
        return _trimmed(every, starts)
    return every, starts


def _trimmed(every: list[str], starts: list[int]) -> tuple[list[str], list[int]]:
    """The words without what punctuates them rather than belongs to them: a sentence's closing
    dots (`SCM.0014.`) and Slack's `_italic_` marks, so that such a word is read as the code it
    holds. A word of punctuation alone is dropped."""
    every = list(map(str.rstrip, every, itertools.repeat("._-")))
    italic = list(map(str.startswith, every, itertools.repeat("_")))
    if any(italic):
        every = list(map(str.removeprefix, every, itertools.repeat("_")))
        starts = list(map(operator.add, starts, italic))
    if all(every):
        return every, starts
    kept = list(map(bool, every))
    return list(itertools.compress(every, kept)), list(itertools.compress(starts, kept))
