"""Properties of the finder over generated text: every dotted catalog code is found wherever
separators put it, normalisation is idempotent, and no input makes find_codes raise."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from catalog.codes import find_codes, normalize
from catalog.words import HAS_ANCHOR, anchored_words, dense_words
from tests.catalog.test_codes import CATALOG

DOTTED = [code for code in CATALOG.codes() if "." in code and code.rpartition(".")[2].isdigit()]
SEPARATORS = list(" \t\n,;:!?()[]{}<>\"'`*~/|=&") + list("，。；：！？（）【】「」『』《》、“”‘’　")
CHINESE = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
FILLER = st.text(
    alphabet=st.one_of(st.sampled_from(SEPARATORS), CHINESE, st.sampled_from("abcXYZ0129.-_")),
    max_size=30,
)


def spelled(code: str, draw_case: list[bool]) -> str:
    return "".join(c.upper() if up else c.lower() for c, up in zip(code, draw_case, strict=False))


@settings(max_examples=300, deadline=None)
@given(
    code=st.sampled_from(DOTTED),
    before=FILLER,
    after=FILLER,
    left=st.one_of(st.sampled_from(SEPARATORS), CHINESE),
    right=st.one_of(st.sampled_from(SEPARATORS), CHINESE),
    case=st.lists(st.booleans(), min_size=40, max_size=40),
)
def test_a_dotted_catalog_code_between_separators_is_found_with_its_span(
    code: str, before: str, after: str, left: str, right: str, case: list[bool]
) -> None:
    written = spelled(code, case)
    text = before + left + written + right + after
    start = len(before) + len(left)
    mentions = {m.code: m for m in find_codes(text, CATALOG)}
    assert code in mentions
    mention = mentions[code]
    assert mention.known
    assert text[mention.start : mention.end] == mention.written
    # The first appearance may be earlier only if the filler spelled the same code.
    assert mention.start == start or mention.start < start


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_normalize_is_idempotent(text: str) -> None:
    assert normalize(normalize(text)) == normalize(text)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(codec=None), max_size=400))
def test_find_codes_never_raises_and_spans_lie_in_the_text(text: str) -> None:
    for mention in find_codes(text, CATALOG):
        assert 0 <= mention.start < mention.end <= len(text)
        assert text[mention.start : mention.end] == mention.written


PIECES = [*"{}[]\"'\\:=<>&;., \n_-.", "code", "Code", "error_code", "request_id", "status"]
PIECES += ["SCM.0014", "APIG", ".0201", "409", "400", "&gt;", "&lt;", '\\"', "AccessDenied"]
NOISY = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


@settings(max_examples=500, deadline=None)
@given(NOISY)
def test_find_codes_survives_text_made_of_the_pieces_it_looks_for(text: str) -> None:
    for mention in find_codes(text, CATALOG):
        assert text[mention.start : mention.end] == mention.written
        assert mention.status is None or 100 <= mention.status <= 599


WORDY = st.lists(
    st.sampled_from(
        [*"aZ09._-\\%. \n,é中", "SCM.0014", "u0022", "2C", "A.1", "SV12.3", "DRS.M0", "x.KE1"]
    ),
    max_size=60,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(WORDY)
def test_the_dense_and_the_anchored_word_readers_agree(text: str) -> None:
    """A text thick with dots is read by a different path, which splits out every word; its words
    lie where it says, and those with an anchor are the words, at the same places, that the
    one-match-per-anchor path finds."""
    dense = list(zip(*dense_words(text), strict=True))
    assert all(text[start : start + len(word)] == word for word, start in dense)
    anchored = [(word, start) for word, start in dense if HAS_ANCHOR.search(word)]
    assert anchored == list(zip(*anchored_words(text), strict=True))
