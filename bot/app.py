"""The Bolt app: what it listens to, what it needs, and how it is put together.

The constants below are what the Slack app manifests in deploy/ must declare;
a test checks each manifest against them.

Every listener acks at once and does its work in a lazy listener on the
app's thread pool (`process_before_response=True`), so Slack's 3-second ack
never waits for SQLite or the Web API, in HTTP and Socket Mode alike. The
slash command alone answers in its ack when the answer is ready in time.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass, field

from slack_bolt import App
from slack_sdk import WebClient

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

LOG = logging.getLogger("hwerr.app")


@dataclass
class Deps:
    """Everything a listener needs, built once at start-up."""

    settings: Settings
    catalog: Catalog
    lookup: Lookup
    querylog: QueryLog
    clock: Clock = utc_now
    executor: Executor = field(
        default_factory=lambda: ThreadPoolExecutor(WORKERS, thread_name_prefix="hwerr-listener")
    )
    dedupe: Dedupe = field(init=False)

    def __post_init__(self) -> None:
        self.dedupe = Dedupe(self.querylog)

    @classmethod
    def from_settings(cls, settings: Settings, catalog: Catalog, **options: object) -> Deps:
        """Open the query log at HWERR_DB; `options` are further fields (clock, executor)."""
        querylog = QueryLog(settings.db_path, clock=options.get("clock", utc_now))
        lookup = Lookup(catalog, popularity=querylog.popularity)
        return cls(settings=settings, catalog=catalog, lookup=lookup, querylog=querylog, **options)


def build_app(deps: Deps, client: WebClient | None = None) -> App:
    """A Bolt app with every surface registered; `client` defaults to one for the settings.

    Lazy listeners run on `deps.executor`.
    """
    from bot.listeners import actions, command, home, mentions, messages, shortcut

    settings = deps.settings
    app = App(
        name="hwerr",
        client=client or web_client(settings),
        signing_secret=settings.signing_secret or None,
        request_verification_enabled=not settings.socket_mode,
        process_before_response=True,
        listener_executor=deps.executor,
    )
    for surface in (command, messages, mentions, shortcut, home, actions):
        surface.register(app, deps)
    app.error(_log_error)
    return app


def _log_error(error: Exception) -> None:
    """A listener's unexpected error: logged with its type, never with the payload."""
    LOG.error("listener failed: %s", type(error).__name__, exc_info=error)


def ack_now(ack: Callable[[], None]) -> None:
    """Every listener's ack: at once, empty; the answer follows from a lazy listener."""
    ack()
