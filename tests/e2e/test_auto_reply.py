"""Auto-replies: signed `message` events in, at most one threaded reply out."""

from __future__ import annotations

from collections.abc import Callable

from tests.e2e.fake_slack import BOT_ID, BOT_USER_ID
from tests.e2e.running import RunningBot
from tests.e2e.signed import message_event

PASTED = (
    "ClientRequestException - {status_code:400,request_id:2f9c1e5b8a7d4c3e9f1a0b2c3d4e5f60,"
    "error_code:SCM.0014,error_msg:上传证书和私钥不匹配} then APIG.0308 as well"
)


def say(bot: RunningBot, text: str, **options: object) -> dict:
    """Post a person's message as Slack delivers it; return the event."""
    event = message_event(text, **options)
    assert bot.sender.event(event).status == 200
    return event


def posts_after_settling(bot: RunningBot) -> list:
    bot.settle()
    return bot.slack.posts()


def test_one_reply_in_the_thread_covering_every_known_code_in_order(bot: RunningBot) -> None:
    event = say(bot, PASTED)
    [post] = posts_after_settling(bot)
    assert post.args["thread_ts"] == event["ts"]
    text = post.blocks_text()
    assert text.index("SCM.0014") < text.index("APIG.0308")
    assert "request id `2f9c1e5b8a7d4c3e9f1a0b2c3d4e5f60`" in text


def test_a_reply_in_a_thread_goes_to_the_threads_root(bot: RunningBot) -> None:
    say(bot, "now SCM.0014", thread_ts="1700000000.000001")
    [post] = posts_after_settling(bot)
    assert post.args["thread_ts"] == "1700000000.000001"


def test_a_code_already_explained_in_the_thread_is_not_explained_again(bot: RunningBot) -> None:
    root = say(bot, "SCM.0014 on deploy")["ts"]
    bot.settle()
    say(bot, "SCM.0014 again", thread_ts=root)
    bot.settle()
    say(bot, "SCM.0014 and now APIG.0308", thread_ts=root)
    _, second = posts_after_settling(bot)
    assert "APIG.0308" in second.blocks_text() and "SCM.0014" not in second.blocks_text()


def test_status_in_pasted_text_puts_its_variant_first_and_says_so(bot: RunningBot) -> None:
    say(bot, '{"status_code": 504, "error_code": "APIG.0201", "error_msg": "Backend timeout."}')
    [post] = posts_after_settling(bot)
    text = post.blocks_text()
    assert "Status 504 was in the text" in text
    assert text.index("Backend timeout.") < text.index("Bad request.")


def test_no_reply_without_a_known_code_but_the_unknown_code_is_recorded(bot: RunningBot) -> None:
    say(bot, "gateway says APIGW.0301 again")
    say(bot, "lunch at noon?")
    assert posts_after_settling(bot) == []
    assert bot.rows() == [("auto", "APIGW.0301", 0, None)]


def test_the_message_text_is_never_stored(bot: RunningBot) -> None:
    say(bot, "secret project X fails with SCM.0014")
    assert bot.rows() == [("auto", "SCM.0014", 1, None)]


def test_auto_channels_narrow_where_the_bot_replies(serve: Callable[..., RunningBot]) -> None:
    bot = serve(HWERR_AUTO_CHANNELS="CINCIDENT,COTHER")
    say(bot, "SCM.0014", channel="CRANDOM")
    say(bot, "SCM.0014", channel="COTHER")
    [post] = posts_after_settling(bot)
    assert post.args["channel"] == "COTHER"


def test_auto_reply_off_stops_replies(serve: Callable[..., RunningBot]) -> None:
    bot = serve(HWERR_AUTO_REPLY="off")
    say(bot, "SCM.0014")
    assert posts_after_settling(bot) == []


def test_own_messages_and_non_people_subtypes_are_ignored(bot: RunningBot) -> None:
    say(bot, "SCM.0014", user=BOT_USER_ID, bot_id=BOT_ID)
    for subtype in ("channel_join", "channel_topic", "message_deleted", "channel_purpose"):
        say(bot, "SCM.0014", subtype=subtype)
    assert posts_after_settling(bot) == []


def test_own_messages_are_ignored_even_when_bots_are_answered(
    serve: Callable[..., RunningBot],
) -> None:
    """With HWERR_REPLY_TO_BOTS=on the bot's own replies (which quote codes) must not loop."""
    bot = serve(HWERR_REPLY_TO_BOTS="on")
    say(bot, "*`SCM.0014`* · HTTP 400", user=BOT_USER_ID, bot_id=BOT_ID)
    say(bot, "SCM.0014 · shared", subtype="bot_message", bot_id=BOT_ID, user=None)
    say(bot, "*`SCM.0014`*", channel="DALICE", channel_type="im", user=BOT_USER_ID, bot_id=BOT_ID)
    assert posts_after_settling(bot) == []


