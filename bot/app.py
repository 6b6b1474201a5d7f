"""The Bolt app: what it listens to, what it needs, and how it is put together.

The constants below are what the Slack app manifests in deploy/ must declare;
a test checks each manifest against them.

Every listener acks at once and hands its work to the app's thread pool
(`later`), so Slack's 3-second ack never waits for SQLite or the Web API, in
HTTP and Socket Mode alike. When that pool is full (a Web API outage holds
every thread in retries), further work is shed with a log line rather than
left to hold the request thread: an unacked burst would take every server
thread, and the next slash command with it. The slash command has threads of
its own, so it never queues behind auto-replies, and answers in its ack when
the answer is ready in time.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from slack_bolt import Ack, App, BoltContext
from slack_bolt.error import BoltError
from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError

from bot.blocks import ACTION_HELPFUL, ACTION_NOT_HELPFUL, ACTION_SHARE, ACTION_SHOW
from bot.clock import Clock, utc_now
from bot.config import Settings
from bot.dedupe import Dedupe
from bot.querylog import QueryLog
from bot.slack_client import web_client
from catalog.lookup import Lookup
from catalog.model import Catalog

SLASH_COMMAND = "/hwerr"
SHORTCUT_CALLBACK_ID = "explain_error_codes"
SHORTCUT_NAME = "Explain error codes"
BOT_EVENTS = ("message.channels", "message.groups", "message.im", "app_mention", "app_home_opened")
BOT_SCOPES = (
    "commands",  # /hwerr and the message shortcut
    "chat:write",  # replies, shares, ephemeral answers
    "channels:history",  # message.channels
    "groups:history",  # message.groups
    "im:history",  # message.im
    "app_mentions:read",  # app_mention
)
ACTION_IDS = (ACTION_SHARE, ACTION_HELPFUL, ACTION_NOT_HELPFUL, ACTION_SHOW)
WORKERS = 16
BACKLOG = 256
# How long an event may wait for a place in a full pool that is draining: a burst is absorbed
# (each place frees in milliseconds), and the ack still leaves well inside Slack's 3 s.
BURST_WAIT_S = 0.5
# A full pool that finished nothing for this long is stuck (replies retrying through a Web API
# outage): events are shed at once, so that acks stay immediate however many arrive.
STUCK_AFTER_S = 1.0
COMMAND_WORKERS = 4  # people typing /hwerr: a few at once, each a lookup of a millisecond

LOG = logging.getLogger("hwerr.app")


@dataclass
class Deps:
    """Everything a listener needs, built once at start-up."""

    settings: Settings
    catalog: Catalog
    lookup: Lookup
    querylog: QueryLog
    clock: Clock = utc_now
    executor: Pool = field(default_factory=lambda: Pool())
    commands: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(COMMAND_WORKERS, "hwerr-command")
    )
    dedupe: Dedupe = field(init=False)

    def __post_init__(self) -> None:
        self.dedupe = Dedupe(self.querylog)

    @classmethod
    def from_settings(cls, settings: Settings, catalog: Catalog, **options: object) -> Deps:
        """Open the query log at HWERR_DB; `options` are further fields (clock, the pools)."""
        querylog = QueryLog(settings.db_path, clock=options.get("clock", utc_now))
        lookup = Lookup(catalog, popularity=querylog.popularity)
        return cls(settings=settings, catalog=catalog, lookup=lookup, querylog=querylog, **options)


def build_app(deps: Deps, client: WebClient | None = None) -> App:
    """A Bolt app with every surface registered; `client` defaults to one for the settings.

    Listener work runs on `deps.executor`.
    """
    from bot.listeners import actions, command, home, mentions, messages, shortcut

    settings = deps.settings
    options = {
        "name": "hwerr",
        # Bolt copies the level of its base logger into each of its own; with this
        # one (level unset) they follow whatever `bot.logs.configure` sets, later or not.
        "logger": logging.getLogger("slack_bolt.hwerr"),
        "client": client or web_client(settings),
        "signing_secret": settings.signing_secret or None,
        "request_verification_enabled": not settings.socket_mode,
        "process_before_response": True,
        "listener_executor": deps.executor,
    }
    try:
        app = App(**options)  # asks auth.test now
    except (BoltError, SlackClientError, OSError) as error:
        # Slack refused the token or could not be reached: serve anyway, so /healthz can
        # say why (503 for a refused token) instead of the process dying before any probe.
        LOG.warning("auth.test at start-up failed (%s); Bolt asks again on the next request", error)
        app = App(**options, token_verification_enabled=False)
    for surface in (command, messages, mentions, shortcut, home, actions):
        surface.register(app, deps)
    app.error(_log_error)
    return app


def _log_error(error: Exception) -> None:
    """A listener's unexpected error: logged with its type, never with the payload."""
    LOG.error("listener failed: %s", type(error).__name__, exc_info=error)


Work = Callable[[dict, BoltContext, WebClient], None]


def later(deps: Deps, work: Work) -> Callable[..., None]:
    """A listener that acks at once and runs `work(body, context, client)` on the pool.

    Unlike Bolt's lazy listeners, the request is not deep-copied: the parsed
    body is handed over as it is, which halves the cost of an event.
    """

    def listener(ack: Ack, body: dict, context: BoltContext, client: WebClient) -> None:
        ack()
        if deps.executor.offer(_logged, work, body, context, client) is None:
            LOG.warning(
                "listener pool full (%d tasks): %s of %s shed, not answered",
                deps.executor.capacity,
                work.__name__,
                body.get("event_id") or body.get("type") or "a request",
            )

    return listener


def _logged(work: Work, body: dict, context: BoltContext, client: WebClient) -> None:
    """Run listener work; an error is logged (a pool would keep it in a future no one reads)."""
    try:
        work(body, context, client)
    except Exception as error:
        _log_error(error)


class Pool(ThreadPoolExecutor):
    """Listener work: WORKERS threads and at most BACKLOG tasks waiting for them.

    Beyond that a task is refused (`offer` returns None), after waiting up to
    BURST_WAIT_S for a place while the pool is draining, at once while it is stuck:
    memory stays flat however fast events arrive, and the request thread that
    offered it is soon free to ack.
    """

    def __init__(
        self,
        workers: int = WORKERS,
        backlog: int = BACKLOG,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(workers, thread_name_prefix="hwerr-listener")
        self.capacity = workers + backlog
        self._places = threading.BoundedSemaphore(self.capacity)
        self._clock = clock
        self._last_done = clock()

    def offer(self, fn, /, *args, **kwargs) -> Future | None:
        """Queue `fn(*args, **kwargs)` once a place is free; None, and nothing queued, if none
        is (see the class)."""
        draining = self._clock() - self._last_done < STUCK_AFTER_S
        if not self._places.acquire(timeout=BURST_WAIT_S if draining else 0):
            return None
        try:
            future = self.submit(fn, *args, **kwargs)
        except BaseException:
            self._places.release()
            raise
        future.add_done_callback(self._done)
        return future

    def _done(self, _: Future) -> None:
        self._last_done = self._clock()
        self._places.release()
