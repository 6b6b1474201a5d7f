"""/hwerr end to end: signed form posts in, ephemeral answers out through response_url."""

from __future__ import annotations

import json
import re

from bot.listeners import command
from tests.e2e.fake_slack import RESPONSE
from tests.e2e.running import RunningBot


def ask(bot: RunningBot, text: str) -> dict:
    """Send `/hwerr text`; the answer comes back in the ack."""
    reply = bot.sender.command(text)
    assert reply.status == 200
    return reply.json()


def shown(args: dict) -> str:
    return json.dumps(args["blocks"], ensure_ascii=False)


def lines(args: dict) -> list[str]:
    """Every line of every section, as a reader sees them."""
    return [
        line
        for block in args["blocks"]
        if block["type"] == "section"
        for line in block["text"]["text"].splitlines()
    ]


def test_one_code_is_answered_ephemerally_solution_before_description(bot: RunningBot) -> None:
    answer = ask(bot, "SCM.0014")
    text = shown(answer)
    assert answer["response_type"] == "ephemeral"
    assert "SCM.0014 · Cloud Certificate Manager" in text
    assert text.index("请传递正确的证书和私钥") > text.index("上传证书和私钥不匹配")
    assert "*Why*" not in text  # the description says what the message says


def test_several_codes_are_answered_in_the_order_asked(bot: RunningBot) -> None:
    text = shown(ask(bot, "APIG.0308 SCM.0014"))
    assert text.index("APIG.0308") < text.index("SCM.0014")


def test_code_with_status_shows_only_that_variant(bot: RunningBot) -> None:
    text = shown(ask(bot, "APIG.0201 504"))
    assert "Backend timeout." in text
    assert "Bad request." not in text and "Request URI too large." not in text


def test_code_with_a_status_no_variant_has_shows_every_variant_and_says_so(
    bot: RunningBot,
) -> None:
    text = shown(ask(bot, "APIG.0201 502"))
    assert "No code" not in text
    assert "No variant has status 502; every variant is shown." in text
    assert "Backend timeout." in text and "Bad request." in text


def test_code_with_variants_groups_them_by_source_page(bot: RunningBot) -> None:
    text = shown(ask(bot, "APIG.0201"))
    gateway = text.index("*API Gateway*")
    image = text.index("*Image Recognition*")
    statuses = [text.index(f"*{status}*") for status in (400, 413, 414, 494, 503, 504)]
    assert gateway < min(statuses) and max(statuses) < image


def test_service_lists_its_codes(bot: RunningBot) -> None:
    text = shown(ask(bot, "SCM"))
    assert "Cloud Certificate Manager ·" in text and "SCM.0014" in text


def test_free_text_gives_the_best_three_then_how_to_see_all(bot: RunningBot) -> None:
    answer = ask(bot, "request")
    assert len([line for line in lines(answer) if line.startswith("*`")]) == 3
    assert "/hwerr request --all" in shown(answer)


MESSAGE = "上传证书和私钥不匹配"


def test_a_pasted_error_with_no_code_is_searched_by_its_message(bot: RunningBot) -> None:
    """An SDK error whose code field holds the status: the reply says it searched the message."""
    pasted = (
        "ClientRequestException - {status_code:400, error_code:400, error_msg:" + MESSAGE + " }"
    )
    answer = ask(bot, pasted)
    assert f"Best matches for the error message “{MESSAGE}”" in shown(answer)
    assert "SCM.0014" in shown(answer)


def test_a_free_text_search_is_recorded_as_its_top_hit_without_its_words(
    bot: RunningBot,
) -> None:
    """Only a search that matched nothing keeps its words (for the gap report)."""
    answer = ask(bot, "request")
    first_hit = next(line for line in lines(answer) if line.startswith("*`"))
    top = first_hit.split("`")[1]
    assert bot.rows() == [("slash", top, 1, None)]


