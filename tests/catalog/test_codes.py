"""find_codes on every shape engineers paste: which codes it finds, with which spans, and what
it must leave alone."""

from __future__ import annotations

import pytest

from catalog.codes import Mention, find_codes, normalize
from catalog.model import Catalog, Entry
from tests.entries import make_entry

CODES = [
    "SCM.0014",
    "SCM.0031",
    "APIG.0201",
    "APIG.0301",
    "LIVE.100011001",
    "CCI.01.400101",
    "CCI.02.409101",
    "ModelArts.4101",
    "Ecs.0005",
    "SVCSTG.CCE-ADDONMGR.4000003",
    "ces.0014",
    "DCS.4104",
    "IMG.0024",
    "111400010",
    "AccessDenied",
    "UNKNOWN_ERROR",
    "KMS.DisabledException",
    "DRS.M00002",
    "DRS.KE0002",
]


def entry(code: str, status: int | None = 400, message: str = "") -> Entry:
    return make_entry(code, http_status=status, message=message or f"Message of {code}.")


CATALOG = Catalog.from_entries(entry(code) for code in CODES)


def found(text: str) -> list[tuple[str, bool]]:
    return [(mention.code, mention.known) for mention in find_codes(text, CATALOG)]


def assert_spans(text: str, mentions: list[Mention]) -> None:
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.written


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Deploy failed with SCM.0014 again", ["SCM.0014"]),
        ("lower case scm.0014 and mixed Scm.0014 are the same code", ["SCM.0014"]),
        (
            "Ecs.0005 ModelArts.4101 LIVE.100011001",
            ["Ecs.0005", "ModelArts.4101", "LIVE.100011001"],
        ),
        (
            "CCI.01.400101 then SVCSTG.CCE-ADDONMGR.4000003",
            ["CCI.01.400101", "SVCSTG.CCE-ADDONMGR.4000003"],
        ),
        ("ces.0014.", ["ces.0014"]),
        ("it says SCM.0014... any idea?", ["SCM.0014"]),
        # Slack markup
        (
            "`SCM.0014` *APIG.0201* _Ecs.0005_ ~DCS.4104~",
            ["SCM.0014", "APIG.0201", "Ecs.0005", "DCS.4104"],
        ),
        ("```\nERROR SCM.0014 at step 3\n```", ["SCM.0014"]),
        ("> quoted: APIG.0201\nme too", ["APIG.0201"]),
        ("see <https://support.example.com/err?code=SCM.0014|SCM.0014> docs", ["SCM.0014"]),
        ("&lt;APIG.0201&gt; &amp; SCM.0014", ["APIG.0201", "SCM.0014"]),
        # glued to Chinese, brackets, full-width punctuation
        ("调用接口报DCS.4104（实例不存在），请帮忙", ["DCS.4104"]),
        ("创建失败：SCM．0014。", ["SCM.0014"]),
        ("Failed to create image, [IMG.0024]The image type is not supported", ["IMG.0024"]),
        ("「APIG.0201」『SCM.0014』【Ecs.0005】", ["APIG.0201", "SCM.0014", "Ecs.0005"]),
        # several codes joined
        ("SCM.0014/APIG.0201,Ecs.0005;DCS.4104", ["SCM.0014", "APIG.0201", "Ecs.0005", "DCS.4104"]),
        ("SCM.0014、APIG.0201，DCS.4104", ["SCM.0014", "APIG.0201", "DCS.4104"]),
    ],
)
def test_known_codes_are_found_in_plain_text_and_markup(text: str, expected: list[str]) -> None:
    mentions = find_codes(text, CATALOG)
    assert [mention.code for mention in mentions] == expected
    assert all(mention.known for mention in mentions)
    assert_spans(text, mentions)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"error_code": "SCM.0014", "error_msg": "The certificate does not match."}', "SCM.0014"),
        ('{"code": "APIG.0201", "message": "Backend timeout."}', "APIG.0201"),
        ('{"error": {"code": "DCS.4104", "message": "Instance not found."}}', "DCS.4104"),
        ('[{"errorCode": "Ecs.0005", "errorMessage": "Quota exceeded."}]', "Ecs.0005"),
        ('{"code": 400, "message": "bad", "details": {"code": "ces.0014"}}', "ces.0014"),
        ('log: "{\\"error_code\\":\\"SCM.0014\\",\\"error_msg\\":\\"x\\"}"', "SCM.0014"),
        ('{\\\\\\"error_code\\\\\\":\\\\\\"SCM.0014\\\\\\"}', "SCM.0014"),
        ("GET /callback?error_code=SCM.0014&error_msg=bad&x=1", "SCM.0014"),
        (
            "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>",
            "AccessDenied",
        ),
        ("&lt;Error&gt;&lt;Code&gt;AccessDenied&lt;/Code&gt;&lt;/Error&gt;", "AccessDenied"),
        ('{"error_code": "111400010", "error_msg": "x"}', "111400010"),
        ("error_code:111400010,error_msg:x", "111400010"),
        ('{"code":"UNKNOWN_ERROR"}', "UNKNOWN_ERROR"),
        ("errorCode: KMS.DisabledException", "KMS.DisabledException"),
        ('{"kind": "Status", "code": 409, "errorCode": "CCI.02.409101"}', "CCI.02.409101"),
    ],
)
def test_codes_in_response_bodies_are_found_with_their_spans(text: str, expected: str) -> None:
    mentions = find_codes(text, CATALOG)
    assert [(mention.code, mention.known) for mention in mentions] == [(expected, True)]
    assert mentions[0].written.casefold() == expected.casefold()
    assert_spans(text, mentions)


