"""The request id and HTTP status that came with each code, from every error shape that carries
them, paired with the right code when a text holds several errors."""

from __future__ import annotations

import pytest

from catalog.codes import find_codes
from tests.catalog.test_codes import CATALOG

RID = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"


def pairs(text: str) -> list[tuple[str, str | None, int | None]]:
    return [(m.code, m.request_id, m.status) for m in find_codes(text, CATALOG)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # Python SDK, current release
            "ClientRequestException - {status_code:400, request_id:" + RID + ",error_code:SCM.0014,"
            "error_msg:Bad: a, b: {nested}, encoded_authorization_message:abc }",
            [("SCM.0014", RID, 400)],
        ),
        (  # Go SDK, re-quoted by a logger
            'msg="{\\"status_code\\":504,\\"request_id\\":\\"' + RID + '\\",'
            '\\"error_code\\":\\"APIG.0201\\",\\"error_message\\":\\"timeout\\"}"',
            [("APIG.0201", RID, 504)],
        ),
        (  # Java SDK, multi-line
            "com.huaweicloud.sdk.core.exception.ClientRequestException {\n"
            "    httpStatusCode: 401\n    errorCode: APIG.0301\n"
            "    errorMsg: Incorrect IAM authentication information\n"
            "    requestId: " + RID + "\n}",
            [("APIG.0301", RID, 401)],
        ),
        (  # Terraform provider
            "Error: error creating certificate: Bad request with: "
            "[POST https://scm.example.com/v3/scm], "
            "request_id: " + RID + ', error message: {"code":"SCM.0014","message":"x"}',
            [("SCM.0014", RID, None)],
        ),
        (  # OBS XML, raw and as Slack entities
            '<?xml version="1.0"?>\n<Error>\n  <Code>AccessDenied</Code>\n'
            "  <Message>denied</Message>\n"
            "  <RequestId>00000193A1B2C3D4</RequestId>\n</Error>",
            [("AccessDenied", "00000193A1B2C3D4", None)],
        ),
        (
            "&lt;Error&gt;&lt;Code&gt;AccessDenied&lt;/Code&gt;"
            "&lt;RequestId&gt;00000193A1B2C3D4&lt;/RequestId&gt;&lt;/Error&gt;",
            [("AccessDenied", "00000193A1B2C3D4", None)],
        ),
        (  # Kubernetes Status: the numeric code is the status
            '{"kind":"Status","status":"Failure","message":"exists","reason":"AlreadyExists",'
            '"code":409,"errorCode":"CCI.02.409101"}',
            [("CCI.02.409101", None, 409)],
        ),
        (  # an outer numeric code is a status for the code nested in details
            '{"code": 400, "message": "bad", "details": {"code": "ces.0014"}}',
            [("ces.0014", None, 400)],
        ),
        (  # a curl transcript: the header names the request id
            "< HTTP/1.1 403 Forbidden\n< X-Request-Id: " + RID + '\n{"error_code":"APIG.0301"}',
            [("APIG.0301", RID, None)],
        ),
        ("request-id=abc123456 error_code=SCM.0014", [("SCM.0014", "abc123456", None)]),
        ('{"requestId": "r-12345678", "code": "DCS.4104"}', [("DCS.4104", "r-12345678", None)]),
        ("httpStatusCode: 404, errorCode: DCS.4104", [("DCS.4104", None, 404)]),
        ("no request id here: SCM.0014", [("SCM.0014", None, None)]),
    ],
)
def test_each_error_shape_gives_its_request_id_and_status(
    text: str, expected: list[tuple[str, str | None, int | None]]
) -> None:
    assert pairs(text) == expected


def test_each_log_line_keeps_its_own_request_id_even_when_the_other_is_nearer() -> None:
    text = (
        "10:00:01 ERROR error_code=SCM.0014 took 3 ms request_id=aaaa1111\n"
        "10:00:02 ERROR error_code=APIG.0201 took 5 ms request_id=bbbb2222\n"
    )
    assert pairs(text) == [("SCM.0014", "aaaa1111", None), ("APIG.0201", "bbbb2222", None)]