def test_a_service_listing_is_not_counted_as_a_search_that_found_nothing(
    bot: RunningBot,
) -> None:
    ask(bot, "SCM")
    assert bot.rows() == []


def suggestion_buttons(args: dict) -> list[str]:
    return [
        element["value"]
        for block in args["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
        if element["action_id"].startswith("hwerr_show:")
    ]


def test_unknown_code_offers_suggestions_as_buttons(bot: RunningBot) -> None:
    answer = ask(bot, "SCM.0041")
    assert "No code `SCM.0041`. Did you mean: *`SCM.0014`*" in shown(answer)
    assert suggestion_buttons(answer)[0] == "SCM.0014"


def test_a_typo_names_exactly_the_suggestions_it_offers_buttons_for(bot: RunningBot) -> None:
    """`SCM.014` has ten suggestions (one edit, then nine tied at two): the text names the
    five that get a button, in the same order, and counts the others instead of listing them."""
    answer = ask(bot, "SCM.014")
    [said] = [line for line in lines(answer) if line.startswith("No code")]
    named = re.findall(r"\*`([^`]+)`\*", said)
    assert named == suggestion_buttons(answer) == named[:5]
    assert named[0] == "SCM.0014"
    assert said.endswith(", … (5 more as close)?")


def test_help_explains_the_command(bot: RunningBot) -> None:
    assert "/hwerr APIG.0201 504" in shown(ask(bot, "help"))


def test_stats_shows_the_weeks_top_codes(bot: RunningBot) -> None:
    for text in ("SCM.0014", "SCM.0014", "APIG.0308"):
        ask(bot, text)
    bot.settle()
    text = shown(ask(bot, "stats"))
    assert text.index("`SCM.0014` ×2") < text.index("`APIG.0308` ×1")


def test_an_answer_later_than_the_ack_budget_is_acked_then_posted(
    bot: RunningBot, monkeypatch
) -> None:
    """With the command pool held, the ack still comes in time; the answer follows."""
    monkeypatch.setattr(command, "ACK_BUDGET_S", 0.05)
    bot.commands.pause()
    reply = bot.sender.command("SCM.0014")
    assert (reply.status, reply.body) == (200, b"")
    bot.commands.resume()
    [late] = bot.slack.wait_for(RESPONSE)
    assert late.args["response_type"] == "ephemeral"
    assert "请传递正确的证书和私钥" in late.blocks_text()


def test_share_in_channel_posts_the_same_explanation(bot: RunningBot) -> None:
    answer = ask(bot, "SCM.0014")
    share = next(
        element
        for block in answer["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
        if element["action_id"] == "hwerr_share"
    )
    reply = bot.sender.interactive(
        {
            "type": "block_actions",
            "user": {"id": "UALICE"},
            "channel": {"id": "CINCIDENT"},
            "response_url": bot.slack.response_url("share"),
            "actions": [share],
        }
    )
    assert reply.status == 200
    post = bot.slack.wait_for("chat.postMessage")[0]
    assert post.args["channel"] == "CINCIDENT"
    assert "Shared by <@UALICE>" in post.blocks_text()
    assert "请传递正确的证书和私钥" in post.blocks_text()
    assert "hwerr_share" not in json.dumps(post.blocks)


def test_digest_previews_the_last_complete_period(bot: RunningBot) -> None:
    answer = ask(bot, "digest")
    assert answer["response_type"] == "ephemeral"
    assert answer["blocks"][0]["text"]["text"].startswith("Huawei Cloud errors · ")


def test_stats_and_digest_say_so_while_the_database_is_down(serve, tmp_path) -> None:
    bot = serve(HWERR_DB=str(tmp_path))  # a folder: SQLite cannot open it
    assert "query log cannot be read" in shown(ask(bot, "stats"))
    assert "query log cannot be read" in shown(ask(bot, "digest"))
    assert "SCM.0014 · Cloud Certificate Manager" in shown(ask(bot, "SCM.0014"))
