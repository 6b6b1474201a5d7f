"""The query log on real SQLite files: what is stored, the schema's upkeep, and survival
of every database fault without breaking the caller."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlite_utils import Database

from bot.clock import ManualClock
from bot.querylog import SCHEMA, QueryLog, QueryLogDown, QueryRow, connect
from tests.bot.querylog_support import flushed, put, read_only

T0 = datetime(2025, 11, 17, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(T0)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "hwerr.db"


@pytest.fixture
def qlog(db_path: Path, clock: ManualClock):
    log = QueryLog(db_path, clock, busy_timeout=0.2)
    yield log
    log.close()


def rows(path: Path, table: str = "queries") -> list[dict]:
    return list(Database(path)[table].rows)


def test_record_stores_one_row_per_code_with_utc_time(qlog, db_path, clock):
    clock.now = datetime(2025, 11, 17, 10, 30, tzinfo=zone_offset(8))
    qlog.record(
        [
            QueryRow("auto", "SCM.0014", True, variants=1, team="T1", channel="C1", user="U1"),
            QueryRow("auto", "APIGW.0301", False, latency_ms=12.5, channel="C1"),
        ]
    )
    stored = rows(flushed(qlog) and db_path)
    assert [(r["code"], r["known"], r["source"]) for r in stored] == [
        ("SCM.0014", 1, "auto"),
        ("APIGW.0301", 0, "auto"),
    ]
    assert stored[0]["ts"] == "2025-11-17T02:30:00.000000+00:00"
    assert stored[1]["latency_ms"] == 12.5


def zone_offset(hours: int):
    from datetime import timezone

    return timezone(timedelta(hours=hours))


def test_query_text_kept_only_when_addressed_and_unmatched_and_cut_to_200(qlog, db_path):
    long_text = "why " * 100
    qlog.record(
        [
            QueryRow("slash", None, False, query=long_text),
            QueryRow("dm", "SCM.0014", True, query="certificate mismatch"),
            QueryRow("auto", None, False, query="a channel message must never be stored"),
            QueryRow("mention", "XYZ.1", False, query="XYZ.1 what is it"),
            QueryRow("mention", None, False, query="no code in here"),
            QueryRow("shortcut", None, False, query="a message someone else wrote"),
        ]
    )
    stored = [r["query"] for r in rows(flushed(qlog) and db_path)]
    assert stored == [long_text[:200], None, None, None, "no code in here", None]


def test_schema_is_wal_with_busy_timeout_and_time_indexes(qlog, db_path):
    db = Database(db_path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert {tuple(index.columns) for index in db["queries"].indexes} >= {("ts",), ("code", "ts")}
    assert set(db.table_names()) >= {
        "queries",
        "feedback",
        "answered_events",
        "thread_codes",
        "digest_posts",
    }
    default = connect(db_path)
    assert default.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    default.close()


def test_an_old_database_is_upgraded_in_place_keeping_its_rows(db_path, clock):
    first = [m.name for m in SCHEMA._migrations][1]
    old = Database(db_path)
    SCHEMA.apply(old, stop_before=first)
    assert "feedback" not in old.table_names()
    old["queries"].insert(
        {
            "ts": "2025-11-10T08:00:00.000000+00:00",
            "source": "slash",
            "code": "SCM.0014",
            "known": 1,
        }
    )
    old.close()

    with QueryLog(db_path, clock) as log:
        assert log.top_codes(T0 - timedelta(days=30), T0) == [("SCM.0014", 1)]
        assert not SCHEMA.pending(Database(db_path))
        log.feedback(team="T", channel="C", user="U", code="SCM.0014", helpful=True)
        flushed(log)
    assert len(rows(db_path, "feedback")) == 1


def test_the_file_is_readable_with_the_sqlite_utils_command(qlog, db_path):
    qlog.record([QueryRow("slash", "SCM.0014", True)])
    flushed(qlog)
    cli = Path(sys.executable).with_name("sqlite-utils")
    out = subprocess.run(
        [cli, "rows", db_path, "queries"], capture_output=True, text=True, check=True
    )
    assert json.loads(out.stdout)[0]["code"] == "SCM.0014"


def test_eight_threads_writing_at_once_lose_no_row(qlog, db_path):
    per_thread = 500

    def write(worker: int) -> None:
        for number in range(per_thread):
            qlog.record([QueryRow("auto", f"T{worker}.{number}", False)])

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    flushed(qlog)
    assert Database(db_path)["queries"].count == 8 * per_thread
    assert qlog.status()["dropped"] == 0


WRITER = """
import sys
from bot.querylog import QueryLog, QueryRow
log = QueryLog(sys.argv[1])
for n in range(int(sys.argv[2])):
    log.record([QueryRow("auto", f"P{sys.argv[3]}.{n}", False)])
