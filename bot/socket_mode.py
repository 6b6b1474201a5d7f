"""Socket Mode: the bot dials out to Slack, so it needs no public URL and no signing secret.

Containers still probe over HTTP, so a small server answers `GET /healthz`
on $PORT beside the WebSocket connection, with the same report as HTTP mode.
"""

from __future__ import annotations

import json
import logging
import signal
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk.errors import SlackApiError

from bot import health
from bot.app import Deps, build_app
from bot.config import ConfigError, Settings

log = logging.getLogger(__name__)


def run(deps: Deps, settings: Settings, stop: threading.Event | None = None) -> None:
    """Serve until SIGTERM/SIGINT (or until `stop` is set): Socket Mode plus /healthz on $PORT."""
    stop = stop or threading.Event()
    probes = health_server(deps, settings.port)
    threading.Thread(target=probes.serve_forever, name="healthz", daemon=True).start()
    handler = SocketModeHandler(build_app(deps), settings.app_token)
    previous = _stop_on_signals(stop)
    try:
        health.token_verdict(settings)  # ask Slack once now, so probes find it cached
        connect(handler)
        log.info("Socket Mode connected; /healthz on port %s", probes.server_address[1])
        stop.wait()
    finally:
        for sig, handler_before in previous.items():
            signal.signal(sig, handler_before)
        handler.close()
        probes.shutdown()
        probes.server_close()


def _stop_on_signals(stop: threading.Event) -> dict:
    """SIGTERM (docker stop, Kubernetes, systemd) and SIGINT set `stop`; returns the old handlers.

    Signals can only be handled from the main thread; elsewhere `stop` alone ends the run.
    """
    if threading.current_thread() is not threading.main_thread():
        return {}
    return {
        sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGTERM, signal.SIGINT)
    }


def connect(handler: SocketModeHandler) -> None:
    """Open the WebSocket; a refused app token stops start-up with a message saying so."""
    try:
        handler.connect()
    except SlackApiError as error:
        reason = error.response.get("error", "unknown_error")
        raise ConfigError(
            f"SLACK_APP_TOKEN was refused by Slack (apps.connections.open: {reason}): create an "
            "app-level token with the connections:write scope and turn Socket Mode on"
        ) from None


def health_server(deps: Deps, port: int, host: str = "0.0.0.0") -> ThreadingHTTPServer:
    """An HTTP server answering GET /healthz from `health.report(deps)`; not yet serving."""

    class Probe(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path.split("?")[0] != "/healthz":
                self._send(404, {"error": "not found: only GET /healthz is served here"})
                return
            self._send(*health.report(deps))

        def _send(self, status: int, body: dict) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:
            log.debug("healthz: " + format, *args)

    server = ThreadingHTTPServer((host, port), Probe)
    server.daemon_threads = True
    return server
