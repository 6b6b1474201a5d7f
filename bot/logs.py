"""Log lines: one per event handled, never a token or a message's text.

`configure` installs the one handler every logger (ours, slack_sdk,
slack_bolt, waitress, apscheduler) writes through, plain or JSON, with a
redaction filter in front of it: libraries log request bodies and URLs at
DEBUG and unhandled payloads at WARNING, so secrets are removed from the
finished line rather than trusted to every caller.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from bot.config import Settings

EVENTS = logging.getLogger("hwerr.events")
REDACTED = "[redacted]"

# Slack tokens of every kind: bot, user, app-level, refresh, rotating, workflow.
TOKEN = re.compile(r"\b(?:xox[a-z](?:\.xox[a-z])?|xapp|xwfp)-[A-Za-z0-9-]+")
# Fields that carry people's words, in JSON or Python repr: "text": "…", 'value': '…',
# also when the line was cut inside the value (libraries truncate long frames).
WORDS_FIELD = re.compile(
    r"""(?P<key>(?P<q>["'])(?:text|fallback|pretext|title|value|query)(?P=q)\s*:\s*)"""
    r"""(?P<v>"(?:\\.|[^"\\])*"?|'(?:\\.|[^'\\])*'?)"""  # '?: a line cut short
)
# The same fields form-encoded (slash-command bodies), and Socket Mode's connection ticket.
WORDS_PARAM = re.compile(r"\b(?P<key>(?:text|ticket|value)=)[^&\s'\"]+")


def log_event(
    kind: str, channel: str, codes: Iterable[str], latency_ms: float, outcome: str
) -> None:
    """One line per event handled: what kind, where, which codes, how long, how it ended."""
    fields = {
        "kind": kind,
        "channel": channel,
        "codes": list(codes),
        "latency_ms": round(latency_ms, 1),
        "outcome": outcome,
    }
    EVENTS.info(
        "%s channel=%s codes=%s latency_ms=%s outcome=%s",
        kind,
        channel,
        ",".join(fields["codes"]) or "-",
        fields["latency_ms"],
        outcome,
        extra={"event": fields},
    )


def configure(settings: Settings, stream: TextIO | None = None) -> logging.Handler:
    """Route every logger through one redacting handler; calling again replaces it."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if any(isinstance(f, Redactor) for f in handler.filters):
            root.removeHandler(handler)
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.addFilter(Redactor([settings.bot_token, settings.app_token, settings.signing_secret]))
    handler.setFormatter(JsonFormatter() if settings.log_format == "json" else PlainFormatter())
    root.addHandler(handler)
    root.setLevel(settings.log_level)
    return handler


class Redactor(logging.Filter):
    """Rewrites each record so tokens, secrets and people's words are gone before formatting."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.secrets = sorted({s for s in secrets if s}, key=len, reverse=True)

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        text = TOKEN.sub(REDACTED, text)
        text = WORDS_FIELD.sub(lambda m: f"{m['key']}{m['q']}{REDACTED}{m['q']}", text)
        return WORDS_PARAM.sub(lambda m: f"{m['key']}{REDACTED}", text)

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = f"{record.msg} {record.args}"
        record.msg, record.args = self.redact(message), None
        if record.exc_info:
            record.exc_text = self.redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


class PlainFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")


class JsonFormatter(logging.Formatter):
    """One JSON object a line; an event's fields are top-level keys for log queries."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            **getattr(record, "event", {}),
        }
        if record.exc_text:
            line["error"] = record.exc_text
        return json.dumps(line, ensure_ascii=False)