def test_python_sdk_exception_with_a_status_in_error_code_finds_the_code_in_error_msg() -> None:
    text = (
        "huaweicloudsdkcore.exceptions.exceptions.ClientRequestException: ClientRequestException - "
        "{status_code:409, request_id:0a1b2c3d4e5f60718293a4b5c6d7e8f9,error_code:409,"
        'error_msg:{"error_code":"APIG.0301","error_msg":"Conflict: a, b: c"},'
        "encoded_authorization_message:None }"
    )
    assert found(text) == [("APIG.0301", True)]


@pytest.mark.parametrize(
    "text",
    [
        "XSCM.0014 is not a code",
        "SCM.00145 is longer",
        "host scm.0014.example.com resolves",
        "error_code:409,error_msg:conflict",
        '{"code": 400, "message": "bad request"}',
        '{"status": 404, "code": 404}',
        "api v2.0 and v1.2.3 on 10.0.0.12 and 192.168.1.1:8080",
        "rotated app.log.20241105 and app.log.1, paid 12.50 USD, 1,234.56 CNY",
        "ticket INC-123456 and JIRA-4411",
        "request 0a1b2c3d4e5f60718293a4b5c6d7e8f9 uuid 123e4567-e89b-12d3-a456-426614174000",
        "region ap-southeast-3 cn-north-4.myhuaweicloud.com",
        "python3.11 and node.js 18.17.0 at 2024-11-05T10:21:33.123Z",
        "111400010 and AccessDenied and UNKNOWN_ERROR said loosely",
        "the exit code: 1234 and my code: This",
        "com.huawei.KMS.DisabledException at line 3",
        # code fields whose values are no code: words, short numbers, a dotted name with a
        # short number
        '<Code>Success</Code> {"code": "NULL"} code=Abc.12 code: 123 "code":"OK"',
        "",
    ],
)
def test_things_that_only_look_like_codes_are_left_alone(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("gateway said APIGW.0301 today", [("APIGW.0301", False)]),
        ("SCM.9999 then scm.8888", [("SCM.9999", False), ("scm.8888", False)]),
        ("CCI.01.999999", [("CCI.01.999999", False)]),
        ("<Error><Code>NoSuchKey</Code></Error>", [("NoSuchKey", False)]),
        ('{"error_code": "app.0001"}', [("app.0001", False)]),
        ('{"error_code": 120000007}', [("120000007", False)]),
        (
            "code=ERR_TIMEOUT&code=Kms.Timeout.1234",
            [("ERR_TIMEOUT", False), ("Kms.Timeout.1234", False)],
        ),
        ("SCM.0014 beside SCM.0041", [("SCM.0014", True), ("SCM.0041", False)]),
    ],
)
def test_unknown_code_shaped_tokens_are_reported_unknown_never_swapped(
    text: str, expected: list[tuple[str, bool]]
) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text", ["app.log.20241105", "v1.234", "config.yaml.1234", "App.log.20241105", "V2.0"]
)
def test_lower_case_or_versionlike_tokens_are_not_unknown_codes(text: str) -> None:
    assert found(text) == []


def test_each_code_is_reported_once_at_its_first_appearance_in_any_spelling() -> None:
    text = "scm.0014 first, then SCM.0014, APIG.0201 and SCM．0014 again"
    mentions = find_codes(text, CATALOG)
    assert [(m.code, m.written, m.start) for m in mentions] == [
        ("SCM.0014", "scm.0014", 0),
        ("APIG.0201", "APIG.0201", 31),
    ]


def test_an_unknown_code_keeps_the_text_spelling_and_a_full_width_dot_is_one_character() -> None:
    text = "见 APIGW．0301 页"
    (mention,) = find_codes(text, CATALOG)
    assert (mention.code, mention.written, mention.known) == ("APIGW．0301", "APIGW．0301", False)
    assert (mention.start, mention.end) == (2, 12)