def test_other_bots_are_answered_only_when_switched_on(serve: Callable[..., RunningBot]) -> None:
    alert = {"subtype": "bot_message", "bot_id": "BMONITOR", "user": None}
    quiet = serve()
    say(quiet, "ALERT SCM.0014", **alert)
    assert posts_after_settling(quiet) == []
    quiet.stop()
    talkative = serve(HWERR_REPLY_TO_BOTS="on")
    say(talkative, "ALERT APIG.0308", **alert)
    [post] = posts_after_settling(talkative)
    assert "APIG.0308" in post.blocks_text()


def edit(bot: RunningBot, before: str, after: str, ts: str) -> None:
    event = {
        "type": "message",
        "subtype": "message_changed",
        "channel": "CINCIDENT",
        "channel_type": "channel",
        "hidden": True,
        "ts": f"{ts}1",
        "event_ts": f"{ts}1",
        "message": {"type": "message", "user": "UALICE", "text": after, "ts": ts},
        "previous_message": {"type": "message", "user": "UALICE", "text": before, "ts": ts},
    }
    assert bot.sender.event(event).status == 200


def test_an_edit_is_answered_only_when_it_adds_a_code(bot: RunningBot) -> None:
    ts = say(bot, "failing with SCM.0014")["ts"]
    bot.settle()
    edit(bot, "failing with SCM.0014", "failing with SCM.0014 (typo fixed)", ts)
    edit(bot, "failing with SCM.0014", "failing with SCM.0014 and APIG.0308", ts)
    _, second = posts_after_settling(bot)
    assert second.args["thread_ts"] == ts
    assert "APIG.0308" in second.blocks_text() and "SCM.0014" not in second.blocks_text()


def test_a_retry_of_an_answered_event_never_posts_again(bot: RunningBot) -> None:
    event = message_event("SCM.0014")
    bot.sender.event(event, event_id="EvRETRY1")
    bot.settle()
    for attempt in (1, 2, 3):
        assert bot.sender.event(event, event_id="EvRETRY1", retry_num=attempt).status == 200
    assert len(posts_after_settling(bot)) == 1


def test_a_retry_arriving_while_the_first_delivery_replies_never_posts_again(
    bot: RunningBot,
) -> None:
    gate = bot.slack.hold("chat.postMessage")
    event = message_event("SCM.0014")
    bot.sender.event(event, event_id="EvSLOW")
    bot.sender.event(event, event_id="EvSLOW", retry_num=1)
    gate.set()
    assert len(posts_after_settling(bot)) == 1


def test_an_event_whose_first_delivery_died_is_answered_on_retry(bot: RunningBot) -> None:
    bot.slack.drop("chat.postMessage", times=3)  # the first try and both client retries
    event = message_event("SCM.0014")
    bot.sender.event(event, event_id="EvDIED")
    assert posts_after_settling(bot) == []
    bot.sender.event(event, event_id="EvDIED", retry_num=1)
    assert len(posts_after_settling(bot)) == 1


def test_a_restart_does_not_repeat_a_reply(serve: Callable[..., RunningBot]) -> None:
    first = serve()
    event = message_event("SCM.0014")
    first.sender.event(event, event_id="EvRESTART")
    posts_after_settling(first)
    first.stop()
    second = serve()
    second.sender.event(event, event_id="EvRESTART", retry_num=1)
    say(second, "SCM.0014 still", thread_ts=event["ts"])
    assert len(posts_after_settling(second)) == 1


def test_with_the_database_down_memory_still_stops_double_posts(
    serve: Callable[..., RunningBot], tmp_path
) -> None:
    bot = serve(HWERR_DB=str(tmp_path))  # a folder: SQLite cannot open it
    event = message_event("SCM.0014")
    bot.sender.event(event, event_id="EvNODB")
    bot.settle()
    bot.sender.event(event, event_id="EvNODB", retry_num=1)
    say(bot, "SCM.0014 again", thread_ts=event["ts"])
    assert len(posts_after_settling(bot)) == 1


def test_a_mention_delivered_also_as_a_message_is_left_to_the_mention(bot: RunningBot) -> None:
    say(bot, f"<@{BOT_USER_ID}> what is SCM.0014?")
    assert posts_after_settling(bot) == []
