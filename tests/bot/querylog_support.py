"""Shared by the query-log, digest and scheduler tests: a small catalog, a
hand-moved clock, and a way to put rows into a log at chosen times."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import pytest

from bot.clock import ManualClock
from bot.querylog import QueryLog, QueryRow
from catalog.model import Catalog
from tests.entries import make_entry

MESSAGES = {
    "SCM.0014": "上传证书和私钥不匹配",
    "APIG.0308": "Throttling threshold reached.",
    "LIVE.100011009": "The requested user does not exist.",
    "ECS.0005": "Use <b>&</b> only",  # mrkdwn control characters, to be escaped
}


def small_catalog() -> Catalog:
    return Catalog.from_entries(
        make_entry(
            code,
            service=code.split(".")[0],
            message=message,
            description=message,
            solution="Fix it.",
            row=number,
        )
        for number, (code, message) in enumerate(MESSAGES.items(), 1)
    )


def put(
    log: QueryLog, clock: ManualClock, when: datetime, code: str | None, times: int = 1, **row
) -> None:
    """Record `times` rows for `code` as if asked at `when`."""
    clock.now = when
    known = row.pop("known", code in MESSAGES)
    log.record([QueryRow(source=row.pop("source", "slash"), code=code, known=known, **row)] * times)


def flushed(log: QueryLog) -> QueryLog:
    assert log.flush(10), "the writer did not drain its backlog"
    return log


@contextmanager
def read_only(path: Path) -> Iterator[None]:
    """Make a file or folder read-only for real, even for root (who ignores mode
    bits): chmod, plus the immutable attribute when running as root."""
    mode = path.stat().st_mode
    path.chmod(mode & ~0o222)
    immutable = os.geteuid() == 0
    if immutable:
        if not shutil.which("chattr"):
            path.chmod(mode)
            pytest.skip("running as root without chattr: cannot make a file read-only")
        done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
        if done.returncode:
            path.chmod(mode)
            pytest.skip(f"chattr +i failed here: {done.stderr.decode().strip()}")
    try:
        yield
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(path)], check=True)
        path.chmod(mode)
