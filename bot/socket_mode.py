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

from bot import health
from bot.app import Deps, build_app
from bot.config import Settings

log = logging.getLogger(__name__)


def run(deps: Deps, settings: Settings, stop: threading.Event | None = None) -> None:
    """Serve until SIGTERM/SIGINT (or until `stop` is set): Socket Mode plus /healthz on $PORT."""
    stop = stop or threading.Event()
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
    probes = health_server(deps, settings.port)
    threading.Thread(target=probes.serve_forever, name="healthz", daemon=True).start()
    handler = SocketModeHandler(build_app(deps), settings.app_token)
    try:
        health.token_verdict(settings)  # ask Slack once now, so probes find it cached
        handler.connect()
        log.info("Socket Mode connected; /healthz on port %s", probes.server_address[1])
        stop.wait()
    finally:
        handler.close()
        probes.shutdown()
        probes.server_close()


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