def test_a_code_at_the_very_start_and_end_of_the_text_is_found() -> None:
    assert found("SCM.0014") == [("SCM.0014", True)]
    assert found("x SCM.0014") == [("SCM.0014", True)]


def test_a_large_catalog_is_prepared_once_not_on_every_call() -> None:
    """The unknown-code rule needs the catalog's prefixes; a 100,000-code catalog pays that once."""
    big = Catalog.from_entries(entry(f"SVC{index % 500}.{index:06d}") for index in range(100_000))
    find_codes("warm SVC1.999999", big)
    calls = []
    original = big.codes
    big.codes = lambda: calls.append(1) or original()  # type: ignore[method-assign]
    assert find_codes("SVC7.000007 and SVC7.999999", big) == [
        Mention("SVC7.000007", "SVC7.000007", 0, 11, True, None, None),
        Mention("SVC7.999999", "SVC7.999999", 16, 27, False, None, None),
    ]
    assert calls == []


@pytest.mark.parametrize("text", ["SCM．0014", " scm.0014 ", "Ｓｃｍ．００１４", "s c m . 0 0 1 4"])
def test_normalize_folds_width_space_and_case(text: str) -> None:
    assert normalize(text) == "scm.0014"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a JSON log line whose message holds escaped newlines and tabs
        ('{"msg":"call failed:\\nSCM.0014\\tAPIG.0201"}', ["SCM.0014", "APIG.0201"]),
        # ... closing a sentence, or in italics, inside the escaped string
        (
            '{"msg":"failed: SCM.0014.\\n_APIG.0201_\\r\\nDCS.4104..."}',
            ["SCM.0014", "APIG.0201", "DCS.4104"],
        ),
        # a callback URL, percent-encoded: `,` and `"` as %2C and %22
        ("cb?codes=SCM.0014%2CSCM.0031&e=%22DCS.4104%22", ["SCM.0014", "SCM.0031", "DCS.4104"]),
        # Java/Go encoders that write quotes as \u0022
        ("\\u0022error_code\\u0022:\\u0022SCM.0014\\u0022", ["SCM.0014"]),
        # typed with a Chinese input method in full-width mode
        ("报错 ＳＣＭ．００１４ 了", ["SCM.0014"]),
    ],
)
def test_codes_after_escapes_and_in_full_width_letters_are_found(
    text: str, expected: list[str]
) -> None:
    mentions = find_codes(text, CATALOG)
    assert [mention.code for mention in mentions] == expected
    assert_spans(text, mentions)


def test_an_escape_is_skipped_but_never_makes_a_code_of_what_follows() -> None:
    """`\\n` before `ginx.1234` leaves a lower-case file-like token, not an unknown code."""
    assert found("\\nginx.1234 started") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("migration failed: DRS.M00002 again", ["DRS.M00002"]),
        ("[DRS.KE0002]The username or password is incorrect", ["DRS.KE0002"]),
        ('{\\"error_code\\":\\"DRS.KE0002\\"}', ["DRS.KE0002"]),
        ("drs.m00002, DRS.KE0002", ["DRS.M00002", "DRS.KE0002"]),
    ],
)
def test_known_codes_whose_number_starts_with_letters_are_found_in_any_text(
    text: str, expected: list[str]
) -> None:
    assert found(text) == [(code, True) for code in expected]


@pytest.mark.parametrize("text", ["DRS.M99999 is new", "file.v2 and Handler.x86 and XDRS.M00002"])
def test_unknown_codes_whose_number_starts_with_letters_are_left_alone(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    "text",
    [
        # Few dots: the words are found from their anchors; many: every word is split out.
        "Got SCM.0014. Then _APIG.0201_ and SCM.0031... " + "and so on " * 20,
        "Got SCM.0014. Then _APIG.0201_ and SCM.0031... " + "v1.2.3 " * 20,
    ],
)
def test_codes_closing_a_sentence_or_in_italics_are_read_at_their_place(text: str) -> None:
    mentions = find_codes(text, CATALOG)
    assert [mention.code for mention in mentions] == ["SCM.0014", "APIG.0201", "SCM.0031"]
    assert [mention.written for mention in mentions] == ["SCM.0014", "APIG.0201", "SCM.0031"]
    assert_spans(text, mentions)


def test_a_word_of_many_escaped_codes_gives_each_at_its_place() -> None:
    codes = ["SCM.0014", "APIGW.0301", "SCM.0031", "DCS.4104", "SCM.0014"]
    text = '{"log":"' + "".join(f"\\n{code} failed" for code in codes) + '"}'
    mentions = find_codes(text, CATALOG)
    assert found(text) == [
        ("SCM.0014", True),
        ("APIGW.0301", False),
        ("SCM.0031", True),
        ("DCS.4104", True),
    ]
    assert_spans(text, mentions)
