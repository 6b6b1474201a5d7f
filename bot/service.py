"""The bot as `hwerr serve` runs it: one process holding the Slack transport, the
digest scheduler and the query log, started together and stopped together.

One process on purpose: one scheduler posts each digest, one writer owns the
SQLite file.
"""

from __future__ import annotations

import logging

from bot import health, server, socket_mode
from bot.app import Deps, build_app
from bot.config import Settings
from bot.digest_post import slack_poster
from bot.scheduler import build_scheduler
from bot.slack_client import web_client

log = logging.getLogger(__name__)


def serve(deps: Deps, socket: bool, host: str) -> None:
    """Serve Slack (Socket Mode or HTTP on $PORT) until SIGTERM/SIGINT, with the digest
    and retention jobs running beside it; the query log is flushed on the way out."""
    settings = deps.settings
    post = slack_poster(web_client(settings))
    scheduler = build_scheduler(settings, deps.querylog, deps.catalog, post, deps.clock)
    scheduler.start()
    try:
        _say_if_token_rejected(settings)
        if socket:
            socket_mode.run(deps, settings)
        else:
            server.serve(deps, build_app(deps), host, settings.port)
    finally:
        scheduler.shutdown(wait=False)
        deps.querylog.close()


def _say_if_token_rejected(settings: Settings) -> None:
    """Ask Slack about the bot token once at start-up (probes then find the verdict
    cached); a refused token keeps the process up, saying so here and on /healthz."""
    verdict = health.token_verdict(settings)
    if verdict.state == "rejected":
        log.error(
            "Slack rejected SLACK_BOT_TOKEN (%s): nothing can be answered and /healthz "
            "says 503 until the token is replaced",
            verdict.detail,
        )
