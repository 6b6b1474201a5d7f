"""error_message: the message of a pasted error, in every shape that carries one, so that an
error whose code is missing can still be found by what it says."""

from __future__ import annotations

import pytest

from catalog.messages import error_message

RID = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # Python SDK with the status where the code goes
            "ClientRequestException - {status_code:400, request_id:" + RID + ",error_code:400,"
            "error_msg:证书和私钥不匹配 }",
            "证书和私钥不匹配",
        ),
        (  # its message may hold commas, colons and braces; the next field ends it
            "{status_code:409, error_code:409, error_msg:Bad: a, b: {nested}, "
            "encoded_authorization_message:abc }",
            "Bad: a, b: {nested}",
        ),
        (  # or be a whole body: its own message is the one meant
            '{status_code:409, error_code:409, error_msg:{"code":"x",'
            '"message":"The certificate does not exist."} }',
            "The certificate does not exist.",
        ),
        (  # Go SDK, re-quoted by a logger
            'msg="{\\"status_code\\":504,\\"error_code\\":\\"504\\",'
            '\\"error_message\\":\\"Backend timeout\\"}"',
            "Backend timeout",
        ),
        (  # Java SDK
            "ClientRequestException {\n    httpStatusCode: 401\n    errorCode: 401\n"
            "    errorMsg: Incorrect IAM authentication information\n    requestId: x\n}",
            "Incorrect IAM authentication information",
        ),
        (
            '{"error_code": "409", "error_msg": "Throttling threshold reached."}',
            "Throttling threshold reached.",
        ),
        ("<Error><Code>x</Code><Message>Access Denied</Message></Error>", "Access Denied"),
        (
            "&lt;Error&gt;&lt;Message&gt;Access Denied&lt;/Message&gt;&lt;/Error&gt;",
            "Access Denied",
        ),
        ("error_msg:Invalid message: too long }", "Invalid message: too long"),
    ],
)
def test_each_error_shape_gives_its_message(text: str, expected: str) -> None:
    assert error_message(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "token expired",
        "encoded_authorization_message:abc",  # a field whose name ends in message is no message
        "error message",  # words, not a field
        'error_msg: "" }',  # nothing said
    ],
)
def test_text_with_no_message_field_has_none(text: str) -> None:
    assert error_message(text) is None


def test_a_body_nested_thousands_deep_is_read_one_level_in() -> None:
    """Only the message of the message is looked into: a paste nested 5,000 deep neither
    recurses that deep nor reads the text once per level."""
    assert error_message("error_msg:{" * 5000).startswith("{error_msg:{")
