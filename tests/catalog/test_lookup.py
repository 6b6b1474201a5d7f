"""Lookup.answer: the /hwerr grammar over a small hand-written catalog."""

from __future__ import annotations

import pytest

from catalog.lookup import Lookup
from catalog.model import Catalog
from tests.catalog.lookup_samples import SCM, sample_catalog, sample_entries


@pytest.fixture(scope="module")
def lookup() -> Lookup:
    return Lookup(sample_catalog())


@pytest.mark.parametrize(
    "asked", ["SCM.0014", "scm.0014", "SCM-0014", "SCM 0014", "SCM．0014", "ＳＣＭ．００１４"]
)
def test_a_code_is_found_whatever_its_case_width_or_separator(lookup: Lookup, asked: str) -> None:
    result = lookup.answer(asked)
    assert result.kind == "codes"
    (answer,) = result.codes
    assert (answer.asked, answer.code) == (asked, "SCM.0014")
    assert [entry.message for entry in answer.variants] == ["上传证书和私钥不匹配"]


@pytest.mark.parametrize(
    ("asked", "code"),
    [
        ("svcstg.cce-addonmgr.4000003", "SVCSTG.CCE-ADDONMGR.4000003"),
        ("SVCSTG-CCE-ADDONMGR-4000003", "SVCSTG.CCE-ADDONMGR.4000003"),
        ("CCI.01.400101", "CCI.01.400101"),
        ("cci 01 400101", "CCI.01.400101"),
    ],
)
def test_hyphenated_and_multi_part_codes_are_found(lookup: Lookup, asked: str, code: str) -> None:
    assert [answer.code for answer in lookup.answer(asked).codes] == [code]


@pytest.mark.parametrize(
    "query", ["SCM.0014 APIG.0308", "SCM.0014, APIG.0308", "SCM.0014/APIG.0308"]
)
def test_several_codes_are_answered_in_the_order_asked(lookup: Lookup, query: str) -> None:
    assert [answer.code for answer in lookup.answer(query).codes] == ["SCM.0014", "APIG.0308"]


def test_every_variant_of_a_code_is_shown_in_page_order(lookup: Lookup) -> None:
    (answer,) = lookup.answer("APIG.0201").codes
    statuses = [(entry.service, entry.http_status) for entry in answer.variants]
    assert statuses[:6] == [("API Gateway", status) for status in (400, 413, 414, 494, 503, 504)]
    assert statuses[6] == ("Image Recognition", 400)


def test_a_status_after_a_code_filters_its_variants(lookup: Lookup) -> None:
    (answer,) = lookup.answer("APIG.0201 504").codes
    assert answer.status == 504
    assert [entry.message for entry in answer.variants] == ["Backend timeout."]


def test_a_status_no_variant_has_gives_no_variants_but_keeps_the_code(lookup: Lookup) -> None:
    (answer,) = lookup.answer("APIG.0201 404").codes
    assert (answer.code, answer.status, answer.variants, answer.suggestions) == (
        "APIG.0201",
        404,
        (),
        (),
    )
    assert not lookup.answer("APIG.0201 404").found


def test_variants_filters_by_status_and_tolerates_separators(lookup: Lookup) -> None:
    assert [e.http_status for e in lookup.variants("apig-0201", status=400)] == [400, 400]
    assert lookup.variants("NOPE.0001") == []


@pytest.mark.parametrize(
    ("typo", "meant"),
    [
        ("SCM.014", "SCM.0014"),
        ("SMC.0014", "SCM.0014"),
        ("APIG0308", "APIG.0308"),
        ("SCM.0041", "SCM.0014"),
    ],
)
def test_a_mistyped_code_suggests_the_right_one_first(
    lookup: Lookup, typo: str, meant: str
) -> None:
    (answer,) = lookup.answer(typo).codes
    assert answer.code is None and answer.variants == ()
    assert answer.suggestions[0].code == meant
    assert answer.suggestions[0].distance == 1


def test_a_swap_ranks_before_a_substitution_at_the_same_distance(lookup: Lookup) -> None:
    first, second = lookup.suggest("SCM.0041")[:2]
    assert (first.code, first.distance, first.transposition) == ("SCM.0014", 1, True)
    assert (second.code, second.distance, second.transposition) == ("SCM.0031", 1, False)
    assert first.message == "上传证书和私钥不匹配"


def test_candidates_tied_with_the_last_shown_are_shown_too(lookup: Lookup) -> None:
    assert [s.code for s in lookup.suggest("SCM.0030", limit=1)] == ["SCM.0031", "SCM.0032"]


