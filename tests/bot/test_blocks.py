"""Block Kit rendering: escaping, limits, and the reply layout REPLIES.md asks for."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot import blocks
from bot.answer import Answer, Explanation, group_pages
from bot.blocks import MAX_BLOCKS, MAX_CHARS, MAX_SECTION, Message, Share
from catalog.lookup import Suggestion
from catalog.model import Entry
from tests.entries import make_entry


def entry(code: str, status: int | None = 400, **fields: str) -> Entry:
    values = {
        "message": f"{code} failed",
        "description": f"why {code} failed",
        "solution": f"fix {code}",
        "service": "Test Service",
        "source": "page.md",
    }
    values.update(fields)
    return make_entry(
        code, http_status=status, url="https://support.huaweicloud.com/errorcode.html", **values
    )


def explained(*entries: Entry, **options: object) -> Explanation:
    return Explanation(code=entries[0].code, pages=group_pages(entries, None), **options)


def codes_answer(*explanations: Explanation) -> Answer:
    return Answer(kind="codes", query="q", explanations=explanations)


def sections(message: Message) -> list[str]:
    return [b["text"]["text"] for b in message.blocks if b["type"] == "section"]


def within_limits(message: Message) -> None:
    assert message.text
    assert len(message.blocks) <= MAX_BLOCKS
    assert blocks.size(message.blocks) <= MAX_CHARS
    assert all(len(text) <= MAX_SECTION for text in sections(message))


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("<!channel> now", "&lt;!channel&gt; now"),
        ("<@U123> & <https://evil|x>", "&lt;@U123&gt; &amp; &lt;https://evil|x&gt;"),
    ],
)
def test_escape_turns_slack_controls_into_entities(raw: str, shown: str) -> None:
    assert blocks.escape(raw) == shown


def test_placeholders_are_escaped_and_shown_as_code() -> None:
    text = blocks.mrkdwn("MAC <x:x:x> and {reason} with %s or %(key)s")
    assert text == "MAC `&lt;x:x:x&gt;` and `{reason}` with `%s` or `%(key)s`"


def test_a_backtick_in_code_cannot_close_the_span() -> None:
    assert blocks.code("a`<!here>`b") == "`aˋ&lt;!here&gt;ˋb`"


def test_a_link_with_a_bad_url_is_only_its_label() -> None:
    assert blocks.link("javascript:alert(1)", "docs <b>") == "docs &lt;b&gt;"
    assert (
        blocks.link("https://x.example/?a=1&b=2", "docs") == "<https://x.example/?a=1&amp;b=2|docs>"
    )


@given(st.text(max_size=300))
def test_no_user_text_ever_yields_a_live_control_sequence(text: str) -> None:
    answer = Answer(kind="nothing", query=text)
    rendered = json.dumps(blocks.explain(answer).blocks, ensure_ascii=False)
    assert "<" not in rendered.replace("\\u003c", "") and ">" not in rendered


def test_solution_comes_before_description_and_a_repeat_is_omitted() -> None:
    same = entry("SCM.0014", message="不匹配", description="不匹配。", solution="请传递")
    [text] = sections(blocks.explain(codes_answer(explained(same))))
    assert "*What to do* 请传递" in text and "*Why*" not in text
    different = entry("SCM.0015")
    [text] = sections(blocks.explain(codes_answer(explained(different))))
    assert text.index("*What to do*") < text.index("*Why*")


def test_variants_are_grouped_by_page_then_status() -> None:
    rows = [
        entry("APIG.0201", 504, source="gw.md", service="API Gateway"),
        entry("APIG.0201", 400, source="img.md", service="Image Recognition"),
        entry("APIG.0201", 400, source="gw.md", service="API Gateway"),
    ]
    text = "\n".join(sections(blocks.explain(codes_answer(explained(*rows)))))
    assert text.index("*API Gateway*") < text.index("*400*") < text.index("*504*")
    assert text.index("*504*") < text.index("*Image Recognition*")


def test_a_status_found_in_text_comes_first_and_is_said() -> None:
    rows = [entry("APIG.0201", 400), entry("APIG.0201", 504)]
    found = Explanation(code="APIG.0201", pages=group_pages(rows, 504), status=504)
    message = blocks.explain(codes_answer(found), compact=True)
    assert "Status 504 was in the text" in json.dumps(message.blocks)
    text = sections(message)[0]
    assert text.index("*504*") < text.index("*400*")


def test_a_status_no_variant_has_is_said_before_every_variant() -> None:
    rows = [entry("APIG.0201", 400), entry("APIG.0201", 504)]
    asked = Explanation(
        code="APIG.0201", pages=group_pages(rows, None), status=502, status_asked=True
    )
    text = json.dumps(blocks.explain(codes_answer(asked)).blocks)
    assert "No variant has status 502; every variant is shown." in text
    assert text.index("No variant has status 502") < text.index("*400*") < text.index("*504*")


def near(*distances: int) -> tuple[Suggestion, ...]:
    return tuple(Suggestion(f"SCM.{i:04}", d, False, f"msg {i}") for i, d in enumerate(distances))


def offered(message: Message) -> tuple[str, list[str]]:
    """(the section naming the suggestions, the codes of the suggestion buttons)."""
    values = [
        element["value"]
        for block in message.blocks
        if block["type"] == "actions"
        for element in block["elements"]
        if element["action_id"].startswith(blocks.ACTION_SHOW)
    ]
    return sections(message)[0], values


def test_a_typo_names_the_suggestions_it_has_buttons_for_and_counts_the_equally_close() -> None:
    unknown = Explanation(code="SCM.014", suggestions=near(1, 2, 2, 2, 2, 2, 2, 3))
    text, buttons = offered(blocks.explain(codes_answer(unknown)))
    assert buttons == ["SCM.0000", "SCM.0001", "SCM.0002", "SCM.0003", "SCM.0004"]
    assert text == (
        "No code `SCM.014`. Did you mean: *`SCM.0000`* (msg 0), *`SCM.0001`*, *`SCM.0002`*, "
        "*`SCM.0003`*, *`SCM.0004`*, … (2 more as close)?"
    )


def test_a_typo_with_few_suggestions_names_each_and_no_more() -> None:
    text, buttons = offered(
        blocks.explain(codes_answer(Explanation("X.1", suggestions=near(1, 2))))
    )
    assert buttons == ["SCM.0000", "SCM.0001"]
    assert text.endswith("*`SCM.0000`* (msg 0), *`SCM.0001`*?")


def test_closest_codes_of_a_search_match_their_buttons() -> None:
    answer = Answer(kind="nothing", query="SCM.01", closest=near(2, 2, 2, 2, 2, 2))
    text, buttons = offered(blocks.explain(answer))
    assert len(buttons) == 5
    assert text.count("(msg ") == 5
    assert text.endswith("*`SCM.0004`* (msg 4), … (1 more as close).")


def test_many_codes_are_cut_with_how_to_see_the_rest() -> None:
    many = [explained(entry(f"T.{n:04d}", solution="x" * 900)) for n in range(40)]
    message = blocks.explain(codes_answer(*many))
    within_limits(message)
    more = sections(message)[-1]
    assert more.startswith("… and ") and "more: `/hwerr T." in more
    shown = sum(1 for b in message.blocks if b["type"] == "header")
    assert f"… and {40 - shown} more" in more


@pytest.mark.parametrize("compact", [False, True])
def test_a_code_too_long_for_one_message_is_cut_inside_not_dropped(compact: bool) -> None:
    """Thirty long variants of one code, over several pages: the start is shown, within limits."""
    rows = [
        entry("V.0001", 400 + n, solution="s" * 900, source=f"p{n % 3}.md", service=f"S{n % 3}")
        for n in range(30)
    ]
    message = blocks.explain(codes_answer(explained(*rows)), compact=compact)
    within_limits(message)
    text = "\n".join(sections(message))
    assert "*400*" in text or "HTTP 400" in text
    assert "and 1 more" not in text


def test_a_huge_service_listing_stays_within_limits() -> None:
    listing = tuple(entry(f"BIG.{n:04d}", message="m" * 200) for n in range(500))
    message = blocks.explain(Answer(kind="service", query="BIG", service="Big", listing=listing))
    within_limits(message)
    assert "more: `/hwerr BIG --all`" in sections(message)[-1]


def test_an_over_long_message_is_cut_to_a_section() -> None:
    message = blocks.explain(codes_answer(explained(entry("L.0001", message="m" * 10_000))))
    within_limits(message)


def test_the_share_button_carries_the_query_and_thread() -> None:
    share = Share("SCM.0014", thread_ts="1.2")
    message = blocks.explain(codes_answer(explained(entry("SCM.0014"))), share=share)
    [actions] = [b for b in message.blocks if b["type"] == "actions"]
    value = actions["elements"][0]["value"]
    assert Share.from_value(value) == share


def test_a_share_too_long_for_a_button_is_left_out() -> None:
    message = blocks.explain(codes_answer(explained(entry("S.0001"))), share=Share("x" * 5000))
    assert "hwerr_share" not in json.dumps(message.blocks)


def test_shared_by_names_a_valid_user_only() -> None:
    base = blocks.explain(codes_answer(explained(entry("S.0001"))), share=Share("S.0001"))
    assert "<@U024BE7LH>" in json.dumps(blocks.shared_by(base, "U024BE7LH").blocks)
    forged = json.dumps(blocks.shared_by(base, "U1> <!channel").blocks)
    assert "<!channel" not in forged and "hwerr_share" not in forged


def test_as_text_reads_like_the_message() -> None:
    page = entry("SCM.0014", message="a <b> & c")
    text = blocks.as_text(blocks.explain(codes_answer(explained(page))))
    assert "a `<b>` & c" in text
    assert "Test Service error codes (https://support.huaweicloud.com/errorcode.html)" in text
