"""The message shortcut "Explain error codes": any message's codes, explained to the clicker.

For threads (where `/hwerr` cannot be typed) and channels with auto-replies
off. The answer is ephemeral; its "Share in channel" posts in that thread.
"""

from __future__ import annotations

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot import blocks
from bot.answer import answer_text
from bot.app import SHORTCUT_CALLBACK_ID, Deps, later
from bot.blocks import Share
from bot.delivery import Asker, Stopwatch, record, respond

NO_CODE = "No error code found in this message. Try `/hwerr` with a code or a few words."


def register(app: App, deps: Deps) -> None:
    def explain_message(body: dict, context: BoltContext, client: WebClient) -> None:
        watch = Stopwatch()
        message = body.get("message") or {}
        text = message.get("text") or ""
        answer = answer_text(text, deps.catalog, deps.lookup, known_only=False)
        thread = message.get("thread_ts") or message.get("ts")
        share = Share(text, thread_ts=thread, pasted=True)
        if not share.value():
            share = Share(" ".join(e.code for e in answer.explanations), thread_ts=thread)
        reply = (
            blocks.explain(answer, share=share) if answer.explanations else blocks.notice(NO_CODE)
        )
        outcome = respond(body["response_url"], reply)
        asker = Asker(
            "shortcut",
            (body.get("team") or {}).get("id", ""),
            (body.get("channel") or {}).get("id", ""),
            (body.get("user") or {}).get("id", ""),
        )
        record(deps.querylog, answer, asker, watch.ms(), outcome)

    app.shortcut(SHORTCUT_CALLBACK_ID)(later(deps, explain_message))
