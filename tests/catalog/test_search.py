"""Free-text search in English and Chinese, the index and the scan that answers meanwhile."""

from __future__ import annotations

import pytest

from catalog import search
from catalog.search import SearchIndex
from catalog.terms import index_terms, query_terms, stem
from tests.catalog.lookup_samples import sample_entries


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex(sample_entries())


def codes(hits) -> list[str]:
    return [hit.entry.code for hit in hits]


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("证书和私钥不匹配", "SCM.0014"),
        ("image is damaged", "AIS.0503"),
        ("token expired", "APIG.0301"),
        (
            "The request is sent too fast and exceeds the default rate limit of the service.",
            "APIG.0308",
        ),
        ("IMAGE DAMAGED", "AIS.0503"),
        ("后端超时", "APIG.0201"),
    ],
)
def test_the_issue_examples_find_their_entry_first(
    index: SearchIndex, query: str, code: str
) -> None:
    hits, total = index.search(query)
    assert codes(hits)[0] == code
    assert total >= 1


def test_a_two_character_chinese_query_finds_every_entry_holding_it(index: SearchIndex) -> None:
    hits, total = index.search("私钥", limit=None)
    assert sorted(codes(hits)) == ["SCM.0012", "SCM.0014", "SCM.0059"]
    assert total == 3


def test_a_single_chinese_character_is_found_at_the_end_of_a_run_too(index: SearchIndex) -> None:
    hits, _ = index.search("配", limit=None)
    assert sorted(codes(hits)) == ["APIG.0201", "SCM.0014"]  # 检查API配置, 不匹配 (run end)


def test_an_english_inflection_finds_the_other_form(index: SearchIndex) -> None:
    assert "APIG.0301" in codes(index.search("expired")[0])  # the text says "expires"
    assert "AIS.0503" in codes(index.search("damaging images")[0])


def test_a_pasted_sdk_message_with_extra_words_still_finds_its_entry(index: SearchIndex) -> None:
    pasted = (
        "ClientRequestException: the request was sent too fast, "
        "exceeding the rate limit (retry later)"
    )
    hits, _ = index.search(pasted)
    assert codes(hits)[0] == "APIG.0308"


def test_hits_are_limited_but_the_total_counts_every_match(index: SearchIndex) -> None:
    hits, total = index.search("request", limit=2)
    assert len(hits) == 2 and total > 2
    everything, same_total = index.search("request", limit=None)
    assert len(everything) == same_total == total
    assert [hit.score for hit in everything] == sorted(
        (hit.score for hit in everything), reverse=True
    )


def test_the_closer_text_ranks_first(index: SearchIndex) -> None:
    hits, _ = index.search("request body oversized", limit=None)
    assert hits[0].entry.message == "The request body is oversized."


def test_words_that_match_nothing_find_nothing(index: SearchIndex) -> None:
    assert index.search("kubernetes quantum") == ([], 0)
    assert index.search("the of and") == ([], 0)  # stop words only


def test_a_large_catalog_answers_by_scan_while_the_index_builds(monkeypatch) -> None:
    monkeypatch.setattr(search, "BACKGROUND_FROM", 1)
    index = SearchIndex(sample_entries())
    first, first_total = index.search("token expired", limit=None)  # starts the build
    assert index.wait(timeout=30), "the index was never built"
    indexed, indexed_total = index.search("token expired", limit=None)
    assert codes(first)[0] == codes(indexed)[0] == "APIG.0301"
    assert sorted(codes(first)) == sorted(codes(indexed)) and first_total == indexed_total


def test_the_scan_finds_what_the_index_finds() -> None:
    index = SearchIndex(sample_entries())
    for query in ("私钥", "token", "request body", "证书", "image size"):
        terms = query_terms(query)
        indexed = index._matching(terms, every=True)
        assert sorted(index._scan(terms, every=True)) == sorted(indexed), query


@pytest.mark.parametrize(
    ("words", "same"),
    [
        ("expires expired expire expiring", True),
        ("tokens token", True),
        ("denied deny", True),
        ("stopped stop", True),
        ("image damage", False),
    ],
)
def test_the_stemmer_folds_inflections_together(words: str, same: bool) -> None:
    assert (len({stem(word) for word in words.split()}) == 1) is same


def test_chinese_is_indexed_as_bigrams_and_english_as_stems() -> None:
    assert index_terms("私钥不匹配 Tokens expired") == "私钥 钥不 不匹 匹配 配 token expir"
