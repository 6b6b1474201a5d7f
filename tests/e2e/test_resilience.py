"""Slack's rate limits, dropped connections and API errors; a huge message stalls nothing."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor, wait

from bot import server
from bot.blocks import MAX_BLOCKS, MAX_CHARS, MAX_SECTION
from bot.listeners import command
from tests.e2e.fake_slack import RESPONSE, rendered
from tests.e2e.running import RunningBot
from tests.e2e.signed import message_event


def test_a_429_is_retried_after_retry_after(bot: RunningBot) -> None:
    bot.slack.rate_limit("chat.postMessage", retry_after=1)
    bot.sender.event(message_event("SCM.0014"))
    [post] = bot.slack.wait_for("chat.postMessage")
    [limited] = bot.slack.calls_to("chat.postMessage", outcome="rate_limited")
    assert post.at - limited.at >= 1.0


def test_a_dropped_connection_is_retried(bot: RunningBot) -> None:
    bot.slack.drop("chat.postMessage")
    bot.sender.event(message_event("SCM.0014"))
    bot.slack.wait_for("chat.postMessage")
    assert len(bot.slack.calls_to("chat.postMessage", outcome="dropped")) == 1


def test_slack_api_errors_are_logged_and_survived(bot: RunningBot, caplog) -> None:
    errors = ("not_in_channel", "channel_not_found", "is_archived", "msg_too_long")
    for error in errors:
        bot.slack.fail("chat.postMessage", error)
    for _ in errors:
        bot.sender.event(message_event("SCM.0014"))
        bot.settle()
    bot.sender.event(message_event("APIG.0308"))
    bot.slack.wait_for("chat.postMessage")
    bot.settle()
    logged = caplog.text
    assert all(f"chat.postMessage answered {error}" in logged for error in errors)
    assert [row[1] for row in bot.rows()] == ["SCM.0014"] * 4 + ["APIG.0308"]


def test_a_40000_character_message_does_not_delay_the_next_command(bot: RunningBot) -> None:
    bot.sender.event(message_event("A." * 20_000))
    answer = bot.sender.command("SCM.0014")
    assert "请传递正确的证书和私钥" in rendered(answer.json())
    assert answer.seconds < 2.0
    bot.settle()
    assert bot.slack.posts() == []


def within_block_kit_limits(message: dict) -> None:
    blocks = message["blocks"]
    blocks = json.loads(blocks) if isinstance(blocks, str) else blocks
    assert message["text"] and len(blocks) <= MAX_BLOCKS
    assert len(json.dumps(blocks, ensure_ascii=False)) <= MAX_CHARS
    assert all(len(b["text"]["text"]) <= MAX_SECTION for b in blocks if b["type"] == "section")


def test_a_huge_answer_keeps_block_kit_limits_and_names_the_rest(bot: RunningBot) -> None:
    """Every catalog code at once, asked and pasted: both replies fit and say what is left."""
    codes = sorted({entry.code for entry in bot.deps.catalog.entries})
    assert len(codes) > 60
    answer = bot.sender.command(" ".join(codes)).json()
    within_block_kit_limits(answer)
    assert "more: `/hwerr " in rendered(answer)
    bot.sender.event(message_event("failures: " + ", ".join(codes)))
    [post] = bot.slack.wait_for("chat.postMessage")
    within_block_kit_limits(post.args)
    assert "more: `/hwerr " in post.blocks_text()


def test_a_command_is_answered_at_once_while_a_web_api_outage_fills_the_listener_pool(
    serve, caplog, monkeypatch
) -> None:
    """chat.postMessage hangs; message events take every listener thread and waiting place,
    then keep coming (more than the server has threads). Each is still acked within Slack's
    3 s, those with no place after a short wait are shed with a log line, and a /hwerr sent
    meanwhile is acked within 3 s carrying its answer: it never queues behind the stuck
    auto-replies. An answer later than the ack budget reaches its response_url during the
    outage too."""
    bot = serve(backlog=4)
    held = bot.slack.hold("chat.postMessage")
    try:
        for n in range(bot.executor.capacity):
            assert bot.sender.event(message_event(f"SCM.0014 #{n}")).status == 200
        extra = server.THREADS + 4
        with ThreadPoolExecutor(extra) as senders:
            flood = [
                senders.submit(bot.sender.event, message_event(f"APIG.0308 #{n}"))
                for n in range(extra)
            ]
            done, late = wait(flood, timeout=3.0)
            assert not late, f"{len(late)} of {extra} events not acked in 3 s: the pool holds them"
        assert all(reply.result().status == 200 for reply in done)
        assert caplog.text.count("listener pool full") == extra
        reply = bot.sender.command("APIG.0308")
        assert reply.status == 200 and reply.seconds < 3.0
        assert "Throttling threshold reached." in rendered(reply.json())
        monkeypatch.setattr(command, "ACK_BUDGET_S", 0.05)
        bot.commands.pause()  # the answer misses the ack budget
        reply = bot.sender.command("SCM.0014")
        assert (reply.status, reply.body) == (200, b"") and reply.seconds < 3.0
        bot.commands.resume()
        [answer] = bot.slack.wait_for(RESPONSE)
        assert "请传递正确的证书和私钥" in answer.blocks_text()
        assert bot.slack.posts() == []  # the outage is still on
    finally:
        held.set()
