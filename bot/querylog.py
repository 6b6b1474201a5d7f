"""The query log: every code the bot was asked about, in one SQLite file.

This module owns the whole database (one versioned list of migrations for every
table) and one promise: recording never blocks or breaks an answer. `record`
and `feedback` only append to an in-memory backlog; one writer thread per log
turns the backlog into batched transactions. A locked database is retried
(nothing is lost once the lock goes), a read-only, full or corrupt one is
logged once, counted and survived: rows are dropped, answers go on.

The Slack app's memory (answered events, codes already explained in a thread)
and the digest's posting claims need read-after-write, so they run
synchronously and raise `QueryLogDown` when the file is unusable, letting the
caller fall back to memory.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from bot.clock import Clock, utc_now
from catalog.model import code_key

log = logging.getLogger(__name__)

SOURCES = ("slash", "auto", "mention", "dm", "shortcut", "home", "console")
ADDRESSED = frozenset({"slash", "mention", "dm"})  # the only sources whose text may be kept
QUERY_CHARS = 200
BUSY_TIMEOUT_S = 5.0
MAX_BACKLOG = 100_000  # rows waiting for the writer; past this, new rows are dropped and counted
BATCH_ROWS = 5_000
REOPEN_AFTER_S = 30.0  # a degraded log tries the file again this often
POPULARITY_TTL = timedelta(minutes=10)
STALE_CLAIM = timedelta(minutes=10)  # a claim never confirmed (crash mid-post) may be retaken
PRUNE_BATCH = 10_000
ANALYSIS_LIMIT = 1_000  # rows ANALYZE samples per index: milliseconds, even over 10M rows


class QueryLogDown(Exception):
    """The database cannot be read or written; the caller should fall back."""


@dataclass(frozen=True)
class QueryRow:
    source: str
    code: str | None
    known: bool
    variants: int = 0
    query: str | None = None
    latency_ms: float = 0.0
    team: str = ""
    channel: str = ""
    user: str = ""


# -- schema ----------------------------------------------------------------

SCHEMA = Migrations("hwerr")


@SCHEMA()
def m001_queries(db: Database) -> None:
    db["queries"].create(
        {
            "id": int,
            "ts": str,
            "source": str,
            "code": str,
            "known": int,
            "variants": int,
            "query": str,
            "latency_ms": float,
            "team": str,
            "channel": str,
            "user": str,
        },
        pk="id",
        not_null={"ts", "source", "known"},
    )
    db["queries"].create_index(["ts"], index_name="idx_queries_ts")
    db["queries"].create_index(["code", "ts"], index_name="idx_queries_code_ts")


@SCHEMA()
def m002_feedback(db: Database) -> None:
    db["feedback"].create(
        {
            "id": int,
            "ts": str,
            "team": str,
            "channel": str,
            "user": str,
            "code": str,
            "helpful": int,
        },
        pk="id",
        not_null={"ts", "code", "helpful"},
    )
    db["feedback"].create_index(["ts"], index_name="idx_feedback_ts")


@SCHEMA()
def m003_slack_memory(db: Database) -> None:
    db["answered_events"].create(
        {"event_id": str, "ts": str, "channel": str, "thread_ts": str}, pk="event_id"
    )
    db["answered_events"].create_index(["ts"], index_name="idx_answered_events_ts")
    db["thread_codes"].create(
        {"channel": str, "thread_ts": str, "code_key": str, "ts": str},
        pk=("channel", "thread_ts", "code_key"),
    )
    db["thread_codes"].create_index(["ts"], index_name="idx_thread_codes_ts")


@SCHEMA()
def m004_digest_posts(db: Database) -> None:
    db["digest_posts"].create(
        {"channel": str, "period": str, "claimed_at": str, "posted_at": str},
        pk=("channel", "period"),
    )


def stamp(moment: datetime) -> str:
    """Times are stored as fixed-width UTC ISO text, so text order is time order."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: the query log needs aware times")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def connect(path: Path, busy_timeout: float = BUSY_TIMEOUT_S) -> Database:
    """Open (creating) the file, in WAL mode, migrated to the current schema."""
    conn = sqlite3.connect(
        str(path), timeout=busy_timeout, isolation_level=None, check_same_thread=False
    )
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
        db = Database(conn, execute_plugins=False)
        if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            conn.execute("PRAGMA journal_mode = wal")
        conn.execute("PRAGMA synchronous = normal")
        migrate(db)
    except BaseException:
        conn.close()
        raise
    return db