log.close()
print(log.status()["dropped"], log.status()["failures"])
"""


def test_four_processes_writing_one_file_lose_no_row(db_path):
    QueryLog(db_path).close()  # created and migrated once, as the bot would
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db_path), "2000", str(n)],
            stdout=subprocess.PIPE,
            text=True,
        )
        for n in range(4)
    ]
    outputs = [proc.communicate(timeout=60)[0].split() for proc in procs]
    assert outputs == [["0", "0"]] * 4
    assert Database(db_path)["queries"].count == 4 * 2000


def test_feedback_is_stored_in_its_own_table(qlog, db_path):
    qlog.feedback(team="T1", channel="C1", user="U1", code="SCM.0014", helpful=False)
    flushed(qlog)
    (row,) = rows(db_path, "feedback")
    assert (row["code"], row["helpful"], row["user"]) == ("SCM.0014", 0, "U1")


def test_answered_events_and_thread_codes_survive_a_restart(db_path, clock):
    with QueryLog(db_path, clock) as log:
        assert not log.event_answered("Ev1")
        log.mark_answered("Ev1", "C1", "1700.1", ["SCM.0014", "scm.0014", "APIG.0308"])
    with QueryLog(db_path, clock) as log:
        assert log.event_answered("Ev1")
        assert log.thread_codes("C1", "1700.1") == {"scm.0014", "apig.0308"}
        assert log.thread_codes("C1", "other") == set()


def test_counts_merge_spellings_and_split_known_from_unknown(qlog, clock):
    put(qlog, clock, T0, "SCM.0014", 3)
    put(qlog, clock, T0, "scm.0014", 1, known=True)
    put(qlog, clock, T0, "APIGW.0301", 2, known=False)
    put(qlog, clock, T0 - timedelta(days=8), "APIG.0308", 5)
    flushed(qlog)
    week = (T0 - timedelta(days=1), T0 + timedelta(days=1))
    assert qlog.top_codes(*week) == [("SCM.0014", 4), ("APIGW.0301", 2)]
    assert qlog.code_counts(*week, known=False) == [("APIGW.0301", 2)]
    assert qlog.popularity() == {"scm.0014": 4, "apigw.0301": 2, "apig.0308": 5}


def test_popularity_is_cached_for_a_while(qlog, clock):
    put(qlog, clock, T0, "SCM.0014")
    assert flushed(qlog).popularity() == {"scm.0014": 1}
    put(qlog, clock, T0, "SCM.0014")
    assert flushed(qlog).popularity() == {"scm.0014": 1}
    clock.advance(minutes=11)
    assert qlog.popularity() == {"scm.0014": 2}


def test_prune_removes_only_rows_older_than_the_retention(qlog, db_path, clock):
    put(qlog, clock, T0 - timedelta(days=400), "SCM.0014", 3)
    put(qlog, clock, T0 - timedelta(days=10), "SCM.0014", 2)
    clock.now = T0 - timedelta(days=400)
    qlog.feedback(team="T", channel="C", user="U", code="SCM.0014", helpful=True)
    qlog.mark_answered("old", "C1", "1.1", ["SCM.0014"])
    flushed(qlog)
    clock.now = T0
    assert qlog.prune(365) == 3
    assert Database(db_path)["queries"].count == 2
    assert Database(db_path)["feedback"].count == 0
    assert not qlog.event_answered("old")


def test_prune_refreshes_the_planner_statistics(qlog, db_path, clock):
    """The digest's index choice rests on sqlite_stat1: the daily prune keeps it current."""
    put(qlog, clock, T0 - timedelta(days=400), "SCM.0014", 3)
    put(qlog, clock, T0 - timedelta(days=10), "APIG.0308", 2)
    flushed(qlog)
    clock.now = T0
    qlog.prune(365)
    stat = dict(
        Database(db_path).execute("SELECT idx, stat FROM sqlite_stat1 WHERE tbl = 'queries'")
    )
    assert stat["idx_queries_ts"].split()[0] == "2"  # rows left after the prune
    assert stat["idx_queries_code_ts"].split()[:2] == ["2", "2"]  # both rows share one code


