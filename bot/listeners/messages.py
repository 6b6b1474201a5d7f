"""Auto-replies: a message in a channel holding known codes gets one reply in its thread.

Only people's words are read (and other bots' with HWERR_REPLY_TO_BOTS=on);
an edit is answered only for codes it adds; a message that mentions the bot is
left to the mention listener, so it gets one reply, not two. Retries and
codes already explained in the thread are settled by `bot.dedupe`.
"""

from __future__ import annotations

from dataclasses import dataclass

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot import blocks
from bot.answer import answer_text
from bot.app import Deps, later
from bot.config import Settings
from bot.delivery import Asker, Stopwatch, post_claimed, record

PEOPLE_SUBTYPES = frozenset({None, "thread_broadcast", "file_share", "me_message"})
EDIT = "message_changed"


@dataclass(frozen=True)
class Posted:
    """The message to read: its text, author, and the thread a reply goes to."""

    text: str
    user: str
    thread_ts: str
    edit_of: str | None = None  # the text before an edit


def register(app: App, deps: Deps) -> None:
    def auto_reply(body: dict, context: BoltContext, client: WebClient) -> None:
        event = body["event"]
        posted = readable(event, context, deps.settings)
        if posted is None:
            return
        answer_message(deps, client, body, event["channel"], posted)

    app.event("message", matchers=[in_channel])(later(deps, auto_reply))


def in_channel(body: dict) -> bool:
    """Channel and group messages; DMs belong to the mentions listener."""
    return body.get("event", {}).get("channel_type") != "im"


def readable(event: dict, context: BoltContext, settings: Settings) -> Posted | None:
    """The message to answer, or None: turned off here, not people's words, ours, a mention."""
    channel = event.get("channel", "")
    if not settings.auto_reply or (
        settings.auto_channels and channel not in settings.auto_channels
    ):
        return None
    subtype = event.get("subtype")
    message, before = (
        (event.get("message") or {}, event.get("previous_message"))
        if subtype == EDIT
        else (event, None)
    )
    if subtype != EDIT and subtype not in PEOPLE_SUBTYPES | {"bot_message"}:
        return None
    if message.get("subtype") not in PEOPLE_SUBTYPES | {"bot_message"}:
        return None
    is_bot = bool(message.get("bot_id")) or message.get("subtype") == "bot_message"
    if is_ours(message, context) or (is_bot and not settings.reply_to_bots):
        return None
    text = message.get("text") or ""
    if context.bot_user_id and f"<@{context.bot_user_id}>" in text:
        return None
    return Posted(
        text=text,
        user=message.get("user") or message.get("bot_id") or "",
        thread_ts=message.get("thread_ts") or message.get("ts") or event.get("ts", ""),
        edit_of=(before or {}).get("text", "") if subtype == EDIT else None,
    )


def is_ours(message: dict, context: BoltContext) -> bool:
    return bool(
        (context.bot_id and message.get("bot_id") == context.bot_id)
        or (context.bot_user_id and message.get("user") == context.bot_user_id)
    )


def answer_message(deps: Deps, client: WebClient, body: dict, channel: str, posted: Posted) -> None:
    """Find codes, claim the event, post once in the thread, record what was found."""
    watch = Stopwatch()
    answer = answer_text(posted.text, deps.catalog, deps.lookup, known_only=True)
    if posted.edit_of is not None:
        before = answer_text(posted.edit_of, deps.catalog, deps.lookup, known_only=True)
        answer = answer.only(
            e.code
            for e in answer.explanations
            if e.code not in {b.code for b in before.explanations}
        )
    if not answer.explanations and not answer.unexplained:
        return
    claim = deps.dedupe.claim(
        body.get("event_id", ""), channel, posted.thread_ts, [e.code for e in answer.explanations]
    )
    if claim is None:
        return
    asker = Asker("auto", body.get("team_id", ""), channel, posted.user)
    fresh = answer.only(claim.codes)
    if not fresh.explanations:
        deps.dedupe.done(claim)
        record(deps.querylog, answer, asker, watch.ms(), "nothing_new")
        return
    outcome = post_claimed(
        client, deps.dedupe, claim, posted.thread_ts, blocks.explain(fresh, compact=True)
    )
    record(deps.querylog, answer, asker, watch.ms(), outcome)
