"""Requests Slack did not sign are refused; what people and pages write can never ping or link."""

from __future__ import annotations

import json
import time

from tests.e2e.fake_slack import rendered
from tests.e2e.running import RunningBot
from tests.e2e.signed import message_event, sign

HOSTILE = "<!channel> <!here> <@U0BOSS> <https://evil.example|click me> & zzqx"


def test_a_forged_signature_gets_401_and_no_answer(bot: RunningBot) -> None:
    body = json.dumps({"type": "event_callback", "event": message_event("SCM.0014")}).encode()
    now = int(time.time())
    forged = sign("not-the-secret", now, body)
    assert bot.sender.post(body, "application/json", signature=forged).status == 401
    bot.settle()
    assert bot.slack.posts() == []


def test_a_request_older_than_five_minutes_gets_401(bot: RunningBot) -> None:
    old = int(time.time()) - 5 * 60 - 30
    body = json.dumps({"type": "event_callback", "event": message_event("SCM.0014")}).encode()
    assert bot.sender.post(body, "application/json", timestamp=old).status == 401


def test_url_verification_is_answered_with_the_challenge(bot: RunningBot) -> None:
    body = json.dumps({"type": "url_verification", "challenge": "3eZbrw1aBm2rZgRNFdxV"}).encode()
    reply = bot.sender.post(body, "application/json")
    assert reply.status == 200 and reply.json()["challenge"] == "3eZbrw1aBm2rZgRNFdxV"


def test_user_text_echoed_back_cannot_ping_or_forge_a_link(bot: RunningBot) -> None:
    shown = rendered(bot.sender.command(HOSTILE).json())
    for live in ("<!channel>", "<!here>", "<@U0BOSS>", "<https://evil.example"):
        assert live not in shown
    assert "&lt;!channel&gt;" in shown


def test_catalog_text_is_escaped_and_placeholders_shown_as_code(bot: RunningBot) -> None:
    bot.sender.event(message_event("failed: TEST.0001"))
    [post] = bot.slack.wait_for("chat.postMessage")
    shown = post.blocks_text()
    assert "`&lt;x:x:x&gt;`" in shown
    for live in ("<!channel>", "<@U0ADMIN>", "<https://evil.example"):
        assert live not in shown


def test_tokens_never_reach_a_log_line(bot: RunningBot, caplog) -> None:
    caplog.set_level("DEBUG")
    assert "SCM.0014" in bot.sender.command("SCM.0014").json()["text"]
    bot.settle()
    assert caplog.records
    assert bot.deps.settings.bot_token not in caplog.text
    assert bot.deps.settings.signing_secret not in caplog.text