# -- faults: each on a real file --------------------------------------------


def test_a_read_only_file_is_survived_counted_and_reported(db_path, clock):
    QueryLog(db_path, clock).close()
    with read_only(db_path):
        log = QueryLog(db_path, clock, busy_timeout=0.2)
        log.record([QueryRow("slash", "SCM.0014", True)])  # must not raise
        assert log.flush(10)
        status = log.status()
        assert status["reachable"] and not status["writable"]
        assert status["dropped"] == 1 and status["failures"] >= 1
        with pytest.raises(QueryLogDown):
            log.mark_answered("Ev1", "C1", "1.1", ["SCM.0014"])
        log.close()


def test_a_read_only_folder_for_a_new_file_leaves_the_log_degraded(tmp_path, clock, caplog):
    folder = tmp_path / "ro"
    folder.mkdir()
    with read_only(folder):
        log = QueryLog(folder / "hwerr.db", clock)
        log.record([QueryRow("slash", "SCM.0014", True)])
        log.record([QueryRow("slash", "SCM.0014", True)])
        assert log.flush(10)
        assert log.status()["reachable"] is False
        assert log.status()["dropped"] == 2
        with pytest.raises(QueryLogDown):
            log.event_answered("Ev1")
        log.close()
    warnings = [
        r for r in caplog.records if r.levelname == "WARNING" and "query log" in r.getMessage()
    ]
    assert len(warnings) == 1, "a broken log is reported once, not on every row"


def test_a_locked_database_delays_rows_but_loses_none(qlog, db_path):
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    qlog.record([QueryRow("slash", "SCM.0014", True)] * 3)
    assert not qlog.flush(0.5), "the rows cannot be written while the lock is held"
    assert qlog.status()["failures"] >= 1
    assert not qlog.event_answered("Ev1"), "in WAL mode readers go on during a write lock"
    with pytest.raises(QueryLogDown):
        qlog.mark_answered("Ev1", "C1", "1.1", ["SCM.0014"])
    holder.execute("ROLLBACK")
    holder.close()
    flushed(qlog)
    assert Database(db_path)["queries"].count == 3
    assert qlog.status()["dropped"] == 0


def test_a_corrupt_file_is_left_alone_and_the_log_goes_degraded(db_path, clock):
    garbage = bytes(range(256)) * 64
    db_path.write_bytes(garbage)
    log = QueryLog(db_path, clock)
    log.record([QueryRow("slash", "SCM.0014", True)])
    assert log.flush(10)
    assert log.status() | {"path": ""} == {
        "reachable": False,
        "writable": False,
        "failures": log.status()["failures"],
        "dropped": 1,
        "backlog": 0,
        "path": "",
    }
    assert log.popularity() == {}
    with pytest.raises(QueryLogDown):
        log.thread_codes("C1", "1.1")
    log.close()
    assert db_path.read_bytes() == garbage


def test_a_full_database_drops_rows_counted_and_keeps_answering(db_path, clock):
    QueryLog(db_path, clock).close()
    size = db_path.stat().st_size
    with QueryLog(db_path, clock, max_bytes=size) as log:
        log.record([QueryRow("slash", None, False, query="x" * 200)] * 500)
        assert log.flush(10)
        assert log.status()["dropped"] == 500
        assert not log.status()["writable"]
