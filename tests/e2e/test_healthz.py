"""GET /healthz over real HTTP in both serving modes: 200 `ok`, 200 `degraded` with the
database down (answers do not need it), 503 only when the bot cannot answer (no catalog,
a bot token Slack rejects). The probes in deploy/ rely on exactly this."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from bot.app import Deps, build_app
from bot.config import Settings
from bot.server import create_server, stop, wsgi_app
from bot.socket_mode import health_server
from catalog.model import Catalog, load_default
from tests.e2e.fake_slack import FakeSlack
from tests.e2e.running import BOT_TOKEN, SECRET

APP_TOKEN = "xapp-1-A111-2222-healthz"


@contextmanager
def http_mode(deps: Deps) -> Iterator[int]:
    """`hwerr serve` in HTTP mode: Bolt and /healthz in one WSGI app."""
    server = create_server(wsgi_app(deps, build_app(deps)), "127.0.0.1", 0)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield server.effective_port
    finally:
        stop(server)  # it shuts the task threads down itself, before the trigger
        thread.join(5)


@contextmanager
def socket_mode(deps: Deps) -> Iterator[int]:
    """Socket Mode's side server for probes, with the Bolt app built as `run` builds it."""
    build_app(deps)
    server = health_server(deps, 0, host="127.0.0.1")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


MODES = {"http": http_mode, "socket": socket_mode}


def get_healthz(port: int) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as reply:
            return reply.status, json.load(reply)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


@pytest.fixture(params=sorted(MODES))
def probe(request, slack: FakeSlack, tmp_path: Path) -> Iterator[Callable[..., tuple[int, dict]]]:
    """`probe(catalog=None)`: serve a bot in this mode and GET its /healthz once."""
    env = {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_API_URL": slack.api_url,
        "HWERR_DB": str(tmp_path / "hwerr.db"),
        **({"SLACK_APP_TOKEN": APP_TOKEN} if request.param == "socket" else {}),
        **({"SLACK_SIGNING_SECRET": SECRET} if request.param == "http" else {}),
    }
    opened: list[Deps] = []

    def run(catalog: Catalog | None = None) -> tuple[int, dict]:
        deps = Deps.from_settings(
            Settings.from_env(env), load_default() if catalog is None else catalog
        )
        opened.append(deps)
        with MODES[request.param](deps) as port:
            return get_healthz(port)

    yield run
    for deps in opened:
        deps.querylog.close()


def test_a_healthy_bot_is_200_ok_with_its_catalog_and_database(probe) -> None:
    status, body = probe()
    assert (status, body["status"]) == (200, "ok")
    assert body["catalog"]["entries"] == len(load_default())
    assert body["database"]["reachable"] and body["database"]["writable"]


def test_a_corrupt_database_is_200_degraded(probe, tmp_path: Path) -> None:
    (tmp_path / "hwerr.db").write_bytes(b"no database here " * 300)
    status, body = probe()
    assert (status, body["status"]) == (200, "degraded")
    assert body["database"]["writable"] is False and body["problems"] == []


def test_no_catalog_is_503(probe) -> None:
    status, body = probe(Catalog(entries=[]))
    assert (status, body["status"]) == (503, "failing")
    assert body["problems"] == ["no catalog loaded"]


def test_a_bot_token_slack_rejects_is_503_not_a_crash(probe, slack: FakeSlack) -> None:
    """Slack refusing the token at start-up must leave a bot that says so on /healthz
    (the probe holds traffic), not a process that dies before it can be probed."""
    slack.fail("auth.test", "invalid_auth", times=10)
    status, body = probe()
    assert (status, body["slack"]["token"]) == (503, "rejected")
    assert body["problems"] == ["Slack rejected SLACK_BOT_TOKEN (auth.test answered invalid_auth)"]
