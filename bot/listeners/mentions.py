"""`@hwerr what is SCM.0014?` and direct messages: answered like `/hwerr`, in the thread or DM.

The reply is the full answer (unknown codes, services, free text), posted
for everyone in the conversation. A channel message that mentions the bot
also arrives as a `message` event; the messages listener leaves it to this one.
"""

from __future__ import annotations

import re

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot import blocks
from bot.answer import answer_query
from bot.app import Deps, later
from bot.delivery import Asker, Stopwatch, post_claimed, record
from bot.listeners.messages import PEOPLE_SUBTYPES

MENTION = re.compile(r"<@[UW][A-Z0-9]+(?:\|[^>]*)?>")


def register(app: App, deps: Deps) -> None:
    def answer_mention(body: dict, context: BoltContext, client: WebClient) -> None:
        event = body["event"]
        thread = event.get("thread_ts") or event["ts"]
        answer_asked(deps, client, body, "mention", thread)

    def answer_dm(body: dict, context: BoltContext, client: WebClient) -> None:
        event = body["event"]
        is_bot = bool(event.get("bot_id")) or event.get("subtype") == "bot_message"
        if event.get("subtype") not in PEOPLE_SUBTYPES or (
            is_bot and not deps.settings.reply_to_bots
        ):
            return
        answer_asked(deps, client, body, "dm", event.get("thread_ts"))

    app.event("app_mention")(later(deps, answer_mention))
    app.event("message", matchers=[is_dm])(later(deps, answer_dm))


def is_dm(body: dict) -> bool:
    return body.get("event", {}).get("channel_type") == "im"


def answer_asked(
    deps: Deps, client: WebClient, body: dict, source: str, thread: str | None
) -> None:
    """Answer the event's text as a query, once per event, in `thread` (or the DM itself)."""
    watch = Stopwatch()
    event = body["event"]
    channel = event["channel"]
    query = MENTION.sub(" ", event.get("text") or "").strip()
    answer = answer_query(query, deps.catalog, deps.lookup)
    claim = deps.dedupe.claim(
        body.get("event_id", ""), channel, thread or event["ts"], [e.code for e in answer.known]
    )
    if claim is None:
        return
    outcome = post_claimed(client, deps.dedupe, claim, thread, blocks.explain(answer))
    asker = Asker(source, body.get("team_id", ""), channel, event.get("user", ""))
    record(deps.querylog, answer, asker, watch.ms(), outcome)
