"""Buttons: "Share in channel", "Helpful" / "Not helpful", and a suggestion's code."""

from __future__ import annotations

import re
from dataclasses import dataclass

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot import blocks
from bot.answer import Answer, answer_query, answer_text
from bot.app import Deps, later
from bot.blocks import ACTION_HELPFUL, ACTION_NOT_HELPFUL, ACTION_SHARE, ACTION_SHOW, Share
from bot.delivery import OK, Stopwatch, call, respond
from bot.logs import log_event

NOT_IN_CHANNEL = (
    "I am not in this channel, so I cannot post here: invite me with `/invite @hwerr`, "
    "then share again."
)
SHARED = "Shared in the channel."
THANKS = "Thanks: your feedback is recorded."


def register(app: App, deps: Deps) -> None:
    def share(body: dict, context: BoltContext, client: WebClient) -> None:
        watch = Stopwatch()
        clicked = Click.from_body(body)
        try:
            asked = Share.from_value(clicked.value)
        except (ValueError, AttributeError):
            log_event("share", clicked.channel, [], watch.ms(), "bad_value")
            return
        answer = _answer_shared(deps, asked)
        message = blocks.shared_by(blocks.explain(answer), clicked.user)
        outcome = call(
            "chat.postMessage",
            lambda: client.chat_postMessage(
                channel=clicked.channel,
                thread_ts=asked.thread_ts,
                unfurl_links=False,
                **message.payload(),
            ),
        )
        note = SHARED if outcome == OK else NOT_IN_CHANNEL if outcome == "not_in_channel" else ""
        if note and clicked.response_url:
            respond(clicked.response_url, blocks.notice(note), replace_original=outcome == OK)
        log_event("share", clicked.channel, [e.code for e in answer.known], watch.ms(), outcome)

    def feedback(body: dict, context: BoltContext, client: WebClient) -> None:
        watch = Stopwatch()
        clicked = Click.from_body(body)
        helpful = clicked.action_id == ACTION_HELPFUL
        codes = clicked.value.split()
        for code in codes:
            deps.querylog.feedback(
                team=clicked.team,
                channel=clicked.channel,
                user=clicked.user,
                code=code,
                helpful=helpful,
            )
        outcome = OK
        if clicked.response_url:
            outcome = respond(clicked.response_url, blocks.notice(THANKS), replace_original=False)
        log_event(
            "helpful" if helpful else "not_helpful", clicked.channel, codes, watch.ms(), outcome
        )

    def show(body: dict, context: BoltContext, client: WebClient) -> None:
        watch = Stopwatch()
        clicked = Click.from_body(body)
        answer = answer_query(clicked.value, deps.catalog, deps.lookup)
        reply = blocks.explain(answer, share=Share(clicked.value))
        outcome = respond(clicked.response_url, reply, replace_original=False)
        log_event("show", clicked.channel, [e.code for e in answer.known], watch.ms(), outcome)

    app.action(ACTION_SHARE)(later(deps, share))
    app.action(ACTION_HELPFUL)(later(deps, feedback))
    app.action(ACTION_NOT_HELPFUL)(later(deps, feedback))
    app.action(re.compile(f"^{ACTION_SHOW}:\\d+$"))(later(deps, show))


@dataclass(frozen=True)
class Click:
    """The parts of a block_actions payload the buttons need."""

    action_id: str
    value: str
    team: str
    channel: str
    user: str
    response_url: str

    @classmethod
    def from_body(cls, body: dict) -> Click:
        action = (body.get("actions") or [{}])[0]
        return cls(
            action_id=action.get("action_id", ""),
            value=action.get("value", ""),
            team=(body.get("team") or {}).get("id", ""),
            channel=(body.get("channel") or {}).get("id", ""),
            user=(body.get("user") or {}).get("id", ""),
            response_url=body.get("response_url", ""),
        )


def _answer_shared(deps: Deps, asked: Share) -> Answer:
    if asked.pasted:
        return answer_text(asked.query, deps.catalog, deps.lookup, known_only=False)
    return answer_query(asked.query, deps.catalog, deps.lookup)
