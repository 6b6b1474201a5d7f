"""Log lines are plain or JSON, one per event, and never carry a secret or people's words."""

import json
import logging

import pytest

from bot.logs import Redactor, log_event
from tests.bot.conftest import APP, BOT, SECRET

WORDS = "the database password is hunter2"


def test_an_event_is_one_plain_line(capture):
    out = capture()
    log_event("message", "C123", ["SCM.0014", "APIG.0201"], 12.345, "replied")
    [line] = out.getvalue().splitlines()
    assert "hwerr.events" in line
    assert line.endswith(
        "message channel=C123 codes=SCM.0014,APIG.0201 latency_ms=12.3 outcome=replied"
    )


def test_an_event_is_one_json_object_with_its_fields(capture):
    out = capture(HWERR_LOG_FORMAT="json")
    log_event("command", "C9", [], 3.0, "ephemeral")
    [line] = out.getvalue().splitlines()
    record = json.loads(line)
    assert record["level"] == "INFO" and record["logger"] == "hwerr.events"
    assert {k: record[k] for k in ("kind", "channel", "codes", "latency_ms", "outcome")} == {
        "kind": "command",
        "channel": "C9",
        "codes": [],
        "latency_ms": 3.0,
        "outcome": "ephemeral",
    }


def test_the_level_setting_hides_debug_lines(capture):
    out = capture(HWERR_LOG_LEVEL="warning")
    logging.getLogger("slack_sdk.web").info("Sending a request")
    logging.getLogger("hwerr.x").warning("kept")
    assert out.getvalue().count("\n") == 1 and "kept" in out.getvalue()


def test_configure_twice_keeps_one_handler(capture):
    capture()
    out = capture()
    logging.getLogger("hwerr.x").warning("once")
    assert out.getvalue().count("once") == 1


@pytest.mark.parametrize(
    "line",
    [
        f"Authorization: Bearer {BOT}",
        "refresh with xoxe-1-AbCdEf012345 please",
        "rotating xoxe.xoxp-1-Mi0yLTk0NjA1",
        "user xoxp-1234-5678-abcdef",
        f"app {APP}",
        'workflow "xwfp-abc-ABC-1234"',
        f"signature base v0:1700000000:{SECRET}",
        f"Unhandled request ({{'event': {{'type': 'message', 'text': '{WORDS}'}}}})",
        f'body: {{"channel":"C1","text":"{WORDS}","blocks":[]}}',
        f'{{"blocks": [{{"type": "section", "text": {{"type": "mrkdwn", "text": "{WORDS}"}}}}]}}',
        f"{{'actions': [{{'value': '{WORDS}'}}]}}",
        "token=x&command=%2Fhwerr&text=the+database+password+is+hunter2&channel_id=C1",
        "wss://wss-primary.slack.com/link/?ticket=hunter2&app_id=A1",
        'escaped quote "text": "say \\"the database password is hunter2\\" now"',
        '< TEXT \'{"payload": {"text": "the database password is hunter2...\' [90 bytes]',
    ],
)
def test_redactor_removes_tokens_secrets_and_words(line):
    cleaned = Redactor([SECRET]).redact(line)
    for leak in ("hunter2", "xoxb-", "xoxp-", "xoxe", "xapp-", "xwfp-", SECRET):
        assert leak not in cleaned, cleaned
    assert "[redacted]" in cleaned


@pytest.mark.parametrize(
    "logger",
    ["slack_sdk.web.base_client", "slack_bolt.App", "waitress", "apscheduler.scheduler", "hwerr"],
)
def test_library_lines_and_tracebacks_are_redacted(capture, logger):
    out = capture(HWERR_LOG_LEVEL="debug")
    log = logging.getLogger(logger)
    log.debug("Sending a request - body: %s", {"token": BOT, "text": WORDS})
    try:
        raise RuntimeError(f"failed with {APP} and {SECRET}")
    except RuntimeError:
        log.exception("listener failed for %s", {"text": WORDS})
    text = out.getvalue()
    assert "Sending a request" in text and "RuntimeError" in text
    for leak in (BOT, APP, SECRET, "hunter2"):
        assert leak not in text
