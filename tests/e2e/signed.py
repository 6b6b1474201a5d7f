"""Requests to the bot signed exactly as Slack signs them (v0 HMAC-SHA256).

Slash commands and interactivity are form-encoded (interactivity as one
`payload=` JSON field), events are JSON. Each sender thread keeps one
keep-alive connection, as Slack does.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

from tests.e2e.fake_slack import BOT_USER_ID, TEAM_ID

_ids = itertools.count(1)


@dataclass(frozen=True)
class Reply:
    status: int
    body: bytes
    seconds: float

    def json(self) -> dict:
        return json.loads(self.body or b"{}")


def sign(secret: str, timestamp: int, body: bytes) -> str:
    base = b"v0:" + str(timestamp).encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


@dataclass
class SlackSender:
    """Sends what Slack sends to `url` (the bot's /slack/events)."""

    url: str
    secret: str
    response_url: str = ""
    clock: object = time.time
    _local: threading.local = field(default_factory=threading.local)

    # -- the three kinds of request ------------------------------------------

    def command(self, text: str, *, user: str = "UALICE", channel: str = "CINCIDENT") -> Reply:
        form = {
            "token": "legacy-unused",
            "team_id": TEAM_ID,
            "team_domain": "hwerr-test",
            "channel_id": channel,
            "channel_name": "incident",
            "user_id": user,
            "user_name": "alice",
            "command": "/hwerr",
            "text": text,
            "api_app_id": "AHWERR",
            "response_url": self.response_url,
            "trigger_id": f"trig.{next(_ids)}",
        }
        return self.post(urlencode(form).encode(), "application/x-www-form-urlencoded")

    def event(
        self,
        event: dict,
        *,
        event_id: str | None = None,
        retry_num: int | None = None,
        authed_user: str = BOT_USER_ID,
        **post_options: object,
    ) -> Reply:
        envelope = {
            "token": "legacy-unused",
            "team_id": TEAM_ID,
            "api_app_id": "AHWERR",
            "event": event,
            "type": "event_callback",
            "event_id": event_id or f"Ev{next(_ids):08d}",
            "event_time": int(self.clock()),
            "authorizations": [{"team_id": TEAM_ID, "user_id": authed_user, "is_bot": True}],
        }
        headers = {}
        if retry_num is not None:
            headers = {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"}
        body = json.dumps(envelope).encode()
        return self.post(body, "application/json", headers=headers, **post_options)

    def interactive(self, payload: dict) -> Reply:
        payload = {"team": {"id": TEAM_ID, "domain": "hwerr-test"}, **payload}
        form = urlencode({"payload": json.dumps(payload)}).encode()
        return self.post(form, "application/x-www-form-urlencoded")

    # -- the wire ------------------------------------------------------------

    def post(
        self,
        body: bytes,
        content_type: str,
        *,
        headers: dict[str, str] | None = None,
        timestamp: int | None = None,
        signature: str | None = None,
    ) -> Reply:
        """POST signed `body`; `timestamp`/`signature` override what Slack would send."""
        ts = int(self.clock()) if timestamp is None else timestamp
        sent = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": str(ts),
            "X-Slack-Signature": signature or sign(self.secret, ts, body),
            **(headers or {}),
        }
        return self.request("POST", urlsplit(self.url).path, body, sent)

    def get(self, path: str) -> Reply:
        return self.request("GET", path, b"", {})

    def request(self, method: str, path: str, body: bytes, headers: dict[str, str]) -> Reply:
        start = time.perf_counter()
        connection = self._connection()
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
        except (ConnectionError, http.client.HTTPException):
            self._local.connection = None
            raise
        return Reply(response.status, data, time.perf_counter() - start)

    def _connection(self) -> http.client.HTTPConnection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            parts = urlsplit(self.url)
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
            self._local.connection = connection
        return connection


def message_event(
    text: str,
    *,
    channel: str = "CINCIDENT",
    user: str = "UALICE",
    ts: str | None = None,
    thread_ts: str | None = None,
    channel_type: str = "channel",
    **extra: object,
) -> dict:
    """A `message` event as Slack delivers a person's new message."""
    ts = ts or f"1710000000.{next(_ids):06d}"
    event = {
        "type": "message",
        "channel": channel,
        "user": user,
        "text": text,
        "ts": ts,
        "event_ts": ts,
        "channel_type": channel_type,
        **extra,
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event
