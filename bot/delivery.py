"""The last steps every listener shares: send the reply, survive Slack's errors, record, log.

A Slack error (the bot is not in the channel, the channel is archived, the
message is too long) or a network failure after the client's retries is
logged and returned as the outcome; no listener ever raises past here.
Recording happens after the reply and can never stop it (QueryLog.record
never raises).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.answer import Answer
from bot.blocks import Message
from bot.dedupe import Claim, Dedupe
from bot.logs import log_event
from bot.querylog import QueryLog, QueryRow
from bot.slack_client import webhook

LOG = logging.getLogger("hwerr.delivery")
OK = "ok"
FAILED = "failed"
# Errors a retry cannot fix: the event is settled although nothing was posted.
PERMANENT = frozenset(
    {"not_in_channel", "channel_not_found", "is_archived", "msg_too_long", "invalid_blocks"}
)
QUERY_SOURCES = frozenset({"slash", "mention", "dm"})


@dataclass(frozen=True)
class Asker:
    """Who asked, where, and through which surface (the query log's `source`)."""

    source: str
    team: str = ""
    channel: str = ""
    user: str = ""


class Stopwatch:
    """Milliseconds since the listener started its work."""

    def __init__(self) -> None:
        self._start = time.perf_counter()

    def ms(self) -> float:
        return (time.perf_counter() - self._start) * 1000


def call(method: str, send: Callable[[], object]) -> str:
    """Run one Web API call; its outcome is "ok", Slack's error code, or "failed"."""
    try:
        send()
    except SlackApiError as error:
        code = str(error.response.get("error") or "slack_error")
        LOG.warning("%s answered %s", method, code)
        return code
    except (OSError, ValueError) as error:
        LOG.warning("%s failed after retries: %s", method, type(error).__name__)
        return FAILED
    return OK


def respond(response_url: str, message: Message, **options: object) -> str:
    """Post to a response_url (ephemeral unless `response_type` says otherwise)."""
    options.setdefault("response_type", "ephemeral")

    def send() -> None:
        response = webhook(response_url).send(text=message.text, blocks=message.blocks, **options)
        if response.status_code != 200:
            raise SlackApiError(f"response_url {response.status_code}", {"error": response.body})

    return call("response_url", send)


def post_claimed(
    client: WebClient, dedupe: Dedupe, claim: Claim, thread_ts: str | None, message: Message
) -> str:
    """Post `message` for a claimed event; settle the claim, or release it for Slack's retry."""
    outcome = call(
        "chat.postMessage",
        lambda: client.chat_postMessage(
            channel=claim.channel, thread_ts=thread_ts, unfurl_links=False, **message.payload()
        ),
    )
    if outcome == OK or outcome in PERMANENT:
        dedupe.done(claim)
    else:
        dedupe.release(claim)
    return "replied" if outcome == OK else outcome


def record(
    querylog: QueryLog, answer: Answer | None, asker: Asker, latency_ms: float, outcome: str
) -> None:
    """One query-log row per code answered (and found unknown), then one log line."""
    rows = rows_for(answer, asker, latency_ms) if answer is not None else []
    querylog.record(rows)
    codes = [row.code for row in rows if row.code]
    log_event(asker.source, asker.channel, codes, latency_ms, outcome)


def rows_for(answer: Answer, asker: Asker, latency_ms: float) -> list[QueryRow]:
    """One row per code explained or found unknown. A free-text search is one row:
    its top hit, or (asked of the bot directly) its words when it found nothing.
    A service listing and the help/stats/digest words are no query about a code."""
    where = {"team": asker.team, "channel": asker.channel, "user": asker.user}
    rows = [
        QueryRow(asker.source, e.code, e.known, e.variant_count, latency_ms=latency_ms, **where)
        for e in answer.explanations
    ]
    rows += [
        QueryRow(asker.source, code, False, latency_ms=latency_ms, **where)
        for code in answer.unexplained
    ]
    if rows or answer.kind in ("service", "help", "stats", "digest"):
        return rows
    if answer.hits:
        top = answer.hits[0].entry.code
        variants = sum(hit.entry.code == top for hit in answer.hits)
        return [QueryRow(asker.source, top, True, variants, latency_ms=latency_ms, **where)]
    if asker.source in QUERY_SOURCES:
        return [
            QueryRow(asker.source, None, False, query=answer.query, latency_ms=latency_ms, **where)
        ]
    return []
