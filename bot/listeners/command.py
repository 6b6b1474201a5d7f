"""`/hwerr …`: an ephemeral answer with a "Share in channel" button.

The answer is worked out on the command pool (threads no event listener
uses, so a backlog of auto-replies stuck in a Web API outage never delays
it) while the request waits up to ACK_BUDGET_S: a lookup takes well under a
millisecond, so it usually travels in the ack itself (one round trip, nothing
to post). Whatever takes longer (`stats` or `digest` on a slow database, a
burst of commands) is acked empty in time for Slack's 3 seconds and posted to
the response_url when ready.
"""

from __future__ import annotations

from concurrent.futures import Future
from concurrent.futures import TimeoutError as Late
from datetime import timedelta

from slack_bolt import Ack, App

from bot import blocks
from bot.answer import Answer, answer_query, command_word
from bot.app import SLASH_COMMAND, Deps
from bot.blocks import Message, Share
from bot.delivery import Asker, Stopwatch, record, respond
from bot.digest import digest_for
from bot.digest_blocks import digest_message as digest_message_parts
from bot.querylog import QueryLogDown

STATS_DAYS = 7
ACK_BUDGET_S = 2.0  # Slack gives up on an ack after 3 s

Reply = tuple[Answer | None, Message]


def register(app: App, deps: Deps) -> None:
    def answer_command(ack: Ack, body: dict) -> None:
        watch = Stopwatch()
        asker = Asker(
            "slash", body.get("team_id", ""), body.get("channel_id", ""), body.get("user_id", "")
        )
        work = deps.commands.submit(command_reply, deps, body.get("text", ""), True)
        try:
            answer, message = work.result(timeout=ACK_BUDGET_S)
        except Late:
            ack()
            work.add_done_callback(lambda done: _post_late(deps, done, body, asker, watch))
            return
        ack(response_type="ephemeral", **message.payload())
        record(deps.querylog, answer, asker, watch.ms(), "acked")

    app.command(SLASH_COMMAND)(answer_command)


def _post_late(deps: Deps, done: Future, body: dict, asker: Asker, watch: Stopwatch) -> None:
    answer, message = done.result()
    outcome = respond(body["response_url"], message)
    record(deps.querylog, answer, asker, watch.ms(), outcome)


def command_reply(deps: Deps, query: str, share: bool = False) -> Reply:
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
    return blocks.stats(recent_top(deps), deps.catalog, days=STATS_DAYS)


def recent_top(deps: Deps) -> list[tuple[str, int]] | None:
    """The last STATS_DAYS days' most asked codes; None while the query log is down."""
    until = deps.clock()
    try:
        return deps.querylog.top_codes(until - timedelta(days=STATS_DAYS), until)
    except QueryLogDown:
        return None


def digest_message(deps: Deps) -> Message:
    """A preview of the last complete period's digest, as the scheduler will post it."""
    try:
        digest = digest_for(deps.querylog, deps.catalog, deps.settings, deps.clock())
    except QueryLogDown:
        return blocks.notice("The digest is unavailable: the query log cannot be read right now.")
    text, digest_blocks = digest_message_parts(digest)
    return Message(text=text, blocks=digest_blocks)
