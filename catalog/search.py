"""Free-text search over message, description and solution, in English and Chinese.

Matching rows come from an in-memory SQLite FTS5 table of English stems and CJK
bigrams (see `catalog.terms`): every term must match; when none does, a long
query (an SDK error message pasted without its code) falls back to rows holding
at least half of its terms. Rows are ranked by how closely their text resembles
the query (rapidfuzz); when thousands match, the closest messages are picked
first by a cheap ratio, so a common word costs little more than a rare one.

The index is built on the first search. A large catalog builds it in a
background thread, and until it is ready each search is answered by a linear
scan, so the first answer never waits for the index.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process, utils

from catalog.model import Entry
from catalog.terms import Term, index_terms, plain, query_terms

BACKGROUND_FROM = 5_000  # entries: below this the index is built in the caller's thread
CANDIDATES = 200  # rows re-ranked in full when only the best few are wanted
_WEIGHTS = (1.0, 0.95, 0.9)  # message, description, solution
_SCHEMA = "CREATE VIRTUAL TABLE doc USING fts5(message, description, solution)"
_MATCHING = "SELECT rowid FROM doc WHERE doc MATCH ?"
_COUNT = "SELECT count(*) FROM doc WHERE doc MATCH ?"


@dataclass(frozen=True, slots=True)
class Hit:
    entry: Entry
    score: float  # higher is better


class SearchIndex:
    """Search `entries`; safe to share between threads."""

    def __init__(self, entries: Sequence[Entry]) -> None:
        self._entries = entries
        self._db: sqlite3.Connection | None = None
        self._plain: list[str] | None = None
        self._build_lock = threading.Lock()
        self._query_lock = threading.Lock()
        self._builder: threading.Thread | None = None
        self.ready = threading.Event()

    def search(self, text: str, limit: int | None = 3) -> tuple[list[Hit], int]:
        """(best hits, how many matched in all); `limit=None` returns every match."""
        terms = query_terms(text)
        if not terms:
            return [], 0
        rows = self._matching(terms, every=True)
        coverage = dict.fromkeys(rows, 1.0)
        if not rows and len(terms) > 1:
            coverage = self._mostly_matching(terms)
            rows = sorted(coverage, key=coverage.__getitem__, reverse=True)
        pool = rows if limit is None else self._preselect(text, rows)
        hits = self._rerank(text, pool, coverage)
        return hits if limit is None else hits[:limit], len(rows)

    def wait(self, timeout: float | None = None) -> bool:
        """Start building the index if needed; True once it is ready."""
        self._database()
        return self.ready.wait(timeout)

    # -- candidates ----------------------------------------------------------

    def _matching(self, terms: list[Term], every: bool) -> list[int]:
        """Row numbers holding every term (or any, when not `every`), in no useful order."""
        db = self._database()
        if db is None:
            return self._scan(terms, every)
        expression = (" AND " if every else " OR ").join(term.fts for term in terms)
        with self._query_lock:
            return [rowid - 1 for (rowid,) in db.execute(_MATCHING, (expression,))]

    def _mostly_matching(self, terms: list[Term]) -> dict[int, float]:
        """Rows holding at least half of the terms -> the share they hold.

        Such a row holds one of the `n - ceil(n/2) + 1` rarest terms, so only those
        terms' rows are read, not every row holding a common word."""
        need = -(-len(terms) // 2)
        if self._db is not None:
            terms = sorted(terms, key=self._frequency)
        texts = self._plain_texts()
        coverage = {}
        for row in self._matching(terms[: len(terms) - need + 1], every=False):
            held = sum(term.text in texts[row] for term in terms)
            if held >= need:
                coverage[row] = held / len(terms)
        return coverage

    def _frequency(self, term: Term) -> int:
        with self._query_lock:
            return self._db.execute(_COUNT, (term.fts,)).fetchone()[0]

    def _preselect(self, query: str, rows: list[int]) -> list[int]:
        """At most CANDIDATES rows for the costly re-rank: those whose message is closest."""
        if len(rows) <= CANDIDATES:
            return rows
        messages = [self._entries[row].message for row in rows]
        best = process.extract(
            query, messages, scorer=fuzz.ratio, processor=utils.default_process, limit=CANDIDATES
        )
        return [rows[position] for _, _, position in best]

    def _scan(self, terms: list[Term], every: bool) -> list[int]:
        """The answer while the index is being built: a substring test of every entry."""
        texts = self._plain_texts()
        test = all if every else any
        return [row for row, text in enumerate(texts) if test(term.text in text for term in terms)]

    def _rerank(self, query: str, rows: list[int], coverage: dict[int, float]) -> list[Hit]:
        """Best first: half for the share of terms held, half for textual resemblance."""
        scored = []
        for order, row in enumerate(rows):
            entry = self._entries[row]
            fields = (entry.message, entry.description, entry.solution)
            resemblance = max(
                weight * fuzz.WRatio(query, field, processor=utils.default_process)
                for weight, field in zip(_WEIGHTS, fields, strict=True)
            )
            score = round(50 * coverage[row] + resemblance / 2, 2)
            scored.append((-score, order, Hit(entry, score)))
        scored.sort(key=lambda item: item[:2])
        return [hit for _, _, hit in scored]

    # -- the index -------------------------------------------------------------

    def _database(self) -> sqlite3.Connection | None:
        """The index when ready; else start building it and return None (scan meanwhile)."""
        if self._db is not None:
            return self._db
        with self._build_lock:
            if self._builder is None and self._db is None:
                if len(self._entries) < BACKGROUND_FROM:
                    self._build()
                else:
                    self._builder = threading.Thread(
                        target=self._build, name="hwerr-search-index", daemon=True
                    )
                    self._builder.start()
        return self._db

    def _build(self) -> None:
        db = sqlite3.connect(":memory:", check_same_thread=False)
        db.execute(_SCHEMA)
        seen: dict[str, str] = {}  # message and description are often the same text

        def terms(text: str) -> str:
            found = seen.get(text)
            if found is None:
                found = seen[text] = index_terms(text)
            return found

        db.executemany(
            "INSERT INTO doc(rowid, message, description, solution) VALUES (?, ?, ?, ?)",
            (
                (row + 1, terms(entry.message), terms(entry.description), terms(entry.solution))
                for row, entry in enumerate(self._entries)
            ),
        )
        db.commit()
        self._plain_texts()
        self._db = db
        self.ready.set()

    def _plain_texts(self) -> list[str]:
        if self._plain is None:
            self._plain = [self._plain_text(row) for row in range(len(self._entries))]
        return self._plain

    def _plain_text(self, row: int) -> str:
        entry = self._entries[row]
        return plain(f"{entry.message}\n{entry.description}\n{entry.solution}")
