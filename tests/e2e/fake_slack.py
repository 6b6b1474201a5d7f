"""A fake Slack Web API on loopback that records every call and can misbehave on request.

It answers the methods the bot uses (auth.test, chat.postMessage,
chat.postEphemeral, views.publish) and response_url posts at /response/NAME.
A test scripts trouble per method: an error code, a 429 with Retry-After, or a
dropped connection, each for the next N calls.
"""

from __future__ import annotations

import json
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

BOT_USER_ID = "UHWERRBOT"
BOT_ID = "BHWERRBOT"
TEAM_ID = "T0HWERR"
RESPONSE = "response"


@dataclass(frozen=True)
class Call:
    """One request the fake received: which method, its arguments, how it was answered."""

    method: str
    args: dict
    at: float
    outcome: str
    token: str = ""

    def blocks_text(self) -> str:
        """Every text in the call's blocks, joined: what a reader of the message sees."""
        return rendered(self.args)

    @property
    def text(self) -> str:
        return str(self.args.get("text") or "")

    @property
    def blocks(self) -> list[dict]:
        blocks = self.args.get("blocks") or []
        return json.loads(blocks) if isinstance(blocks, str) else blocks


@dataclass
class _Trouble:
    kind: str  # "error" | "rate_limit" | "drop"
    value: str | int = ""


@dataclass
class FakeSlack:
    """Start with `with FakeSlack() as slack:`; `slack.api_url` is what SLACK_API_URL takes."""

    calls: list[Call] = field(default_factory=list)
    _troubles: dict[str, deque[_Trouble]] = field(default_factory=lambda: defaultdict(deque))
    _changed: threading.Condition = field(default_factory=threading.Condition)
    _gates: dict[str, threading.Event] = field(default_factory=dict)
    _ts: int = 0

    def __enter__(self) -> FakeSlack:
        self._server = _Server(("127.0.0.1", 0), _handler_for(self))
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def base(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def api_url(self) -> str:
        return f"{self.base}/api/"

    def response_url(self, name: str = "r1") -> str:
        return f"{self.base}/{RESPONSE}/{name}"

    # -- scripting trouble ---------------------------------------------------

    def fail(self, method: str, error: str, times: int = 1) -> None:
        """The next `times` calls of `method` answer ok=false with `error`."""
        self._troubles[method].extend(_Trouble("error", error) for _ in range(times))

    def rate_limit(self, method: str, retry_after: int = 1, times: int = 1) -> None:
        self._troubles[method].extend(_Trouble("rate_limit", retry_after) for _ in range(times))

    def drop(self, method: str, times: int = 1) -> None:
        """The next `times` calls of `method` get their connection closed with no answer."""
        self._troubles[method].extend(_Trouble("drop") for _ in range(times))

    def hold(self, method: str) -> threading.Event:
        """Calls of `method` wait (up to 10 s) until the returned event is set."""
        gate = self._gates[method] = threading.Event()
        return gate

    # -- reading what happened -----------------------------------------------

    def calls_to(self, method: str, outcome: str | None = "ok") -> list[Call]:
        with self._changed:
            return [
                c
                for c in self.calls
                if c.method == method and (outcome is None or c.outcome == outcome)
            ]

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """Block until `count` successful calls of `method` arrived; fail after `timeout`."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(found := self.calls_to(method)) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(
                        f"{len(found)} of {count} {method} calls after {timeout}s; "
                        f"got: {[(c.method, c.outcome) for c in self.calls]}"
                    )
                self._changed.wait(left)
            return found

    def posts(self) -> list[Call]:
        return self.calls_to("chat.postMessage")

    # -- serving ---------------------------------------------------------------

    def _record(self, call: Call) -> None:
        with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

    def _next_trouble(self, method: str) -> _Trouble | None:
        with self._changed:
            queue = self._troubles.get(method)
            return queue.popleft() if queue else None

    def _answer(self, method: str, args: dict) -> dict:
        with self._changed:
            self._ts += 1
            ts = f"1700000000.{self._ts:06d}"
        if method == "auth.test":
            return {
                "ok": True,
                "url": "https://hwerr-test.slack.com/",
                "team": "hwerr test",
                "team_id": TEAM_ID,
                "user": "hwerr",
                "user_id": BOT_USER_ID,
                "bot_id": BOT_ID,
                "is_enterprise_install": False,
            }
        if method == "chat.postMessage":
            return {"ok": True, "channel": args.get("channel"), "ts": ts}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": ts}
        if method == "views.publish":
            return {"ok": True, "view": {"id": "V1"}}
        if method == RESPONSE:
            return {"ok": True}
        return {"ok": False, "error": "unknown_method"}


class _Server(ThreadingHTTPServer):
    request_queue_size = 256  # a benchmark's burst of replies must not be refused
    daemon_threads = True


def _handler_for(fake: FakeSlack) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            """Quiet: the test reads `fake.calls`, not stderr."""

        def do_POST(self) -> None:
            path = self.path.split("?")[0].strip("/")
            method = RESPONSE if path.startswith(RESPONSE + "/") else path.removeprefix("api/")
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            args = _parse(body, self.headers.get("Content-Type", ""))
            token = self.headers.get("Authorization", "").removeprefix("Bearer ")
            gate = fake._gates.get(method)
            if gate is not None:
                gate.wait(10)
            trouble = fake._next_trouble(method)
            now = time.monotonic()
            if trouble and trouble.kind == "drop":
                fake._record(Call(method, args, now, "dropped", token))
                self.close_connection = True
                self.connection.close()
                return
            if trouble and trouble.kind == "rate_limit":
                fake._record(Call(method, args, now, "rate_limited", token))
                self._send(429, {"ok": False, "error": "ratelimited"}, trouble.value)
                return
            if trouble:
                fake._record(Call(method, args, now, str(trouble.value), token))
                self._send(200, {"ok": False, "error": trouble.value})
                return
            answer = fake._answer(method, args)
            fake._record(Call(method, args, now, "ok" if answer["ok"] else answer["error"], token))
            self._send(200, answer)

        def _send(self, status: int, payload: dict, retry_after: object = None) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            if retry_after is not None:
                self.send_header("Retry-After", str(retry_after))
            self.end_headers()
            self.wfile.write(data)

    return Handler


def _parse(body: bytes, content_type: str) -> dict:
    text = body.decode("utf-8")
    if "json" in content_type:
        return json.loads(text or "{}")
    return {key: values[-1] for key, values in parse_qs(text).items()}


def rendered(message: dict) -> str:
    """Every text Slack renders of a message (blocks and fallback); button values are not."""
    blocks = message.get("blocks") or []
    blocks = json.loads(blocks) if isinstance(blocks, str) else blocks
    return "\n".join(_texts(blocks)) + "\n" + str(message.get("text") or "")


def _texts(node: object) -> list[str]:
    if isinstance(node, list):
        return [text for item in node for text in _texts(item)]
    if isinstance(node, dict):
        found = [node["text"]] if isinstance(node.get("text"), str) else []
        return found + [text for value in node.values() for text in _texts(value)]
    return []
