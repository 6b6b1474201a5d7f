"""Mentions, DMs, the message shortcut, App Home and the feedback and suggestion buttons."""

from __future__ import annotations

import json

from tests.e2e.fake_slack import BOT_USER_ID, RESPONSE
from tests.e2e.running import RunningBot
from tests.e2e.signed import message_event


def mention(bot: RunningBot, text: str, **options: object) -> dict:
    event = message_event(f"<@{BOT_USER_ID}> {text}", **options)
    assert bot.sender.event({**event, "type": "app_mention"}).status == 200
    return event


def click(bot: RunningBot, action: dict, channel: str = "CINCIDENT") -> None:
    payload = {
        "type": "block_actions",
        "user": {"id": "UBOB"},
        "channel": {"id": channel},
        "response_url": bot.slack.response_url("click"),
        "actions": [action],
    }
    assert bot.sender.interactive(payload).status == 200


def buttons(blocks: list[dict]) -> dict[str, dict]:
    return {
        element["action_id"]: element
        for block in blocks
        if block["type"] == "actions"
        for element in block["elements"]
    }


def test_a_mention_is_answered_like_the_command_in_its_thread(bot: RunningBot) -> None:
    event = mention(bot, "what is SCM.0041?", thread_ts="1700000000.000009")
    [post] = bot.slack.wait_for("chat.postMessage")
    assert post.args["thread_ts"] == "1700000000.000009"
    assert "No code `SCM.0041`. Did you mean" in post.blocks_text()
    assert event["channel"] == post.args["channel"]


def test_a_mention_also_delivered_as_a_message_gets_one_reply(bot: RunningBot) -> None:
    event = mention(bot, "SCM.0014 please")
    bot.sender.event(event)  # the same message as a message.channels event
    bot.settle()
    assert len(bot.slack.posts()) == 1


def test_a_direct_message_is_answered_in_the_dm(bot: RunningBot) -> None:
    event = message_event("APIG.0201 504", channel="DALICE", channel_type="im")
    bot.sender.event(event)
    [post] = bot.slack.wait_for("chat.postMessage")
    assert post.args["channel"] == "DALICE" and "thread_ts" not in post.args
    assert "Backend timeout." in post.blocks_text()
    assert bot.rows() == [("dm", "APIG.0201", 1, None)]


def test_free_text_in_a_dm_keeps_the_query_for_the_gap_report(bot: RunningBot) -> None:
    bot.sender.event(message_event("zzqx nothing like this", channel="DALICE", channel_type="im"))
    bot.slack.wait_for("chat.postMessage")
    assert bot.rows() == [("dm", None, 0, "zzqx nothing like this")]


def test_the_shortcut_explains_a_messages_codes_to_the_clicker(bot: RunningBot) -> None:
    payload = {
        "type": "message_action",
        "callback_id": "explain_error_codes",
        "user": {"id": "UBOB"},
        "channel": {"id": "CINCIDENT"},
        "message": {"text": "deploy died: APIGW.0301 then SCM.0014", "ts": "1700000000.000100"},
        "response_url": bot.slack.response_url("shortcut"),
        "trigger_id": "t1",
    }
    assert bot.sender.interactive(payload).status == 200
    [answer] = bot.slack.wait_for(RESPONSE)
    text = json.dumps(answer.args["blocks"], ensure_ascii=False)
    assert answer.args["response_type"] == "ephemeral"
    assert text.index("APIGW.0301") < text.index("SCM.0014")
    share = buttons(answer.args["blocks"])["hwerr_share"]
    click(bot, share)
    [post] = bot.slack.wait_for("chat.postMessage")
    assert post.args["thread_ts"] == "1700000000.000100"
    assert bot.rows()[0][0] == "shortcut"


def test_app_home_shows_how_to_use_and_the_weeks_top_codes(bot: RunningBot) -> None:
    for _ in range(3):
        bot.sender.command("APIG.0308")
    bot.sender.command("SCM.0014")
    bot.settle()
    event = {"type": "app_home_opened", "user": "UALICE", "channel": "DHOME", "tab": "home"}
    bot.sender.event(event)
    [publish] = bot.slack.wait_for("views.publish")
    view = publish.args["view"]
    view = json.loads(view) if isinstance(view, str) else view
    text = json.dumps(view, ensure_ascii=False)
    assert publish.args["user_id"] == "UALICE" and view["type"] == "home"
    assert "/hwerr SCM.0014" in text
    assert text.index("`APIG.0308` ×3") < text.index("`SCM.0014` ×1")


def test_feedback_buttons_are_recorded(bot: RunningBot) -> None:
    bot.sender.event(message_event("SCM.0014"))
    [post] = bot.slack.wait_for("chat.postMessage")
    found = buttons(post.blocks)
    click(bot, found["hwerr_helpful"])
    click(bot, found["hwerr_not_helpful"])
    bot.slack.wait_for(RESPONSE, 2)
    bot.settle()
    assert bot.deps.querylog.feedback_counts(*week(bot)) == (1, 1)


def week(bot: RunningBot) -> tuple:
    from datetime import timedelta

    now = bot.deps.clock()
    return now - timedelta(days=7), now + timedelta(minutes=1)


def test_a_suggestion_button_shows_that_code(bot: RunningBot) -> None:
    answer = bot.sender.command("SCM.0041").json()
    click(bot, buttons(answer["blocks"])["hwerr_show:0"])
    [shown] = bot.slack.wait_for(RESPONSE)
    assert "SCM.0014 · Cloud Certificate Manager" in json.dumps(
        shown.args["blocks"], ensure_ascii=False
    )


def test_sharing_where_the_bot_is_not_invited_says_how_to_fix_it(bot: RunningBot) -> None:
    answer = bot.sender.command("SCM.0014").json()
    bot.slack.fail("chat.postMessage", "not_in_channel")
    click(bot, buttons(answer["blocks"])["hwerr_share"], channel="CPRIVATE")
    [note] = bot.slack.wait_for(RESPONSE)
    assert "/invite @hwerr" in note.args["text"]
