"""The error message a pasted error states, to find the error by its message when it has no code.

When an SDK finds no code in a response it puts the HTTP status where the code goes
(`error_code:409`), so only the message can tell which error it was. Error bodies label the
message `error_msg`, `error_message`, `errorMsg`, `message` or `<Message>`: quoted (JSON, escaped
once or twice by loggers), between tags (XML, raw or as Slack's entities), or bare (SDK dumps: to
the end of the line, before the Python SDK's trailing `encoded_authorization_message`).
"""

from __future__ import annotations

import re

# A message key and what separates it from its value; `encoded_authorization_message` is no
# message (a word character before it). Every repetition is bounded: nothing backtracks.
_KEY = re.compile(
    r"(?<![a-z0-9_])(?:err(?:or)?[ _-]?)?(?:msg|message)\\{0,8}[\"']?[ \t]{0,8}"
    r"(?P<separator>[:=]|>|&gt;)[ \t]{0,8}(?P<quote>\\{0,8}[\"'])?"
)
# Where a bare value ends: the end of its line, or the Python SDK's next field.
_BARE_END = re.compile(r"\n|,\s*encoded_authorization_message\b")
_TAG_END = re.compile(r"<|&lt;|\n")
_LONGEST = 500
# A message that is itself an error body, whose own message is the one meant.
_BODIES = ("{", "[", "<", "&lt;")


def error_message(text: str) -> str | None:
    """The first message an error in `text` states, if any (at most `_LONGEST` characters); the
    inner one when that message is itself a body (`error_msg:{"code":…,"message":"…"}`)."""
    message = _first_message(text)
    if message is not None and message.startswith(_BODIES):
        return _first_message(message) or message
    return message


def _first_message(text: str) -> str | None:
    low = text.lower()
    for key in _KEY.finditer(low):
        value = _value(text, key).strip()
        if any(char.isalpha() for char in value):
            return value[:_LONGEST]
    return None


def _value(text: str, key: re.Match[str]) -> str:
    start = key.end()
    if key["quote"]:
        end = text.find(key["quote"], start)
        return text[start : len(text) if end < 0 else end]
    ending = _TAG_END if key["separator"] in (">", "&gt;") else _BARE_END
    found = ending.search(text, start)
    value = text[start : found.start() if found else len(text)].rstrip()
    if value.endswith("}") and value.count("}") > value.count("{"):
        value = value[:-1]  # the brace that closes an SDK dump (`error_msg:… }`)
    return value
