"""The listener pool under load: a burst waits for places a draining pool frees, a pool stuck
behind a Web API outage sheds at once so that acks stay immediate."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from bot import app
from bot.app import Pool


@pytest.fixture
def gate() -> Iterator[threading.Event]:
    """Holds the pool's tasks until set; set in the end whatever happens."""
    held = threading.Event()
    yield held
    held.set()


def full(pool: Pool, gate: threading.Event) -> None:
    for _ in range(pool.capacity):
        assert pool.offer(gate.wait) is not None


def test_a_draining_pool_takes_a_burst_beyond_its_places(monkeypatch, gate) -> None:
    monkeypatch.setattr(app, "BURST_WAIT_S", 30.0)
    pool = Pool(workers=1, backlog=1)
    full(pool, gate)
    threading.Timer(0.1, gate.set).start()  # places free while the next offer waits
    assert pool.offer(len, "queued") is not None
    pool.shutdown(wait=True)


def test_a_pool_that_finished_nothing_for_a_while_sheds_at_once(monkeypatch, gate) -> None:
    monkeypatch.setattr(app, "BURST_WAIT_S", 30.0)
    now = [0.0]
    pool = Pool(workers=1, backlog=1, clock=lambda: now[0])
    full(pool, gate)
    now[0] += app.STUCK_AFTER_S + 1
    threading.Timer(0.1, gate.set).start()  # a place frees only if the offer waits for it
    assert pool.offer(len, "shed") is None
    pool.shutdown(wait=True)
