"""`hwerr console`: the bot without Slack, one line at a time.

A line is handled as a new channel message (the auto-reply path: known codes
only, compact); a line starting with `/hwerr` as the slash command, buttons
included, as Slack would show it. Replies
are the same blocks, printed as text; every answer is recorded with source
`console`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from bot import blocks
from bot.answer import answer_text
from bot.app import Deps
from bot.delivery import Asker, Stopwatch, record
from bot.listeners.command import command_reply

COMMAND = "/hwerr"
CHANNEL = "console"
NO_REPLY = "(no reply: no code the catalog knows)"


def run(deps: Deps, lines: Iterable[str], out: TextIO, user: str = "") -> None:
    """Answer each line on `out`, separated by a blank line."""
    asker = Asker("console", channel=CHANNEL, user=user)
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        watch = Stopwatch()
        if line == COMMAND or line.startswith(COMMAND + " "):
            answer, message = command_reply(deps, line[len(COMMAND) :], share=True)
            shown = blocks.as_text(message)
        else:
            answer = answer_text(line, deps.catalog, deps.lookup, known_only=True)
            shown = (
                blocks.as_text(blocks.explain(answer, compact=True)) if answer.known else NO_REPLY
            )
        out.write(shown + "\n\n")
        out.flush()
        record(deps.querylog, answer, asker, watch.ms(), "printed")
