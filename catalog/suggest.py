"""Typo suggestions: the catalog codes nearest to a code the catalog does not know.

Swapped digits are the commonest typo, so distance is `rapidfuzz.distance.OSA`
(a transposition costs 1) and, among equals, a candidate that a transposition
explains (OSA below Levenshtein) comes first: `SCM.0041` -> `SCM.0014` before
`SCM.0031`. Then candidates of the prefix that was typed, then the codes asked
for most often, then the code itself.

A full scan of 100,000 codes costs ~13 ms, so codes are grouped by prefix: the
query's prefix is compared with each distinct prefix, and only the groups
within reach are scanned for the rest. Every candidate is then measured on the
whole code, so the distances shown are exact.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA, Levenshtein

from catalog.codes import normalize
from catalog.model import Entry

MAX_SHOWN = 10  # ties with the last suggestion shown are added up to this many in all
_SEPARATORS = re.compile(r"[._\-]+")
_LETTERS_DIGITS = re.compile(r"([^\d.]+)(\d.*)")


@dataclass(frozen=True, slots=True)
class Suggestion:
    code: str  # as the catalog writes it (first variant)
    distance: int  # OSA distance from what was asked (after normalisation)
    transposition: bool  # OSA < Levenshtein: a swap explains it
    message: str  # the first variant's message (one line)


def separator_key(code: str) -> str:
    """A code compared without case, width or separators: `SCM-0014`, `scm 0014` -> `scm.0014`."""
    return _SEPARATORS.sub(".", ".".join(map(normalize, code.split()))).strip(".")


def max_distance(key: str) -> int:
    """How far a suggestion may be: one edit for short codes, up to three for long ones."""
    return 1 if len(key) <= 5 else 2 if len(key) <= 12 else 3


def first_line(text: str) -> str:
    return text.strip().split("\n", 1)[0].strip()


class Suggester:
    """Nearest codes among the first variant of every catalog code."""

    def __init__(self, firsts: Sequence[Entry]) -> None:
        self._entries = list(firsts)
        self._keys = [separator_key(entry.code) for entry in self._entries]
        self._groups: dict[str, tuple[list[str], list[int]]] = {}
        for index, key in enumerate(self._keys):
            head, _, tail = key.rpartition(".")
            tails, indexes = self._groups.setdefault(head, ([], []))
            tails.append(tail)
            indexes.append(index)
        self._heads = list(self._groups)

    def suggest(
        self, asked: str, limit: int = 5, popularity: Mapping[str, int] | None = None
    ) -> list[Suggestion]:
        """Best first; every candidate tied with the last shown is shown too (up to MAX_SHOWN)."""
        query = separator_key(asked)
        if not query or limit <= 0:
            return []
        reach = max_distance(query)
        typed_head = readings(query)[0][0]
        popularity = popularity or {}
        ranked = []
        for index in self._within(query, reach):
            key = self._keys[index]
            distance = OSA.distance(query, key, score_cutoff=reach)
            if distance > reach:
                continue
            entry = self._entries[index]
            swap = Levenshtein.distance(query, key) > distance
            other_prefix = key.rpartition(".")[0] != typed_head
            rank = (distance, not swap, other_prefix, -popularity.get(entry.key, 0))
            ranked.append((rank, entry.code.casefold(), distance, swap, entry))
        ranked.sort(key=lambda item: item[:2])
        shown = ranked[:limit]
        for item in ranked[limit : max(limit, MAX_SHOWN)]:
            if item[0] != shown[-1][0]:
                break
            shown.append(item)
        return [
            Suggestion(entry.code, distance, swap, first_line(entry.message))
            for _, _, distance, swap, entry in shown
        ]

    def _within(self, query: str, reach: int) -> set[int]:
        """Indexes of codes whose prefix and number are each within reach of the query's."""
        found: set[int] = set()
        for head, tail, cost in readings(query):
            budget = reach - cost
            if budget < 0:
                continue
            for near, head_distance, _ in process.extract(
                head, self._heads, scorer=OSA.distance, score_cutoff=budget, limit=None
            ):
                tails, indexes = self._groups[near]
                left = budget - head_distance
                for _, _, position in process.extract(
                    tail, tails, scorer=OSA.distance, score_cutoff=left, limit=None
                ):
                    found.add(indexes[position])
        return found


def readings(query: str) -> list[tuple[str, str, int]]:
    """Ways to read a query as (prefix, number, cost of a missing separator), most likely first."""
    head, dot, tail = query.rpartition(".")
    if dot:
        splits = [(head, tail, 0)]
        first_head, _, first_tail = query.partition(".")
        if first_head != head:
            splits.append((first_head, first_tail, 0))
        return splits
    glued = _LETTERS_DIGITS.fullmatch(query)
    if glued:  # APIG0308: the separator was left out
        return [(glued[1], glued[2], 1), ("", query, 0)]
    return [("", query, 0)]