def test_two_java_blocks_each_pair_with_the_request_id_inside_their_braces() -> None:
    block = (
        "ClientRequestException {{\n httpStatusCode: {s}\n errorCode: {c}\n"
        " errorMsg: {m}\n requestId: {r}\n}}\n"
    )
    text = block.format(s=401, c="APIG.0301", m="short", r="rrrr0001") + block.format(
        s=504, c="APIG.0201", m="a much longer message " * 5, r="rrrr0002"
    )
    assert pairs(text) == [("APIG.0301", "rrrr0001", 401), ("APIG.0201", "rrrr0002", 504)]


def test_the_only_request_id_of_a_message_goes_to_its_code_on_another_line() -> None:
    text = "got SCM.0014 when uploading\n\n(support asked for it: request id: abcd-1234-ef)"
    assert pairs(text) == [("SCM.0014", "abcd-1234-ef", None)]


def test_a_request_id_far_away_in_a_long_log_is_not_given_to_a_code_that_had_none() -> None:
    filler = "".join(f"10:00:{n:02d} INFO ok\n" for n in range(200))
    text = "chat: seeing SCM.0014\n" + filler + "request_id=aaaa1111 x\nrequest_id=bbbb2222 y\n"
    assert pairs(text) == [("SCM.0014", None, None)]


def test_a_code_repeated_without_an_id_takes_the_id_from_a_later_occurrence() -> None:
    text = "SCM.0014 again?\n\nlog: error_code:SCM.0014, request_id:cccc3333\nand: request_id:dd"
    (mention,) = find_codes(text, CATALOG)
    assert (mention.start, mention.request_id) == (0, "cccc3333")


def test_a_long_log_pairs_every_code_as_a_short_one_does() -> None:
    """Past a few dozen mentions the labels are read in one pass rather than around each
    mention; each code still gets its own line's request id and status, and a code first seen
    without them takes them from a later line."""
    codes = [f"SVC.{n:04d}" for n in range(60)]
    lines = [
        f'{{"error_code":"{code}","request_id":"r{n:04d}","status_code":{400 + n % 5}}}'
        for n, code in enumerate(codes)
    ]
    expected = [(code, f"r{n:04d}", 400 + n % 5) for n, code in enumerate(codes)]
    assert [pairs(line)[0] for line in lines] == expected
    assert pairs("\n".join(lines)) == expected
    assert pairs("SVC.0000 again?\n\n" + "\n".join(lines)) == expected


def test_a_code_field_after_many_values_that_are_no_code_field_is_still_found() -> None:
    """Only the first few fields of a value are kept; those that are no code field (a barcode,
    prose) do not count among them."""
    text = "barcode: 111400010\n" * 12 + "error_code: 111400010, request_id: rrrr1234\n"
    (mention,) = find_codes(text, CATALOG)
    assert (mention.code, mention.request_id) == ("111400010", "rrrr1234")
    assert mention.start == text.index("111400010", text.index("error_code"))


def test_a_code_field_repeated_a_thousand_times_pairs_from_its_first_few() -> None:
    body = '{"error_code":"111400010","status_code":%d,"request_id":"r%04d"}\n'
    text = "".join(body % (503 if n < 1000 else 404, n) for n in range(1200))
    (mention,) = find_codes(text, CATALOG)
    assert (mention.start, mention.request_id, mention.status) == (15, "r0000", 503)


def test_code_fields_of_distinct_numbers_are_each_an_unknown_code_and_statuses_are_not() -> None:
    text = "".join(f"error_code:{n}," for n in (1000, 409, 1001, 1000, 500, 4040))
    found = [(m.code, m.known, m.start) for m in find_codes(text, CATALOG)]
    assert found == [("1000", False, 11), ("1001", False, 42), ("4040", False, 89)]
