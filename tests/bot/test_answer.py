"""The Slack-free use case on the shipped seed catalog: queries and pasted texts -> Answers."""

from __future__ import annotations

import pytest

from bot.answer import Answer, answer_query, answer_text, command_word
from catalog.lookup import Lookup
from catalog.model import Catalog, load_default


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_default()


@pytest.fixture(scope="module")
def lookup(catalog: Catalog) -> Lookup:
    return Lookup(catalog)


def ask(query: str, catalog: Catalog, lookup: Lookup) -> Answer:
    return answer_query(query, catalog, lookup)


def test_command_words_are_recognised_alone() -> None:
    assert [command_word(w) for w in ("help", " STATS ", "digest", "help me")] == [
        "help",
        "stats",
        "digest",
        None,
    ]


def test_an_empty_query_is_help(catalog: Catalog, lookup: Lookup) -> None:
    assert ask("  ", catalog, lookup).kind == "help"


def test_codes_come_back_in_the_order_asked(catalog: Catalog, lookup: Lookup) -> None:
    answer = ask("apig.0308 SCM.0014", catalog, lookup)
    assert [e.code for e in answer.explanations] == ["APIG.0308", "SCM.0014"]


def test_an_explicit_status_filters_the_variants(catalog: Catalog, lookup: Lookup) -> None:
    [explanation] = ask("APIG.0201 504", catalog, lookup).explanations
    assert explanation.status_asked and explanation.variant_count == 1
    assert explanation.pages[0].variants[0].http_status == 504


def test_a_status_no_variant_has_keeps_every_variant(catalog: Catalog, lookup: Lookup) -> None:
    """`/hwerr APIG.0201 502`: the code is known, so it is explained in full, never "no code"."""
    [explanation] = ask("APIG.0201 502", catalog, lookup).explanations
    assert explanation.known and explanation.variant_count == 7
    assert explanation.status == 502 and explanation.status_asked


def test_a_status_beside_a_single_variant_code_is_not_a_match_to_announce(
    catalog: Catalog, lookup: Lookup
) -> None:
    """Nothing was reordered for SCM.0014 (one variant), so the reply has nothing to say."""
    [explanation] = answer_text(
        "{status_code:400,error_code:SCM.0014}", catalog, lookup, known_only=True
    ).explanations
    assert explanation.status == 400 and not explanation.status_matched


def test_variants_are_grouped_by_page(catalog: Catalog, lookup: Lookup) -> None:
    [explanation] = ask("APIG.0201", catalog, lookup).explanations
    assert [page.service for page in explanation.pages] == ["API Gateway", "Image Recognition"]
    assert [v.http_status for v in explanation.pages[0].variants] == [400, 413, 414, 494, 503, 504]


def test_an_unknown_code_gets_suggestions_transposition_first(
    catalog: Catalog, lookup: Lookup
) -> None:
    [explanation] = ask("SCM.0041", catalog, lookup).explanations
    assert not explanation.known
    assert explanation.suggestions[0].code == "SCM.0014"


def test_pasted_output_in_a_query_explains_its_codes(catalog: Catalog, lookup: Lookup) -> None:
    pasted = (
        "ClientRequestException - {status_code:504,request_id:0a1b2c3d4e5f60718293a4b5c6d7e8f9,"
        "error_code:APIG.0201,error_msg:Backend timeout.}"
    )
    [explanation] = ask(pasted, catalog, lookup).explanations
    assert explanation.request_id == "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
    assert explanation.status_matched and not explanation.status_asked
    assert explanation.variant_count == 7  # a status found in text filters nothing


def test_auto_replies_leave_unknown_codes_unexplained(catalog: Catalog, lookup: Lookup) -> None:
    answer = answer_text("APIGW.0301 then SCM.0014", catalog, lookup, known_only=True)
    assert [e.code for e in answer.explanations] == ["SCM.0014"]
    assert answer.unexplained == ("APIGW.0301",)


def test_a_code_twice_in_a_text_is_explained_once(catalog: Catalog, lookup: Lookup) -> None:
    answer = answer_text("SCM.0014 ... scm.0014", catalog, lookup, known_only=False)
    assert [e.code for e in answer.explanations] == ["SCM.0014"]


def test_only_keeps_the_codes_a_thread_has_not_seen(catalog: Catalog, lookup: Lookup) -> None:
    answer = answer_text("SCM.0014 APIG.0308", catalog, lookup, known_only=True)
    assert [e.code for e in answer.only(["apig.0308"]).explanations] == ["APIG.0308"]


def test_free_text_gives_hits(catalog: Catalog, lookup: Lookup) -> None:
    answer = ask("request", catalog, lookup)
    assert answer.kind == "search" and len(answer.hits) == 3 and answer.total_hits > 3
