"""The words of a text as free-text search sees them: English stems and CJK bigrams.

Chinese has no spaces, so a run of CJK characters is indexed as overlapping
bigrams: a two-character query (`私钥`) is then one token, and a longer one
(`证书和私钥不匹配`) is a phrase of consecutive bigrams. English words are
reduced by a light stemmer so that `expired` finds `expires`.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0002fa1f"
_TOKENS = re.compile(rf"([{_CJK}]+)|([^\W_{_CJK}]+)")
_CJK_CHAR = re.compile(f"[{_CJK}]")

STOPWORDS = frozenset(
    {"a", "an", "and", "are", "as", "at", "be", "been", "by", "for", "from", "has", "have", "if"}
    | {"in", "into", "is", "it", "its", "of", "on", "or", "that", "the", "their", "there", "this"}
    | {"to", "was", "were", "which", "with"}
)
# Suffixes tried in order; the first that leaves a stem of three letters or more wins.
_SUFFIXES = (("sses", "ss"), ("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""))
_KEEP_S = ("ss", "us", "is")


def plain(text: str) -> str:
    """Text as compared: NFKC (full-width letters become ASCII), without case."""
    return unicodedata.normalize("NFKC", text).casefold()


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A light English stemmer: `expires`, `expired`, `expiring`, `expire` -> `expir`."""
    if len(word) <= 3 or not word.isalpha():
        return word
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + replacement
            break
    else:
        if word.endswith("s") and not word.endswith(_KEEP_S):
            word = word[:-1]
    if len(word) >= 4 and word[-1] == word[-2] and word[-1] not in "aeioulsz":
        word = word[:-1]  # stopped -> stopp -> stop
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    return word


def bigrams(run: str) -> list[str]:
    """A CJK run as overlapping bigrams, then its last character alone (so one-character
    queries find characters at the end of a run too)."""
    return [*map(operator.add, run, run[1:]), run[-1]]


def index_terms(text: str) -> str:
    """The tokens stored for `text`, space separated, for an FTS5 `unicode61` column."""
    out: list[str] = []
    for run, word in _TOKENS.findall(plain(text)):
        if run:
            out.extend(bigrams(run))
        elif word not in STOPWORDS:
            out.append(stem(word))
    return " ".join(out)


@dataclass(frozen=True, slots=True)
class Term:
    """One thing a query asks for: a stemmed word, or a CJK run (a phrase of bigrams)."""

    text: str  # as a substring of `plain(field)`: the stem, or the CJK run

    @property
    def fts(self) -> str:
        """The term as an FTS5 query expression."""
        if not _CJK_CHAR.match(self.text):
            return f'"{self.text}"'
        if len(self.text) == 1:
            return f'"{self.text}"*'
        return '"' + " ".join(bigrams(self.text)[:-1]) + '"'


def query_terms(text: str) -> list[Term]:
    """What a free-text query asks for, each term once, stop words dropped."""
    terms: dict[str, Term] = {}
    for run, word in _TOKENS.findall(plain(text)):
        if run or word not in STOPWORDS:
            key = run or stem(word)
            terms.setdefault(key, Term(key))
    return list(terms.values())
