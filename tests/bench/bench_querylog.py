"""Benchmark the query log: recording rate, lost rows under concurrency, digest query time.

    python tests/bench/bench_querylog.py            # 1M and 10M rows (about 3 minutes on 2 cores)
    python tests/bench/bench_querylog.py --quick    # 1M rows only

Each figure is printed beside a baseline measured in the same run: plain
single-row sqlite-utils inserts for recording, the same query with its indexes
switched off (`NOT INDEXED`) for the digest.
Floors (issue #5): >= 3,000 recorded queries/s, 0 lost rows, digest query
<= 50 ms over 1M rows and <= 500 ms over 10M.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sqlite_utils import Database

from bot.digest import Period, compute
from bot.querylog import INSERT_QUERY, QueryLog, QueryRow, connect, stamp
from catalog.model import Catalog
from tests.entries import make_entry

START = datetime(2025, 1, 1, tzinfo=UTC)
CODES = [f"SVC{n % 40}.{n:04d}" for n in range(2000)]
WEIGHTS = [1 / (rank + 1) for rank in range(len(CODES))]  # a few codes hurt most, as in life


def row(n: int) -> QueryRow:
    return QueryRow("auto", CODES[n % 50], True, variants=1, team="T1", channel="C1", user="U1")


def bench_one_writer(folder: Path, count: int) -> None:
    with QueryLog(folder / "one.db") as log:
        started = time.perf_counter()
        for n in range(count):
            log.record([row(n)])
        returned = time.perf_counter() - started
        log.flush(120)
        stored = time.perf_counter() - started
        assert Database(folder / "one.db")["queries"].count == count
    baseline_n = count // 10
    db = Database(connect(folder / "baseline.db").conn)
    table = db["queries"]
    started = time.perf_counter()
    for n in range(baseline_n):
        item = row(n)
        table.insert(
            {"ts": stamp(datetime.now(UTC)), "source": item.source, "code": item.code, "known": 1}
        )
    baseline = baseline_n / (time.perf_counter() - started)
    rate = count / stored
    print(f"one writer: {count} record() calls returned in {returned * 1e6 / count:.1f} µs each")
    print(f"  recorded {rate:,.0f} queries/s (stored and committed); floor 3,000/s")
    print(f"  baseline, single-row sqlite-utils inserts in WAL: {baseline:,.0f} rows/s")
    print(f"  ratio {rate / baseline:.1f}x the baseline")


def bench_threads(folder: Path, threads: int, each: int) -> None:
    with QueryLog(folder / "threads.db") as log:

        def write(worker: int) -> None:
            for n in range(each):
                log.record([QueryRow("auto", f"T{worker}.{n}", False)])

        workers = [threading.Thread(target=write, args=(n,)) for n in range(threads)]
        started = time.perf_counter()
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        log.flush(120)
        elapsed = time.perf_counter() - started
    stored = Database(folder / "threads.db")["queries"].count
    lost = threads * each - stored
    print(
        f"{threads} writer threads x {each}: {stored} stored, {lost} lost, "
        f"{stored / elapsed:,.0f} rows/s"
    )


PROCESS = """
import sys
sys.path.insert(0, sys.argv[4])
from bot.querylog import QueryLog, QueryRow
log = QueryLog(sys.argv[1])
for n in range(int(sys.argv[2])):
    log.record([QueryRow("auto", f"P{sys.argv[3]}.{n}", False)])
log.close(120)
print(log.status()["dropped"])
"""


def bench_processes(folder: Path, processes: int, each: int) -> None:
    path = folder / "processes.db"
    QueryLog(path).close()
    root = str(Path(__file__).resolve().parents[2])
    started = time.perf_counter()
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", PROCESS, str(path), str(each), str(n), root],
            stdout=subprocess.PIPE,
            text=True,
        )
        for n in range(processes)
    ]
    dropped = sum(int(proc.communicate()[0]) for proc in procs)
    elapsed = time.perf_counter() - started
    stored = Database(path)["queries"].count
    print(
        f"{processes} writer processes x {each}: {stored} stored, "
        f"{processes * each - stored} lost ({dropped} reported dropped), "
        f"{elapsed:.1f} s with start-up"
    )


def fill(path: Path, rows: int) -> float:
    """`rows` queries spread evenly over a year, Zipf-like codes, 50 channels."""
    db = connect(path)
    db.execute("PRAGMA synchronous = off")
    rnd = random.Random(5)
    span = 365 * 86400
    started = time.perf_counter()
    batch = 200_000
    for first in range(0, rows, batch):
        size = min(batch, rows - first)
        codes = rnd.choices(CODES, WEIGHTS, k=size)
        base = START.timestamp() + span * first / rows
        step = span / rows
        values = [
            (
                datetime.fromtimestamp(base + step * n, UTC).isoformat(timespec="microseconds"),
                "auto",
                codes[n],
                1,
                1,
                None,
                3.0,
                "T1",
                f"C{n % 50:03d}",
                "U1",
            )
            for n in range(size)
        ]
        db.execute("BEGIN")
        db.conn.executemany(INSERT_QUERY, values)
        db.execute("COMMIT")
    db.execute("ANALYZE")
    db.close()
    return time.perf_counter() - started


def timed(action, repeat: int = 7) -> float:
    """Median milliseconds of `repeat` runs after one warm-up."""
    action()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def bench_digest(folder: Path, rows: int, floor_ms: float) -> None:
    path = folder / f"digest_{rows}.db"
    took = fill(path, rows)
    print(f"{rows:,} rows generated (executemany, indexed, ANALYZE) in {took:.0f} s")
    week = Period("week", date(2025, 6, 2), ZoneInfo("UTC"))
    catalog = Catalog.from_entries(
        make_entry(
            code,
            service=code.split(".")[0],
            message="m",
            description="d",
            solution="s",
            source="bench",
            row=n,
        )
        for n, code in enumerate(CODES)
    )
    with QueryLog(path) as log:
        indexed = timed(lambda: log.top_codes(week.start, week.end, 10))
        whole = timed(lambda: compute(log, week, catalog, top=10), repeat=3)
    db = Database(path)
    bare = (
        "SELECT code, count(*) FROM queries NOT INDEXED WHERE ts >= ? AND ts < ? "
        "AND code IS NOT NULL GROUP BY code ORDER BY count(*) DESC LIMIT 10"
    )
    span = [stamp(week.start), stamp(week.end)]
    baseline = timed(lambda: db.execute(bare, span).fetchall(), repeat=3)
    print(f"  weekly top-10 query: {indexed:.1f} ms (floor {floor_ms:.0f} ms)")
    print(
        f"  baseline, same query NOT INDEXED: {baseline:.1f} ms; {baseline / indexed:.0f}x slower"
    )
    print(f"  whole digest (top, 8-week trends, gaps, channels, feedback): {whole:.1f} ms")
    path.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the 10M-row digest")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        bench_one_writer(folder, 50_000)
        bench_threads(folder, 8, 10_000)
        bench_processes(folder, 8, 5_000)
        bench_digest(folder, 1_000_000, 50)
        if not args.quick:
            bench_digest(folder, 10_000_000, 500)


if __name__ == "__main__":
    main()
