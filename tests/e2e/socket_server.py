"""A local Socket Mode endpoint speaking Slack's envelope protocol over a real WebSocket.

Slack's side of Socket Mode, as the client sees it: `apps.connections.open`
(on the fake Web API) hands out this server's ws:// URL; each connection is
greeted with `hello`; events, commands and interactions arrive as envelopes
with an `envelope_id` that the client must acknowledge with
`{"envelope_id": ...}` (plus a `payload` for commands that answer in the ack);
`disconnect` tells the client to open a new connection.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Callable

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import Server, ServerConnection, serve

APP_ID = "A0HWERR01"


class SocketModeServer:
    """`with SocketModeServer() as slack:`; apps.connections.open answers `slack.url`."""

    def __init__(self) -> None:
        self.acks: dict[str, dict] = {}
        self.sent_at: dict[str, float] = {}
        self.acked_at: dict[str, float] = {}
        self.received: list[dict] = []
        self.connections: list[ServerConnection] = []
        self.hellos_sent = 0
        self._ids = itertools.count(1)
        self._changed = threading.Condition()
        self._server: Server | None = None

    def __enter__(self) -> SocketModeServer:
        self._server = serve(self._session, "127.0.0.1", 0, compression=None)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.shutdown()

    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = self._server.socket.getsockname()[:2]
        return f"ws://{host}:{port}/link/?ticket=test-ticket&app_id={APP_ID}"

    # -- what the test does ---------------------------------------------------

    def send(self, kind: str, payload: dict, accepts_response_payload: bool = False) -> str:
        """Deliver one envelope on the newest connection; returns its envelope_id."""
        envelope_id = f"env-{next(self._ids)}"
        envelope = {
            "envelope_id": envelope_id,
            "type": kind,
            "payload": payload,
            "accepts_response_payload": accepts_response_payload,
        }
        if kind == "events_api":
            envelope |= {"retry_attempt": 0, "retry_reason": ""}
        self.wait_for_connections(len(self.connections) or 1)
        self.sent_at[envelope_id] = time.monotonic()
        self.connections[-1].send(json.dumps(envelope))
        return envelope_id

    def disconnect(self, reason: str = "refresh_requested") -> None:
        """Ask the client to reconnect, as Slack does every few hours."""
        self.connections[-1].send(json.dumps({"type": "disconnect", "reason": reason}))

    def wait_for_ack(self, envelope_id: str, timeout: float = 5.0) -> dict:
        """The client's acknowledgement of one envelope (polled with a deadline)."""
        return self._wait(lambda: self.acks.get(envelope_id), timeout, f"no ack for {envelope_id}")

    def seconds_to_ack(self, envelope_id: str, timeout: float = 5.0) -> float:
        """How long the client took to acknowledge one envelope, once it has."""
        self.wait_for_ack(envelope_id, timeout)
        return self.acked_at[envelope_id] - self.sent_at[envelope_id]

    def wait_for_connections(self, count: int, timeout: float = 5.0) -> None:
        self._wait(
            lambda: len(self.connections) >= count and self.hellos_sent >= count,
            timeout,
            f"fewer than {count} connections",
        )

    def _wait(self, ready: Callable[[], object], timeout: float, failure: str) -> object:
        deadline = time.monotonic() + timeout
        with self._changed:
            while not (result := ready()):
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(failure)
                self._changed.wait(left)
            return result

    # -- the protocol ---------------------------------------------------------

    def _session(self, connection: ServerConnection) -> None:
        with self._changed:
            self.connections.append(connection)
            number = len(self.connections)
        hello = {
            "type": "hello",
            "num_connections": 1,
            "debug_info": {"host": "local", "approximate_connection_time": 18060},
            "connection_info": {"app_id": APP_ID},
        }
        connection.send(json.dumps(hello))
        with self._changed:
            self.hellos_sent = max(self.hellos_sent, number)
            self._changed.notify_all()
        try:
            for raw in connection:
                self._receive(json.loads(raw))
        except ConnectionClosed:
            pass

    def _receive(self, message: dict) -> None:
        with self._changed:
            self.received.append(message)
            if "envelope_id" in message:
                self.acks[message["envelope_id"]] = message
                self.acked_at[message["envelope_id"]] = time.monotonic()
            self._changed.notify_all()
