"""Look codes up the way people ask for them (`/hwerr` and `hwerr lookup`).

One query reads as, in this order:
- a service: its name (`Cloud Certificate Manager`) or a code prefix (`SCM`, `APIG.*`)
  -> a listing of its codes;
- codes: one or several (`SCM.0014 APIG.0308`, or separated by `,` `/` `;`), each tolerant
  of case, width and separators (`scm.0014`, `SCM-0014`, `SCM 0014`, `SCM．0014`), each
  optionally followed by a status (`APIG.0201 504`). A status that no variant has gives
  empty `variants` with `code` still set (so a reply can say "APIG.0201 has no 504
  variant" and list the others with `Lookup.variants`); suggestions stay empty, since
  the code is known. An unknown code-shaped token gets "did you mean" suggestions and
  never becomes a neighbour silently;
- otherwise free text (English or Chinese); a pasted error whose code is missing (an SDK puts
  the status there: `error_code:409`) is searched by its message (`error_msg:…`). When nothing
  matches, `closest` still offers the nearest codes.
`--all` anywhere lifts the limit on free-text hits.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property

from rapidfuzz import fuzz, process, utils
from rapidfuzz.distance import OSA, Levenshtein

from catalog.codes import normalize
from catalog.messages import error_message
from catalog.model import Catalog, Entry
from catalog.search import Hit, SearchIndex
from catalog.suggest import Suggester, Suggestion, first_line, readings, separator_key
from catalog.terms import plain

__all__ = ["CodeAnswer", "Hit", "Lookup", "Result", "Suggestion"]

ALL_FLAGS = ("--all", "—all")  # Slack may turn `--` into an em dash
MAX_PARTS = 3  # `CCI 01 400101`: a code typed with spaces may span this many words
CLOSEST_SCORE = 70  # rapidfuzz WRatio a message needs to be offered as "closest"
_WORDS = re.compile(r"[\s,/;、，；／]+")
_EDGES = "\"'`()[]{}<>:!?。：！？（）【】「」《》“”‘’*_~."
_STATUS = re.compile(r"[1-5][0-9]{2}")
_CODE_SHAPE = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[._\-][A-Za-z0-9]+)*[._\-]?[0-9]{3,}")


@dataclass(frozen=True, slots=True)
class CodeAnswer:
    asked: str  # as the user wrote it
    code: str | None  # as the catalog writes it; None when unknown
    variants: tuple[Entry, ...]  # page order, filtered by `status` when given; () when unknown
    status: int | None  # the status filter asked for (`APIG.0201 504`)
    suggestions: tuple[Suggestion, ...]  # for unknown codes (did you mean), best first
    service_hint: str | None  # unknown code: the service its prefix suggests, if any


@dataclass(frozen=True, slots=True)
class Result:
    query: str
    codes: tuple[CodeAnswer, ...] = ()  # codes asked for, in the order asked
    service: str | None = None  # a service listing was asked for: the service name
    listing: tuple[Entry, ...] = ()  # that service's entries (first variant per code)
    hits: tuple[Hit, ...] = ()  # free-text matches, best first (limited)
    total_hits: int = 0  # how many matched in all
    closest: tuple[Suggestion, ...] = ()  # when free text found nothing: the closest codes
    message: str | None = None  # a pasted error's message, searched in place of the paste

    @property
    def searched(self) -> str:
        """What free text was searched for: the query, or the message of the error it holds."""
        return self.message or self.query

    @property
    def kind(self) -> str:
        """ "codes" | "service" | "search" | "nothing"."""
        if self.codes:
            return "codes"
        if self.service is not None:
            return "service"
        return "search" if self.hits else "nothing"

    @property
    def found(self) -> bool:
        """Whether the answer holds at least one catalog entry."""
        return bool(self.listing or self.hits or any(code.variants for code in self.codes))


class Lookup:
    """Answers queries against one catalog; every index is built on first use."""

    def __init__(
        self, catalog: Catalog, popularity: Callable[[], Mapping[str, int]] | None = None
    ) -> None:
        self.catalog = catalog
        self._popularity = popularity  # code key -> how often asked; breaks typo ties

    def answer(self, query: str, limit: int | None = 3) -> Result:
        """Read `query` with the /hwerr grammar (see the module docstring)."""
        words = query.split()
        if any(word.casefold() in ALL_FLAGS for word in words):
            limit = None
        text = " ".join(word for word in words if word.casefold() not in ALL_FLAGS)
        if not text:
            return Result(query)
        listing = self._listing(text)
        if listing:
            service, entries = listing
            return Result(query, service=service, listing=tuple(entries))
        codes = self._codes(text)
        if codes:
            return Result(query, codes=tuple(codes))
        message = error_message(text)
        hits, total = self.search(message or text, limit)
        closest = () if hits else tuple(self._closest(message or text))
        return Result(query, hits=tuple(hits), total_hits=total, closest=closest, message=message)

    def variants(self, code: str, status: int | None = None) -> list[Entry]:
        """Every row documenting `code` (tolerant of case, width and separators)."""
        return [entry for entry in self._resolve(code) if status in (None, entry.http_status)]

    def suggest(self, code: str, limit: int = 5) -> list[Suggestion]:
        """Catalog codes near `code`, best first, ties with the last one shown included."""
        popularity = self._popularity() if self._popularity else None
        return self._suggester.suggest(code, limit, popularity)

    def search(self, text: str, limit: int | None = 3) -> tuple[list[Hit], int]:
        """(best hits, total matching) for free text; `limit=None` returns them all."""
        return self._index.search(text, limit)

    def service_hint(self, code: str) -> str | None:
        """The service whose prefix an (unknown) code starts with, if the catalog has it."""
        key = separator_key(code)
        return self._prefix_service.get(readings(key)[0][0]) if key else None

    # -- reading a query -------------------------------------------------------

    def _resolve(self, code: str) -> list[Entry]:
        found = self.catalog.variants(normalize(code))
        if found:
            return found
        key = self._by_separator_key.get(separator_key(code))
        return self.catalog.variants(key) if key else []

    def _listing(self, text: str) -> tuple[str, list[Entry]] | None:
        """(service, its codes) when `text` names a service or a code prefix, and is no code."""
        service = self._service_names.get(" ".join(plain(text).split()))
        if service:
            return service, self._by_service[service]
        if " " in text or self._resolve(text):
            return None
        prefix = separator_key(text.rstrip("*"))
        if prefix not in self._by_prefix:
            return None
        return self._prefix_service[prefix], self._by_prefix[prefix]

    def _codes(self, text: str) -> list[CodeAnswer]:
        """The codes asked for; [] when the text is words that merely hold code-shaped tokens."""
        tokens = [token.strip(_EDGES) for token in _WORDS.split(text)]
        tokens = [token for token in tokens if token]
        asked: list[tuple[str, list[Entry], int | None]] = []
        loose_words = 0
        position = 0
        while position < len(tokens):
            width, found = self._longest_code(tokens, position)
            if not found and not _CODE_SHAPE.fullmatch(plain(tokens[position])):
                loose_words += 1
                position += 1
                continue
            code = " ".join(tokens[position : position + width])
            position += width
            status = None
            if position < len(tokens) and _STATUS.fullmatch(plain(tokens[position])):
                status = int(plain(tokens[position]))
                position += 1
            asked.append((code, found, status))
        if loose_words and not any(found for _, found, _ in asked):
            return []
        answers: dict[tuple[str, int | None], CodeAnswer] = {}
        for code, found, status in asked:
            key = (found[0].key if found else separator_key(code), status)
            answers.setdefault(key, self._code_answer(code, found, status))
        return list(answers.values())

    def _longest_code(self, tokens: list[str], start: int) -> tuple[int, list[Entry]]:
        """(how many tokens, variants) of the longest known code starting at `start`."""
        for width in range(min(MAX_PARTS, len(tokens) - start), 0, -1):
            found = self._resolve(".".join(tokens[start : start + width]))
            if found:
                return width, found
        return 1, []

    def _code_answer(self, asked: str, found: list[Entry], status: int | None) -> CodeAnswer:
        if found:
            variants = tuple(entry for entry in found if status in (None, entry.http_status))
            return CodeAnswer(asked, found[0].code, variants, status, (), None)
        suggestions = tuple(self.suggest(asked))
        return CodeAnswer(asked, None, (), status, suggestions, self.service_hint(asked))

    def _closest(self, text: str) -> list[Suggestion]:
        """For a search that found nothing: codes near the text, else messages resembling it."""
        if " " not in text.strip():
            near = self.suggest(text, limit=3)
            if near:
                return near
        asked = plain(text)
        matches = process.extract(
            text,
            [entry.message for entry in self._firsts],
            scorer=fuzz.WRatio,
            processor=utils.default_process,
            score_cutoff=CLOSEST_SCORE,
            limit=3,
        )
        closest = []
        for message, _, position in matches:
            said = plain(message)
            distance = OSA.distance(asked, said)
            swap = Levenshtein.distance(asked, said) > distance
            code = self._firsts[position].code
            closest.append(Suggestion(code, distance, swap, first_line(message)))
        return closest

    # -- indexes, built on first use ----------------------------------------------

    @cached_property
    def _firsts(self) -> list[Entry]:
        """The first variant of every code, in page order."""
        firsts: dict[str, Entry] = {}
        for entry in self.catalog:
            firsts.setdefault(entry.key, entry)
        return list(firsts.values())

    @cached_property
    def _by_separator_key(self) -> dict[str, str | None]:
        """Separator-free key -> code key (None when two codes share it: ambiguous)."""
        keys: dict[str, str | None] = {}
        for entry in self._firsts:
            key = separator_key(entry.code)
            keys[key] = entry.key if key not in keys else None
        return keys

    @cached_property
    def _by_prefix(self) -> dict[str, list[Entry]]:
        listing: dict[str, list[Entry]] = {}
        for entry in self._firsts:
            if entry.prefix:
                listing.setdefault(separator_key(entry.prefix), []).append(entry)
        return listing

    @cached_property
    def _prefix_service(self) -> dict[str, str]:
        return {separator_key(prefix): name for prefix, name in self.catalog.prefixes().items()}

    @cached_property
    def _by_service(self) -> dict[str, list[Entry]]:
        """Service -> its first variant of each code it documents, in page order."""
        firsts: dict[str, dict[str, Entry]] = {}
        for entry in self.catalog:
            firsts.setdefault(entry.service, {}).setdefault(entry.key, entry)
        return {service: list(entries.values()) for service, entries in firsts.items()}

    @cached_property
    def _service_names(self) -> dict[str, str]:
        return {" ".join(plain(name).split()): name for name in self.catalog.services()}

    @cached_property
    def _suggester(self) -> Suggester:
        return Suggester(self._firsts)

    @cached_property
    def _index(self) -> SearchIndex:
        return SearchIndex(self.catalog.entries)
