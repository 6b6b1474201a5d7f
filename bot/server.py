"""HTTP mode: one WSGI application for Slack's requests and the container probe.

POST /slack/events (events, commands, interactivity) goes to Bolt, which
checks the signature and timestamp (401 otherwise); GET /healthz is the
deploy's health report. Served by waitress: one process, a pool of threads,
so there is one scheduler and one database writer.
"""

from __future__ import annotations

import json
import logging
import signal
import threading
from collections.abc import Callable, Iterable

import waitress
from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from waitress import wasyncore

from bot.app import Deps

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
THREADS = 8
# How long `stop` waits for the loop to close its connections.
RELEASE_TIMEOUT = 10.0

LOG = logging.getLogger("hwerr.server")

Wsgi = Callable[[dict, Callable], Iterable[bytes]]


def wsgi_app(deps: Deps, app: App) -> Wsgi:
    """The bot's WSGI application: Bolt at EVENTS_PATH, the health report at HEALTH_PATH."""
    slack = SlackRequestHandler(app, path=EVENTS_PATH)

    def application(request: dict, start_response: Callable) -> Iterable[bytes]:
        """`request` is the WSGI environ (not the process environment)."""
        if (request.get("REQUEST_METHOD"), request.get("PATH_INFO")) == ("GET", HEALTH_PATH):
            from bot.health import report

            status, body = report(deps)
            data = json.dumps(body).encode()
            start_response(
                f"{status} {'OK' if status == 200 else 'Service Unavailable'}",
                [("Content-Type", "application/json"), ("Content-Length", str(len(data)))],
            )
            return [data]
        return slack(request, start_response)

    return application


def create_server(application: Wsgi, host: str, port: int, threads: int = THREADS):
    """A waitress server bound now (port 0 picks a free one: see `.effective_port`)."""
    return waitress.create_server(application, host=host, port=port, threads=threads, ident="hwerr")


def stop(server) -> None:
    """Make `server.run()` return: stop listening, let the requests in hand finish, have the
    loop close every connection, then close the trigger.

    The order matters: a trigger closed while anyone may still pull it is a closed file
    descriptor whose number the next pipe or socket reuses (EBADF there, a stray byte written
    into someone else's connection at worst). Task threads pull it when they finish a request,
    so they go first; and `pull_trigger` queues its thunk before it writes, so the loop can run
    a thunk before the pull that asked for it has written: the trigger is closed here, after
    the last pull, once the loop has let go of it. (Closing from another thread while the loop
    still polls would leave it polling open keep-alive connections until they time out.)
    """
    released = threading.Event()

    def stop_listening() -> None:
        wasyncore.dispatcher.close(server)  # the listener only; the trigger stays open

    def close_connections() -> None:
        for channel in list(server._map.values()):
            if channel is not server.trigger:
                channel.close()
        server.trigger.del_channel()  # the loop ends after this round; the pipe stays open
        released.set()

    server.trigger.pull_trigger(stop_listening)
    server.task_dispatcher.shutdown()
    server.trigger.pull_trigger(close_connections)
    if released.wait(RELEASE_TIMEOUT):
        server.trigger.close()
    else:
        LOG.warning("the server loop did not let go of its trigger; its pipe is left open")


def serve(deps: Deps, app: App, host: str, port: int) -> None:
    """Serve until SIGTERM or SIGINT, then finish the requests in hand."""
    server = create_server(wsgi_app(deps, app), host, port)
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, signal.SIGINT):  # the loop runs here: stop from aside
            signal.signal(sig, lambda *_: threading.Thread(target=stop, args=(server,)).start())
    LOG.info("serving %s and %s on %s:%s", EVENTS_PATH, HEALTH_PATH, host, server.effective_port)
    server.run()