def migrate(db: Database) -> None:
    """Apply pending migrations under one write lock, so two processes starting
    together on a new file do not both create the tables."""
    if not SCHEMA.pending(db):
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        SCHEMA.apply(db)
        db.execute("COMMIT")
    except BaseException:
        if db.conn.in_transaction:
            db.execute("ROLLBACK")
        raise


def _is_busy(error: sqlite3.Error) -> bool:
    name = getattr(error, "sqlite_errorname", "") or ""
    return name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))


# -- the log ---------------------------------------------------------------

_QUERY_COLUMNS = "ts, source, code, known, variants, query, latency_ms, team, channel, user"
INSERT_QUERY = f"INSERT INTO queries ({_QUERY_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?)"
_INSERT_FEEDBACK = (
    "INSERT INTO feedback (ts, team, channel, user, code, helpful) VALUES (?,?,?,?,?,?)"
)


class QueryLog:
    """One SQLite file; safe to share between threads; never raises from `record`."""

    def __init__(
        self,
        path: str | Path,
        clock: Clock = utc_now,
        *,
        busy_timeout: float = BUSY_TIMEOUT_S,
        max_bytes: int | None = None,
    ) -> None:
        self.path = Path(path)
        self._clock = clock
        self._busy_timeout = busy_timeout
        self._max_bytes = max_bytes
        self._lock = threading.Lock()  # guards self._db, used by the synchronous calls
        self._db: Database | None = None
        self._retry_at = 0.0
        self._failures = 0
        self._dropped = 0
        self._writable = False
        self._complained = False
        self._count_lock = threading.Lock()
        self._popular: tuple[datetime, dict[str, int]] | None = None
        self._backlog: deque[tuple[str, tuple]] = deque()
        self._in_flight = 0
        self._closing = False
        self._wake = threading.Condition()
        with self._lock:
            self._open()
        self._writer = threading.Thread(target=self._write_loop, name="querylog", daemon=True)
        self._writer.start()

    # -- recording (asynchronous) ---------------------------------------------

    def record(self, rows: Sequence[QueryRow]) -> None:
        """Queue the rows and return at once; the writer thread stores them."""
        try:
            ts = stamp(self._clock())
            self._enqueue([("queries", _query_values(ts, row)) for row in rows])
        except Exception as error:
            self._fail("record", error, dropped=len(rows))

    def feedback(self, *, team: str, channel: str, user: str, code: str, helpful: bool) -> None:
        try:
            ts = stamp(self._clock())
            self._enqueue([("feedback", (ts, team, channel, user, code, int(bool(helpful))))])
        except Exception as error:
            self._fail("feedback", error, dropped=1)

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until every queued row was written or given up; False on timeout."""
        with self._wake:
            return self._wake.wait_for(
                lambda: not self._backlog and not self._in_flight, timeout=timeout
            )

    def _enqueue(self, items: list[tuple[str, tuple]]) -> None:
        with self._wake:
            if self._closing or len(self._backlog) + len(items) > MAX_BACKLOG:
                with self._count_lock:
                    self._dropped += len(items)
                self._complain("backlog full or log closed: rows dropped")
                return
            self._backlog.extend(items)
            self._wake.notify_all()

    def _write_loop(self) -> None:
        db: Database | None = None
        backoff = 0.05
        while True:
            with self._wake:
                self._wake.wait_for(lambda: self._backlog or self._closing)
                if not self._backlog:
                    break
                batch = [
                    self._backlog.popleft() for _ in range(min(BATCH_ROWS, len(self._backlog)))
                ]
                self._in_flight = len(batch)
            try:
                db = db or self._writer_db()
                _write_batch(db, batch)
                self._writable = True
                backoff = 0.05
            except sqlite3.Error as error:
                retry = _is_busy(error) and not self._closing
                self._fail("write", error, dropped=0 if retry else len(batch))
                if retry:
                    with self._wake:
                        self._backlog.extendleft(reversed(batch))
                        self._wake.wait(timeout=backoff)  # wakes early on close
                    backoff = min(backoff * 2, 2.0)
                elif db is not None and not isinstance(error, sqlite3.OperationalError):
                    db.close()
                    db = None
            except QueryLogDown as error:
                self._fail("write", error, dropped=len(batch))
            finally:
                with self._wake:
                    self._in_flight = 0
                    self._wake.notify_all()
        if db is not None:
            db.close()

    def _writer_db(self) -> Database:
        with self._lock:
            self._usable()
        db = connect(self.path, self._busy_timeout)
        self._limit_size(db)
        return db

    # -- the Slack app's memory (synchronous) ---------------------------------

    def event_answered(self, event_id: str) -> bool:
        with self._session() as db:
            row = db.execute(
                "SELECT 1 FROM answered_events WHERE event_id = ?", [event_id]
            ).fetchone()
        return row is not None

    def mark_answered(
        self, event_id: str, channel: str, thread_ts: str, codes: Iterable[str]
    ) -> None:
        ts = stamp(self._clock())
        keys = sorted({code_key(code) for code in codes})
        with self._session(write=True) as db:
            db.execute(
                "INSERT OR IGNORE INTO answered_events VALUES (?, ?, ?, ?)",
                [event_id, ts, channel, thread_ts],
            )
            db.conn.executemany(
                "INSERT OR IGNORE INTO thread_codes VALUES (?, ?, ?, ?)",
                [(channel, thread_ts, key, ts) for key in keys],
            )

    def thread_codes(self, channel: str, thread_ts: str) -> set[str]:
        with self._session() as db:
            rows = db.execute(
                "SELECT code_key FROM thread_codes WHERE channel = ? AND thread_ts = ?",
                [channel, thread_ts],
            ).fetchall()
        return {key for (key,) in rows}

    # -- digest posting claims (synchronous) ----------------------------------

    def claim_digest(self, channel: str, period: str) -> bool:
        """Take the right to post `period` to `channel`; False if posted or being posted.

        The claim is an INSERT on a unique key, so of two posters exactly one wins.
        A claim left unconfirmed for STALE_CLAIM (a crash mid-post) may be retaken.
        """
        now = self._clock()
        with self._session(write=True) as db:
            inserted = db.execute(
                "INSERT INTO digest_posts (channel, period, claimed_at) VALUES (?, ?, ?) "
                "ON CONFLICT (channel, period) DO NOTHING",
                [channel, period, stamp(now)],
            ).rowcount
            if inserted:
                return True
            retaken = db.execute(
                "UPDATE digest_posts SET claimed_at = ? WHERE channel = ? AND period = ? "
                "AND posted_at IS NULL AND claimed_at < ?",
                [stamp(now), channel, period, stamp(now - STALE_CLAIM)],
            ).rowcount
        return bool(retaken)

    def confirm_digest(self, channel: str, period: str) -> None:
        with self._session(write=True) as db:
            db.execute(
                "UPDATE digest_posts SET posted_at = ? WHERE channel = ? AND period = ?",
                [stamp(self._clock()), channel, period],
            )

    def release_digest(self, channel: str, period: str) -> None:
        """Give a claim back after a failed post, so a later run retries it."""
        with self._session(write=True) as db:
            db.execute(
                "DELETE FROM digest_posts WHERE channel = ? AND period = ? AND posted_at IS NULL",
                [channel, period],
            )

    def digest_posted(self, channel: str, period: str) -> bool:
        with self._session() as db:
            row = db.execute(
                "SELECT 1 FROM digest_posts WHERE channel = ? AND period = ? "
                "AND posted_at IS NOT NULL",
                [channel, period],
            ).fetchone()
        return row is not None

    # -- reading ---------------------------------------------------------------

    def code_counts(
        self,
        since: datetime,
        until: datetime,
        *,
        known: bool | None = None,
        codes: Iterable[str] | None = None,
    ) -> list[tuple[str, int]]:
        """(code, count) per code met in [since, until), merged without case, most
        frequent first; `known` narrows to what the catalog knew when it was asked,
        `codes` to those exact spellings (and lets SQLite seek the (code, ts) index)."""
        sql = "SELECT code, count(*) FROM queries WHERE ts >= ? AND ts < ? AND code IS NOT NULL"
        params: list = [stamp(since), stamp(until)]
        if known is not None:
            sql += " AND known = ?"
            params.append(int(known))
        if codes is not None:
            wanted = sorted(set(codes))
            sql += f" AND code IN ({','.join('?' * len(wanted))})"
            params += wanted
        with self._session() as db:
            rows = db.execute(sql + " GROUP BY code", params).fetchall()
        return _merge_spellings(rows)

    def top_codes(self, since: datetime, until: datetime, limit: int = 10) -> list[tuple[str, int]]:
        return self.code_counts(since, until)[:limit]

    def count_between(
        self, since: datetime, until: datetime, *, matched: bool | None = None
    ) -> int:
        """Rows in [since, until); matched=False counts searches that found no code."""
        condition = {None: "", True: " AND code IS NOT NULL", False: " AND code IS NULL"}[matched]
        with self._session() as db:
            (count,) = db.execute(
                f"SELECT count(*) FROM queries WHERE ts >= ? AND ts < ?{condition}",
                [stamp(since), stamp(until)],
            ).fetchone()
        return count

    def channel_counts(self, since: datetime, until: datetime) -> list[tuple[str, int]]:
        with self._session() as db:
            rows = db.execute(
                "SELECT channel, count(*) AS n FROM queries WHERE ts >= ? AND ts < ? "
                "AND channel != '' GROUP BY channel ORDER BY n DESC, channel",
                [stamp(since), stamp(until)],
            ).fetchall()
        return [(channel, count) for channel, count in rows]

    def feedback_counts(self, since: datetime, until: datetime) -> tuple[int, int]:
        """(helpful, not helpful) clicks in [since, until)."""
        with self._session() as db:
            helpful, unhelpful = db.execute(
                "SELECT coalesce(sum(helpful), 0), coalesce(sum(1 - helpful), 0) "
                "FROM feedback WHERE ts >= ? AND ts < ?",
                [stamp(since), stamp(until)],
            ).fetchone()
        return helpful, unhelpful

    def popularity(self) -> dict[str, int]:
        """code_key -> times asked over the whole log; {} when the log is down."""
        now = self._clock()
        if self._popular and now - self._popular[0] < POPULARITY_TTL:
            return self._popular[1]
        try:
            with self._session() as db:
                rows = db.execute(
                    "SELECT code, count(*) FROM queries WHERE code IS NOT NULL GROUP BY code"
                ).fetchall()
        except QueryLogDown:
            return {}
        counts: dict[str, int] = {}
        for code, count in rows:
            counts[code_key(code)] = counts.get(code_key(code), 0) + count
        self._popular = (now, counts)
        return counts

    # -- upkeep ----------------------------------------------------------------

    def prune(self, older_than_days: int) -> int:
        """Delete rows older than the retention, in small batches so writers
        never wait long, then refresh the planner's statistics; returns how many
        query rows went."""
        cutoff = stamp(self._clock() - timedelta(days=older_than_days))
        removed = 0
        for table in ("queries", "feedback", "answered_events", "thread_codes"):
            while True:
                with self._session(write=True) as db:
                    count = db.execute(
                        f"DELETE FROM {table} WHERE rowid IN (SELECT rowid FROM {table} "
                        f"WHERE ts < ? LIMIT {PRUNE_BATCH})",
                        [cutoff],
                    ).rowcount
                if table == "queries":
                    removed += count
                if count < PRUNE_BATCH:
                    break
        self.analyze()
        log.info("pruned %d query rows older than %d days", removed, older_than_days)
        return removed

    def analyze(self) -> None:
        """Refresh sqlite_stat1, so the digest's queries keep choosing the (ts) and
        (code, ts) indexes as the table grows and shrinks. A sampled ANALYZE
        (ANALYSIS_LIMIT rows per index) is cheap enough to run after every prune."""
        with self._session(write=True) as db:
            db.execute(f"PRAGMA analysis_limit = {ANALYSIS_LIMIT}")
            db.execute("ANALYZE")

    def status(self) -> dict:
        with self._lock:
            reachable = self._usable(raising=False) is not None
        return {
            "reachable": reachable,
            "writable": reachable and self._writable,
            "failures": self._failures,
            "dropped": self._dropped,
            "backlog": len(self._backlog),
            "path": str(self.path),
        }

    def close(self, timeout: float = 10.0) -> None:
        """Write what is queued (up to `timeout`), then stop the writer."""
        self.flush(timeout)
        with self._wake:
            self._closing = True
            self._wake.notify_all()
        self._writer.join(timeout)
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    def __enter__(self) -> QueryLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the connection and its faults ----------------------------------------

    def _open(self) -> None:
        try:
            self._db = connect(self.path, self._busy_timeout)
            self._limit_size(self._db)
            self._writable = os.access(self.path, os.W_OK)
            if self._complained:
                log.info("query log %s is usable again", self.path)
            self._complained = False
        except (sqlite3.Error, OSError) as error:
            self._db = None
            self._retry_at = time.monotonic() + REOPEN_AFTER_S
            self._fail("open", error)

    def _usable(self, raising: bool = True) -> Database | None:
        if self._db is None and time.monotonic() >= self._retry_at:
            self._open()
        if self._db is None and raising:
            raise QueryLogDown(f"query log {self.path} is not usable")
        return self._db

    def _limit_size(self, db: Database) -> None:
        if self._max_bytes is not None:
            (page_size,) = db.execute("PRAGMA page_size").fetchone()
            db.execute(f"PRAGMA max_page_count = {max(1, self._max_bytes // page_size)}")

    def _session(self, write: bool = False) -> _Session:
        return _Session(self, write)

    def _fail(self, what: str, error: BaseException, dropped: int = 0) -> None:
        with self._count_lock:
            self._failures += 1
            self._dropped += dropped
        if isinstance(error, sqlite3.Error) and not _is_busy(error):
            self._writable = False
        self._complain(f"{what} failed: {error}")

    def _complain(self, message: str) -> None:
        """Log the first failure loudly and the rest quietly: a broken disk must
        not flood the logs, but it must show up once."""
        if self._complained:
            log.debug("query log %s: %s", self.path, message)
            return
        self._complained = True
        log.warning(
            "query log %s: %s; answers go on without it (see `hwerr stats`)", self.path, message
        )


class _Session:
    """The synchronous connection, held under the log's lock for one operation;
    a write runs in one IMMEDIATE transaction. Database errors become QueryLogDown."""

    def __init__(self, owner: QueryLog, write: bool) -> None:
        self.owner = owner
        self.write = write

    def __enter__(self) -> Database:
        self.owner._lock.acquire()
        try:
            db = self.owner._usable()
            if self.write:
                db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as error:
            self.owner._lock.release()
            self.owner._fail("begin", error)
            raise QueryLogDown(str(error)) from error
        except BaseException:
            self.owner._lock.release()
            raise
        self.db = db
        return db

    def __exit__(self, kind: type | None, error: BaseException | None, tb: object) -> bool:
        try:
            if self.db.conn.in_transaction:
                self.db.execute("ROLLBACK" if error else "COMMIT")
        except sqlite3.Error as commit_error:
            error = error or commit_error
            if self.db.conn.in_transaction:
                self.db.conn.rollback()
        finally:
            self.owner._lock.release()
        if isinstance(error, sqlite3.Error):
            self.owner._fail("query", error)
            raise QueryLogDown(str(error)) from error
        return False


def _query_values(ts: str, row: QueryRow) -> tuple:
    # The words are kept only to show the catalog's holes: for a search addressed to
    # the bot that matched no code at all; a code (known or not) already says it.
    keep_query = row.query and row.source in ADDRESSED and row.code is None
    return (
        ts,
        row.source,
        row.code,
        int(bool(row.known)),
        int(row.variants),
        row.query[:QUERY_CHARS] if keep_query else None,
        float(row.latency_ms),
        row.team,
        row.channel,
        row.user,
    )


def _write_batch(db: Database, batch: list[tuple[str, tuple]]) -> None:
    queries = [values for table, values in batch if table == "queries"]
    feedback = [values for table, values in batch if table == "feedback"]
    db.execute("BEGIN IMMEDIATE")
    try:
        if queries:
            db.conn.executemany(INSERT_QUERY, queries)
        if feedback:
            db.conn.executemany(_INSERT_FEEDBACK, feedback)
        db.execute("COMMIT")
    except BaseException:
        if db.conn.in_transaction:
            db.conn.rollback()
        raise


def _merge_spellings(rows: Iterable[tuple[str, int]]) -> list[tuple[str, int]]:
    """Codes compare without case: fold 'scm.0014' into 'SCM.0014', keeping the
    spelling met most often."""
    merged: dict[str, tuple[str, int, int]] = {}
    for code, count in rows:
        best, best_count, total = merged.get(code_key(code), (code, 0, 0))
        if count > best_count:
            best, best_count = code, count
        merged[code_key(code)] = (best, best_count, total + count)
    ranked = [(code, total) for code, _, total in merged.values()]
    return sorted(ranked, key=lambda item: (-item[1], item[0]))
