"""What a word's signature says of it: its shape, and the check that tells an unknown code."""

from __future__ import annotations

import sys
import threading

import pytest

from catalog import shapes
from catalog.shapes import NOTHING, Check, Shapes, is_plain, signatures

# Catalog codes compared without case.
KEYS = ["scm.0014", "scm.0031", "apig.0201", "cci.01.400101", "live.100011001", "111400010"]


def check_of(word: str, catalog: Shapes | None = None) -> Check | None:
    (check,), _ = (catalog or Shapes(KEYS)).read(signatures([word]))
    return check


def test_a_signature_is_each_character_as_its_kind() -> None:
    assert signatures(["SCM.0014", "scm-x_1.2", "Aa9"]) == [b"AAA.9999", b"aaa-a_9.9", b"Aa9"]
    assert signatures([]) == []


@pytest.mark.parametrize(
    ("word", "plain"),
    [
        ("SCM.0014", True),
        ("CCI.01.400101", True),
        ("SVCSTG.CCE-ADDONMGR.4000003", True),
        ("v2.0", False),  # no anchor: a letter and a digit before the dot
        ("SCM.0014.", False),
        ("A-" * 20_000 + "A.123", False),  # a part longer than any code's
    ],
)
def test_a_plain_word_is_a_dotted_code_and_nothing_else(word: str, plain: bool) -> None:
    assert is_plain(word) is plain


def test_a_capitalised_prefix_needs_no_catalog_prefix_and_a_lower_case_one_does() -> None:
    assert check_of("APIGW.0301").head == NOTHING
    assert check_of("scm.9999").head == slice(0, 3)
    assert check_of("app.log.20241105") is None  # no catalog prefix is seven characters long


def test_the_cuts_are_where_a_known_code_could_be_cut_out() -> None:
    # SCM.00145 holds SCM.0014: the catalog has codes of prefix length 3 and number length 4.
    assert check_of("SCM.00145").cuts == (slice(0, 8),)
    # XSCM.0014 holds SCM.0014: a first part of 3 after dropping one letter.
    assert check_of("XSCM.0014").cuts == (slice(1, 9),)
    # No code of the catalog has a two-letter prefix and a five-digit number.
    assert check_of("QQ.12345").cuts == ()


def test_words_of_too_short_a_number_or_not_plain_have_no_check() -> None:
    assert check_of("SCM.14") is None  # two digits: too short for an unknown code
    assert check_of("SCM.0014x") is None


def test_words_with_runs_of_code_among_punctuation_are_flagged() -> None:
    catalog = Shapes(KEYS)
    _, runs = catalog.read(signatures(["\\nSCM.0014\\n", "SCM.0014", "plain"]))
    assert runs == [True, False, False]
    _, runs = catalog.read(signatures(["SCM.0014", "words"]))
    assert runs == []  # none holds runs: no flags to read


def test_equal_checks_are_one_object_so_words_group_by_identity() -> None:
    catalog = Shapes(KEYS)
    capital, other_case = catalog.read(signatures(["APIGW.0301", "Apigw.0301"]))[0]
    assert capital is other_case
    assert capital is not check_of("APIGW.03011", catalog)


def test_a_full_cache_starts_afresh_and_still_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shapes, "_KEPT", 2)
    catalog = Shapes(KEYS)
    first, then = ["SCM.00145", "scm.9999"], ["XSCM.0014", "APIGW.0301"]
    expected = [slices(check_of(word)) for word in first + then]
    assert list(map(slices, catalog.read(signatures(first))[0])) == expected[:2]
    assert list(map(slices, catalog.read(signatures(then))[0])) == expected[2:]
    assert len(catalog._learnt[0]) == 2  # the first two were dropped to make room
    assert list(map(slices, catalog.read(signatures(first + then))[0])) == expected


def slices(check: Check | None) -> tuple[slice, tuple[slice, ...]] | None:
    """A check's slices: checks compare by identity, and each `Shapes` interns its own."""
    return None if check is None else (check.head, check.cuts)


def test_threads_reading_while_the_cache_starts_afresh_get_whole_answers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(shapes, "_KEPT", 4)
    switching = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads take turns between almost every step
    catalog = Shapes(KEYS)
    words = [
        f"{prefix}.{number:0{width}d}"
        for prefix in ("SCM", "scm", "Q", "XSCM")
        for width in (3, 4, 5, 6)
        for number in (14, 145)
    ]
    expected = {word: slices(check_of(word)) for word in words}
    failures: list[BaseException] = []

    def read(offset: int) -> None:
        try:
            for turn in range(1000):
                batch = [words[(offset + turn + step) % len(words)] for step in range(5)]
                checks, _ = catalog.read(signatures(batch))
                assert list(map(slices, checks)) == [expected[word] for word in batch]
        except BaseException as failure:  # a thread cannot fail the test: report it
            failures.append(failure)

    threads = [threading.Thread(target=read, args=(offset,)) for offset in range(4)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(switching)
    assert failures == []
