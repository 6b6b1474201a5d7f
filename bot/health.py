"""Is the bot able to answer people? `/healthz` and `hwerr serve --check` ask here.

Answers come from the catalog, not the database, so a database fault makes the
bot `degraded` (200: it still answers, without recording) and only a missing
catalog or a bot token Slack rejects makes it unable to answer (503), which is
what container probes should restart or hold traffic for. The token is checked
with auth.test at most once per TOKEN_TTL_S, never per probe.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from slack_sdk.errors import SlackApiError, SlackClientError

from bot import config
from bot.config import Settings
from bot.querylog import QueryLog
from bot.slack_client import web_client
from catalog.model import Catalog, load_default

if TYPE_CHECKING:
    from bot.app import Deps

TOKEN_TTL_S = 600.0  # a verdict from Slack holds this long
UNREACHABLE_TTL_S = 60.0  # Slack could not be asked: try again sooner
AUTH_TIMEOUT_S = 3
# auth.test errors that mean the token itself is no good (others are Slack's trouble).
REJECTED = {"invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive"}


@dataclass(frozen=True)
class TokenVerdict:
    state: str  # "accepted", "rejected" or "unverified"
    detail: str
    checked_at: float

    @property
    def fresh(self) -> bool:
        ttl = UNREACHABLE_TTL_S if self.state == "unverified" else TOKEN_TTL_S
        return time.monotonic() - self.checked_at < ttl


_verdicts: dict[tuple[str, str], TokenVerdict] = {}
_verdicts_lock = threading.Lock()


def report(deps: Deps) -> tuple[int, dict]:
    """(HTTP status, JSON body) for GET /healthz."""
    catalog = catalog_summary(deps.catalog)
    database = deps.querylog.status()
    token = token_verdict(deps.settings)
    problems = []
    if not catalog["entries"]:
        problems.append("no catalog loaded")
    if token.state == "rejected":
        problems.append(f"Slack rejected SLACK_BOT_TOKEN ({token.detail})")
    healthy_db = database.get("reachable") and database.get("writable")
    status = "failing" if problems else ("ok" if healthy_db else "degraded")
    body = {
        "status": status,
        "catalog": catalog,
        "database": database,
        "slack": {"token": token.state, "detail": token.detail},
        "problems": problems,
    }
    return (503 if problems else 200), body


def check(settings: Settings, socket: bool | None = None) -> list[str]:
    """Everything `hwerr serve --check` refuses to deploy with, an unwritable database included."""
    problems = config.problems(settings, socket)
    problems += catalog_problems()
    if config.database_folder_problem(settings.db_path) is None:
        problems += database_problems(settings)
    if settings.bot_token.startswith("xoxb-"):
        token = ask_slack(settings)
        if token.state != "accepted":
            problems.append(f"SLACK_BOT_TOKEN could not be confirmed: {token.detail}")
    return problems


def catalog_summary(catalog: Catalog | None) -> dict:
    if catalog is None:
        return {"entries": 0, "services": 0}
    return {"entries": len(catalog), "services": len(catalog.services())}


def catalog_problems() -> list[str]:
    try:
        catalog = load_default()
    except (OSError, ValueError, KeyError, TypeError) as error:
        return [
            f"HWERR_CATALOG: the catalog could not be loaded ({error}); "
            "point it at a file built by `hwerr catalog build`, or unset it for the shipped one"
        ]
    if not len(catalog):
        return ["HWERR_CATALOG: the catalog has no entries; rebuild it with `hwerr catalog build`"]
    return []


def database_problems(settings: Settings) -> list[str]:
    querylog = QueryLog(settings.db_path)
    try:
        status = querylog.status()
    finally:
        querylog.close()
    if status["reachable"] and status["writable"]:
        return []
    return [
        f"HWERR_DB={str(settings.db_path)!r}: the database cannot be written "
        f"(reachable={status['reachable']}); the bot would answer without recording. "
        "Check the file's owner and permissions, or move a corrupt file aside"
    ]


def token_verdict(settings: Settings) -> TokenVerdict:
    """The cached auth.test verdict for this token, asking Slack only when it is stale."""
    key = (settings.api_url, settings.bot_token)
    with _verdicts_lock:
        verdict = _verdicts.get(key)
        if verdict is None or not verdict.fresh:
            verdict = _verdicts[key] = ask_slack(settings)
        return verdict


def ask_slack(settings: Settings) -> TokenVerdict:
    """auth.test, once, quickly: a probe must not hang on Slack."""
    now = time.monotonic()
    if not settings.bot_token:
        return TokenVerdict("rejected", "SLACK_BOT_TOKEN is not set", now)
    client = web_client(settings)
    client.timeout, client.retry_handlers = AUTH_TIMEOUT_S, []
    try:
        answer = client.auth_test()
    except SlackApiError as error:
        code = str(error.response.get("error", "unknown_error"))
        state = "rejected" if code in REJECTED else "unverified"
        return TokenVerdict(state, f"auth.test answered {code}", now)
    except (SlackClientError, OSError) as error:
        reason = f"Slack could not be reached: {type(error).__name__}"
        return TokenVerdict("unverified", reason, now)
    return TokenVerdict("accepted", f"team {answer.get('team_id', '?')}", now)