def test_popularity_breaks_ties_and_so_ends_them() -> None:
    asked_most = Lookup(sample_catalog(), popularity=lambda: {"scm.0032": 7})
    assert [s.code for s in asked_most.suggest("SCM.0030", limit=1)] == ["SCM.0032"]
    assert [s.code for s in asked_most.suggest("SCM.0030", limit=2)] == ["SCM.0032", "SCM.0031"]


def test_codes_of_the_typed_prefix_come_before_other_prefixes_at_the_same_distance() -> None:
    entry = sample_entries()[0]
    catalog = Catalog.from_entries(
        [entry.__class__(**{**entry.to_dict(), "code": code}) for code in ("ABC.0002", "XBC.0001")]
    )
    assert [s.code for s in Lookup(catalog).suggest("XBC.0002")] == ["XBC.0001", "ABC.0002"]


def test_only_near_codes_are_suggested(lookup: Lookup) -> None:
    (answer,) = lookup.answer("SCM.9999").codes
    assert answer.suggestions == ()
    assert all(s.distance <= 2 for s in lookup.suggest("SCM.0041", limit=50))


def test_an_unknown_code_names_the_service_its_prefix_belongs_to(lookup: Lookup) -> None:
    (answer,) = lookup.answer("SCM.9999").codes
    assert (answer.code, answer.service_hint) == (None, SCM)


def test_an_unknown_prefix_hints_no_service_but_suggests_its_neighbour(lookup: Lookup) -> None:
    (answer,) = lookup.answer("APIGW.0301").codes
    assert (answer.code, answer.service_hint) == (None, None)
    assert answer.suggestions[0].code == "APIG.0301"


@pytest.mark.parametrize(
    "query", ["SCM", "scm", "SCM.*", "Cloud Certificate Manager", "cloud certificate  MANAGER"]
)
def test_a_prefix_or_service_name_lists_the_services_codes(lookup: Lookup, query: str) -> None:
    result = lookup.answer(query)
    assert (result.kind, result.service) == ("service", SCM)
    assert [entry.code for entry in result.listing][:3] == ["SCM.0005", "SCM.0012", "SCM.0014"]
    assert len(result.listing) == 7


def test_a_prefix_listing_shows_each_code_once_as_first_documented(lookup: Lookup) -> None:
    result = lookup.answer("APIG.*")
    assert result.service == "API Gateway"
    assert [(e.code, e.http_status) for e in result.listing] == [
        ("APIG.0201", 400),
        ("APIG.0301", 401),
        ("APIG.0308", 429),
    ]


def test_a_multi_part_prefix_lists_its_codes(lookup: Lookup) -> None:
    result = lookup.answer("SVCSTG.CCE-ADDONMGR")
    assert result.service == "CCE Add-on Management"
    assert len(result.listing) == 2


def test_words_are_searched_as_free_text(lookup: Lookup) -> None:
    result = lookup.answer("image is damaged")
    assert result.kind == "search"
    assert result.hits[0].entry.code == "AIS.0503"


def test_all_lifts_the_limit_on_free_text_hits(lookup: Lookup) -> None:
    limited = lookup.answer("request")
    assert len(limited.hits) == 3 < limited.total_hits
    everything = lookup.answer("request --all")
    assert len(everything.hits) == everything.total_hits == limited.total_hits


def test_nothing_found_still_offers_the_closest_codes(lookup: Lookup) -> None:
    result = lookup.answer("imgae damagd")
    assert result.kind == "nothing" and not result.found
    assert result.closest[0].code == "AIS.0503"


def test_an_empty_query_finds_nothing(lookup: Lookup) -> None:
    assert lookup.answer("   ").kind == "nothing"
    assert lookup.answer("--all").kind == "nothing"


def test_a_pasted_error_whose_code_is_missing_is_found_by_its_message(lookup: Lookup) -> None:
    """The Python SDK puts the status where the code goes when the response had none: the
    message is what identifies the error."""
    pasted = (
        "ClientRequestException - {status_code:400, request_id:0a1b2c3d4e5f60718293a4b5c6d7e8f9,"
        "error_code:400,error_msg:证书和私钥不匹配 }"
    )
    result = lookup.answer(pasted)
    assert (result.kind, result.message, result.searched) == (
        "search",
        "证书和私钥不匹配",
        result.message,
    )
    assert result.hits[0].entry.code == "SCM.0014"
    assert lookup.answer("证书和私钥不匹配").message is None
