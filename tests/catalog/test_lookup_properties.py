"""Property: lookup, search and suggest never raise, whatever Unicode they are given."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from catalog.lookup import Lookup
from tests.catalog.lookup_samples import sample_catalog

LOOKUP = Lookup(sample_catalog())
# Any code point (surrogates included), plus the characters this grammar and FTS5 treat specially.
ANY_TEXT = st.text(st.characters(codec=None), max_size=60) | st.lists(
    st.sampled_from(
        ['"', "*", "-", "--all", ".", "．", "私钥", "SCM", "0014", " ", "504", "NEAR", "(", "^"]
    ),
    max_size=12,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_answer_never_raises_and_always_says_what_kind(text: str) -> None:
    result = LOOKUP.answer(text)
    assert result.kind in {"codes", "service", "search", "nothing"}


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT, st.one_of(st.none(), st.integers(min_value=0, max_value=5)))
def test_search_never_raises_and_never_returns_more_than_asked(
    text: str, limit: int | None
) -> None:
    hits, total = LOOKUP.search(text, limit)
    assert len(hits) <= total
    assert limit is None or len(hits) <= limit


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_suggest_never_raises_and_stays_near(text: str) -> None:
    assert all(suggestion.distance <= 3 for suggestion in LOOKUP.suggest(text))
