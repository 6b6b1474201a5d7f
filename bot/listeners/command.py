"""`/hwerr …`: an ephemeral answer with a "Share in channel" button.

Acked at once; the answer goes to the command's response_url from a lazy
listener, so `stats`, `digest` and a slow database never hold the ack.
"""

from __future__ import annotations

from datetime import timedelta

from slack_bolt import App

from bot import blocks
from bot.answer import Answer, answer_query, command_word
from bot.app import SLASH_COMMAND, Deps, ack_now
from bot.blocks import Message, Share
from bot.delivery import Asker, Stopwatch, record, respond

STATS_DAYS = 7


def register(app: App, deps: Deps) -> None:
    def answer_command(body: dict) -> None:
        watch = Stopwatch()
        answer, message = command_reply(deps, body.get("text", ""), share=True)
        outcome = respond(body["response_url"], message)
        asker = Asker(
            "slash", body.get("team_id", ""), body.get("channel_id", ""), body.get("user_id", "")
        )
        record(deps.querylog, answer, asker, watch.ms(), outcome)

    app.command(SLASH_COMMAND)(ack=ack_now, lazy=[answer_command])


def command_reply(deps: Deps, query: str, share: bool = False) -> tuple[Answer | None, Message]:
    """What `/hwerr QUERY` answers; the Answer is None for `stats` and `digest`."""
    word = command_word(query)
    if word == "stats":
        return None, stats_message(deps)
    if word == "digest":
        return None, digest_message(deps)
    answer = answer_query(query, deps.catalog, deps.lookup)
    return answer, blocks.explain(answer, share=Share(query.strip()) if share else None)


def stats_message(deps: Deps) -> Message:
    """The last seven days' most asked codes."""
    until = deps.clock()
    top = deps.querylog.top_codes(until - timedelta(days=STATS_DAYS), until)
    return blocks.stats(top, deps.catalog, days=STATS_DAYS)


def digest_message(deps: Deps) -> Message:
    """A preview of the digest the scheduler will post."""
    return stats_message(deps)
