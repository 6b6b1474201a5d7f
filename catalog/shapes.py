"""What a word's shape says of it: whether it can be a code, and how to tell an unknown one.

A word's signature is each of its characters as its kind (`SCM.0014` is `AAA.9999`), and it alone
says whether the word is shaped like a code. A paste repeats few signatures, so what each says is
worked out once per catalog and kept, and the words themselves are judged in bulk: the words of
one check share its slices.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from catalog.words import HAS_ANCHOR, HAS_NUMBER_ANCHOR

# A dotted code: a part led by a letter, up to four more parts, then the number.
DOTTED = re.compile(
    r"[A-Za-z][A-Za-z0-9_\-]{0,39}(?:\.[A-Za-z0-9][A-Za-z0-9_\-]{0,39}){0,4}\.[0-9]{1,12}"
)
SHORTEST_UNKNOWN_NUMBER = 3
# Each byte of a word as its kind: `A` for an upper-case letter, `a` lower-case, `9` a digit.
_KINDS = bytes(
    ord("A")
    if char.isupper()
    else ord("a")
    if char.islower()
    else ord("9")
    if char.isdigit()
    else byte
    for byte, char in ((byte, chr(byte)) for byte in range(128))
) + bytes(range(128, 256))
# An escape in a word (`\\nSCM.0014`, `%2CSCM.0031`): it alone splits a word into runs of code,
# its punctuation being trimmed as it is read.
_ESCAPES = re.compile(r"[\\%]")
# Cuts nothing.
NOTHING = slice(0, 0)
# Signatures kept per catalog before the cache starts afresh: a paste rarely has more than a few
# hundred, and an endless stream of new ones must not grow without bound.
_KEPT = 1 << 16


def signatures(words: list[str]) -> list[bytes]:
    """The signature of each word (a character past ASCII as `?`), the words translated at once."""
    if not words:
        return []
    return "\n".join(words).encode("ascii", "replace").translate(_KINDS).split(b"\n")


def is_plain(word: str) -> bool:
    """A dotted code and nothing else: a word that may be a code on its own. The shape comes
    first: it fails within a code's length, however long the word."""
    return DOTTED.fullmatch(word) is not None and HAS_NUMBER_ANCHOR.search(word) is not None


@dataclass(frozen=True, eq=False, slots=True)
class Check:
    """How to tell whether a plain word of one shape names an unknown code. Compared by identity:
    equal checks are one object (`Shapes` interns them), so words are grouped by check cheaply."""

    head: slice  # its prefix, which must be the catalog's; NOTHING when capitalised: any will do
    cuts: tuple[slice, ...]  # where a known code may be cut out of it: then it is not a code


class Shapes:
    """What each signature says of its words, for one catalog (given by its codes compared
    without case): the check that tells an unknown code, if its words can be one, and whether
    they hold runs of code among escapes. Worked out once per signature."""

    def __init__(self, keys: Collection[str]) -> None:
        dotted = [key.rpartition(".") for key in keys if "." in key]
        # A code's shape as lengths: of its first part, its prefix and its number.
        self._code_shapes = {
            (len(head.partition(".")[0]), len(head), len(number)) for head, _, number in dotted
        }
        self._prefix_lengths = {prefix for _, prefix, _ in self._code_shapes}
        # The check of each signature learnt, and those whose words hold runs: one pair, replaced
        # whole when full, so that a thread reading it meanwhile keeps a consistent one.
        self._learnt: tuple[dict[bytes, Check | None], set[bytes]] = ({}, set())
        self._interned: dict[tuple[int, ...], Check] = {}

    def read(self, signatures: list[bytes]) -> tuple[list[Check | None], list[bool]]:
        """The check of each signature (None when its words cannot be an unknown code), and
        whether its words hold runs (empty when none does)."""
        checks, runs = self._learnt
        try:
            found = list(map(checks.__getitem__, signatures))
        except KeyError:  # a signature not yet seen
            checks, runs = self._learn(set(signatures))
            found = list(map(checks.__getitem__, signatures))
        if runs.isdisjoint(signatures):
            return found, []
        return found, list(map(runs.__contains__, signatures))

    def _learn(self, signatures: set[bytes]) -> tuple[dict[bytes, Check | None], set[bytes]]:
        """Learn what these signatures say, starting afresh when the cache would overflow."""
        checks, runs = self._learnt
        if len(checks) + len(signatures) > _KEPT:
            checks, runs = self._learnt = {}, set()
        for signature in signatures.difference(checks):
            shape = signature.decode("ascii")
            plain = is_plain(shape)
            if not plain and _ESCAPES.search(shape) and HAS_ANCHOR.search(shape):
                runs.add(signature)
            checks[signature] = self._check_of(shape) if plain else None
        return checks, runs

    def _check_of(self, shape: str) -> Check | None:
        """The check of a plain shape, if its words may be unknown codes."""
        head, _, number = shape.rpartition(".")
        capital = _capitalised(head)
        # A prefix not capitalised must be the catalog's: of a length one of its prefixes has.
        if len(number) < SHORTEST_UNKNOWN_NUMBER or not (
            capital or len(head) in self._prefix_lengths
        ):
            return None
        return self._check(shape, head, len(number), capital=capital)

    def _check(self, signature: str, head: str, size: int, *, capital: bool) -> Check:
        """A known code may be cut out of a word by dropping a few leading letters (`XSCM.0014`)
        or trailing digits (`SCM.00145`). Only the cuts that could leave a code of a shape the
        catalog has (its lengths of first part, prefix and number) are worth trying."""
        first_part = len(head.partition(".")[0])
        tails = [
            (cut, len(signature))
            for cut in range(1, first_part)
            if (first_part - cut, len(head) - cut, size) in self._code_shapes
        ]
        truncations = [
            (0, len(head) + 1 + length)
            for length in range(1, size)
            if (first_part, len(head), length) in self._code_shapes
        ]
        prefix = (0, 0) if capital else (0, len(head))
        key = (*prefix, *(bound for cut in (*tails, *truncations) for bound in cut))
        check = self._interned.get(key)
        if check is None:
            cuts = tuple(slice(start, end) for start, end in (*tails, *truncations))
            check = self._interned[key] = Check(slice(*prefix), cuts)
        return check


def _capitalised(head: str) -> bool:
    """A prefix that may be a code's though the catalog lacks it: `APIGW`, `SVC.CCE-X`, not the
    `app.log` of a file name (a capital first, and no later part all lower-case)."""
    return head[0].isupper() and not any(part.islower() for part in head.split(".")[1:])
