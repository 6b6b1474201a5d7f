"""The bot served on a real loopback port, as `hwerr serve` serves it, for e2e tests."""

from __future__ import annotations

import sqlite3
import threading
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

from bot.app import BACKLOG, COMMAND_WORKERS, Deps, Pool, build_app
from bot.config import Settings
from bot.server import create_server, stop, wsgi_app
from catalog.model import Catalog
from tests.e2e.fake_slack import FakeSlack
from tests.e2e.signed import SlackSender

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
BOT_TOKEN = "xoxb-1234-5678-testtokenvalue"


class TrackingExecutor(Pool):
    """A thread pool that can tell when every submitted task has finished.

    Listener and command work run on two of these, so a test can wait for the
    bot to be done with an event, then assert that nothing (more) was posted,
    without sleeping.
    """

    def __init__(self, workers: int = 8, backlog: int = BACKLOG) -> None:
        super().__init__(workers, backlog)
        self._pending = 0
        self._idle = threading.Condition()
        self._running = threading.Event()
        self._running.set()

    def pause(self) -> None:
        """Tasks submitted from now on wait until `resume`."""
        self._running.clear()

    def resume(self) -> None:
        self._running.set()

    def submit(self, fn, /, *args, **kwargs) -> Future:
        with self._idle:
            self._pending += 1
        if not self._running.is_set():
            fn = _after(self._running, fn)
        future = super().submit(fn, *args, **kwargs)
        future.add_done_callback(self._finished)
        return future

    def _finished(self, _: Future) -> None:
        with self._idle:
            self._pending -= 1
            self._idle.notify_all()

    def wait_idle(self, timeout: float = 10.0) -> None:
        with self._idle:
            if not self._idle.wait_for(lambda: self._pending == 0, timeout):
                raise AssertionError(
                    f"{self._pending} listener tasks still running after {timeout}s"
                )


def _after(gate: threading.Event, fn):
    def waiting(*args, **kwargs):
        gate.wait(10)
        return fn(*args, **kwargs)

    return waiting


@dataclass
class RunningBot:
    deps: Deps
    slack: FakeSlack
    sender: SlackSender
    executor: TrackingExecutor
    commands: TrackingExecutor
    _server: object
    _thread: threading.Thread

    def settle(self) -> None:
        """Wait until every event and command sent so far was handled and its rows written."""
        self.executor.wait_idle()
        self.commands.wait_idle()
        self.deps.querylog.flush()

    def rows(self) -> list[tuple]:
        """(source, code, known, query) of every query-log row, oldest first."""
        self.settle()
        with sqlite3.connect(self.deps.settings.db_path) as db:
            return db.execute(
                "SELECT source, code, known, query FROM queries ORDER BY id"
            ).fetchall()

    def stop(self) -> None:
        if not self._thread.is_alive():
            return
        stop(self._server)
        self._thread.join(5)
        self.executor.shutdown(wait=True)
        self.commands.shutdown(wait=True)
        self.deps.querylog.close()


def start_bot(
    slack: FakeSlack, catalog: Catalog, db: Path, env: dict[str, str], backlog: int = BACKLOG
) -> RunningBot:
    """Serve a bot for `catalog` with settings read from `env` (over the test defaults);
    its listener pool holds `backlog` waiting tasks."""
    settings = Settings.from_env(
        {
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": slack.api_url,
            "HWERR_DB": str(db),
            **env,
        }
    )
    executor = TrackingExecutor(backlog=backlog)
    commands = TrackingExecutor(COMMAND_WORKERS)
    deps = Deps.from_settings(settings, catalog, executor=executor, commands=commands)
    server = create_server(wsgi_app(deps, build_app(deps)), "127.0.0.1", 0)
    thread = threading.Thread(target=server.run, name="waitress", daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.effective_port}/slack/events"
    sender = SlackSender(url, SECRET, response_url=slack.response_url())
    return RunningBot(deps, slack, sender, executor, commands, server, thread)
