"""Socket Mode end to end: a real WebSocket to a local envelope-protocol server, replies to the
fake Web API, acks for every envelope, reconnection on `disconnect`, /healthz on $PORT."""

import inspect
import io
import json
import logging
import os
import signal
import socket
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from slack_bolt.adapter.socket_mode import SocketModeHandler

from bot import socket_mode
from bot.app import COMMAND_WORKERS, SHORTCUT_CALLBACK_ID, SLASH_COMMAND, Deps
from bot.config import ConfigError, Settings
from bot.listeners import command
from bot.logs import configure
from catalog.model import load_default
from tests.e2e.fake_slack import BOT_USER_ID, RESPONSE, TEAM_ID, FakeSlack, rendered
from tests.e2e.running import TrackingExecutor
from tests.e2e.signed import message_event
from tests.e2e.socket_server import APP_ID, SocketModeServer

BOT = "xoxb-1111-2222-socketmode"
APP = "xapp-1-A0HWERR01-3333-socketmode"
SECRET = "5ecre75ecre75ecre75ecre75ecre7aa"
WORDS = "hunter2-is-the-db-password"


class SocketModeSlack(FakeSlack):
    """The fake Web API plus apps.connections.open, which hands out the WebSocket URL."""

    def __init__(self, endpoint: SocketModeServer) -> None:
        super().__init__()
        self.endpoint = endpoint

    def _answer(self, method: str, args: dict) -> dict:
        if method == "apps.connections.open":
            return {"ok": True, "url": self.endpoint.url}
        return super()._answer(method, args)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory):
    """The bot running `socket_mode.run` in a thread, against both fakes; stopped afterwards.

    One bot for the module: closing a Socket Mode client takes the library ~2.5 s.
    Each test waits for the *next* call it causes, so the order of tests does not matter.
    """
    tmp_path = tmp_path_factory.mktemp("socket")
    with SocketModeServer() as endpoint, SocketModeSlack(endpoint) as slack:
        settings = Settings.from_env(
            {
                "SLACK_BOT_TOKEN": BOT,
                "SLACK_APP_TOKEN": APP,
                "SLACK_API_URL": slack.api_url,
                "HWERR_DB": str(tmp_path / "hwerr.db"),
                "PORT": str(free_port()),
                "SLACK_SIGNING_SECRET": SECRET,
                "HWERR_LOG_LEVEL": "DEBUG",
            }
        )
        root = logging.getLogger()
        saved_level, logs = root.level, io.StringIO()
        handler = configure(settings, logs)  # before the app: Bolt copies the level then
        try:
            with serving(Deps.from_settings(settings, load_default()), endpoint):
                yield endpoint, slack, settings, logs
        finally:
            root.removeHandler(handler)
            root.setLevel(saved_level)


@contextmanager
def serving(deps: Deps, endpoint: SocketModeServer) -> Iterator[None]:
    """`socket_mode.run` in a thread until the block ends, connected when the block starts."""
    stop, connected = threading.Event(), len(endpoint.connections)
    runner = threading.Thread(target=socket_mode.run, args=(deps, deps.settings, stop))
    runner.start()
    try:
        endpoint.wait_for_connections(connected + 1)
        yield
    finally:
        stop.set()
        runner.join(10)
        deps.executor.shutdown(wait=True)
        deps.commands.shutdown(wait=True)
        deps.querylog.close()
    assert not runner.is_alive(), "socket_mode.run did not stop when asked"


def wait_until(ready, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def event_payload(event: dict, event_id: str) -> dict:
    return {
        "team_id": TEAM_ID,
        "api_app_id": APP_ID,
        "event": event,
        "type": "event_callback",
        "event_id": event_id,
        "event_time": 1710000000,
        "authorizations": [{"team_id": TEAM_ID, "user_id": BOT_USER_ID, "is_bot": True}],
    }


def slash_command(slack: FakeSlack, text: str) -> dict:
    """A /hwerr envelope's payload."""
    return {
        "team_id": TEAM_ID,
        "channel_id": "CINCIDENT",
        "user_id": "UALICE",
        "command": SLASH_COMMAND,
        "text": text,
        "api_app_id": APP_ID,
        "response_url": slack.response_url("cmd"),
        "trigger_id": "trig.1",
    }


def send_message(endpoint: SocketModeServer, text: str, event_id: str) -> str:
    """A message event envelope; returns its envelope_id."""
    return endpoint.send("events_api", event_payload(message_event(text), event_id))


def test_connects_with_the_app_token(bot):
    _, slack, _, _ = bot
    opened = slack.calls_to("apps.connections.open")
    assert opened and {call.token for call in opened} == {APP}


def test_a_message_event_is_acked_and_answered_in_its_thread(bot):
    endpoint, slack, _, _ = bot
    event = message_event("deploy failed with SCM.0014 again")
    posted = len(slack.posts())
    envelope_id = endpoint.send("events_api", event_payload(event, "EvSOCKET1"))
    assert endpoint.wait_for_ack(envelope_id) == {"envelope_id": envelope_id}
    post = slack.wait_for("chat.postMessage", count=posted + 1)[-1]
    assert post.args["thread_ts"] == event["ts"]
    assert "SCM.0014" in post.blocks_text()


def test_a_slash_command_is_answered_in_its_ack(bot):
    """Socket Mode carries a quick answer in the ack's payload, as HTTP mode does in the body."""
    endpoint, slack, _, _ = bot
    envelope_id = endpoint.send("slash_commands", slash_command(slack, "APIG.0201"), True)
    ack = endpoint.wait_for_ack(envelope_id)
    assert ack["envelope_id"] == envelope_id
    assert ack["payload"]["response_type"] == "ephemeral"
    assert "APIG.0201" in json.dumps(ack["payload"]["blocks"], ensure_ascii=False)


def test_the_message_shortcut_is_acked_and_answered(bot):
    endpoint, slack, _, _ = bot
    shortcut = {
        "type": "message_action",
        "team": {"id": TEAM_ID, "domain": "hwerr-test"},
        "user": {"id": "UALICE", "name": "alice"},
        "channel": {"id": "CINCIDENT", "name": "incident"},
        "callback_id": SHORTCUT_CALLBACK_ID,
        "trigger_id": "trig.2",
        "message_ts": "1710000000.000100",
        "message": {
            "type": "message",
            "user": "UBOB",
            "ts": "1710000000.000100",
            "text": "got SCM.0014 from the API",
        },
        "response_url": slack.response_url("shortcut"),
    }
    answered = len(slack.calls_to("response"))
    envelope_id = endpoint.send("interactive", shortcut)
    assert endpoint.wait_for_ack(envelope_id)["envelope_id"] == envelope_id
    reply = slack.wait_for("response", count=answered + 1)[-1]
    assert "SCM.0014" in reply.blocks_text()


def test_disconnect_makes_the_client_reconnect_and_carry_on(bot):
    endpoint, slack, _, _ = bot
    connections, opened = len(endpoint.connections), len(slack.calls_to("apps.connections.open"))
    endpoint.disconnect()
    endpoint.wait_for_connections(connections + 1)
    assert len(slack.calls_to("apps.connections.open")) == opened + 1
    posted = len(slack.posts())
    event = message_event("after the reconnect: SCM.0014")
    envelope_id = endpoint.send("events_api", event_payload(event, "EvSOCKET2"))
    assert endpoint.wait_for_ack(envelope_id) == {"envelope_id": envelope_id}
    post = slack.wait_for("chat.postMessage", count=posted + 1)[-1]
    assert post.args["thread_ts"] == event["ts"]


def test_healthz_is_served_on_port_for_container_probes(bot):
    _, _, settings, _ = bot
    url = f"http://127.0.0.1:{settings.port}/healthz"
    with urllib.request.urlopen(url, timeout=5) as response:
        body = json.load(response)
        assert response.status == 200
    assert body["status"] == "ok" and body["catalog"]["entries"] > 0
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(f"http://127.0.0.1:{settings.port}/slack/events", timeout=5)
    assert missing.value.code == 404


def test_no_token_secret_or_message_text_reaches_the_logs(bot):
    """Events, a command, a shortcut, a Slack API error and health probes, all logged at DEBUG
    (library request bodies included), and none of the secrets or the words appear."""
    endpoint, slack, settings, logs = bot
    slack.fail("chat.postMessage", "not_in_channel")
    sent = [
        endpoint.send("events_api", event_payload(message_event(f"SCM.0014 {WORDS}"), "EvLOG1")),
        endpoint.send(
            "slash_commands",
            {
                "team_id": TEAM_ID,
                "channel_id": "CINCIDENT",
                "user_id": "UALICE",
                "command": SLASH_COMMAND,
                "text": f"APIG.0201 {WORDS}",
                "response_url": slack.response_url("log"),
            },
        ),
    ]
    unhandled = {"type": "event_callback", "event": {"type": "pin_added", "text": WORDS}}
    endpoint.send("events_api", unhandled)  # Bolt logs unhandled bodies whole, and acks nothing
    for envelope_id in sent:
        endpoint.wait_for_ack(envelope_id)
    wait_until(lambda: "Unhandled request" in logs.getvalue())
    wait_until(lambda: slack.calls_to("chat.postMessage", outcome="not_in_channel"))
    with urllib.request.urlopen(f"http://127.0.0.1:{settings.port}/healthz", timeout=5):
        pass
    text = logs.getvalue()
    assert "not_in_channel" in text and "hwerr.events" in text and "slack_sdk" in text
    for secret in (BOT, APP, SECRET, WORDS):
        assert secret not in text


def socket_settings(slack: FakeSlack, tmp_path: Path) -> Settings:
    return Settings.from_env(
        {
            "SLACK_BOT_TOKEN": BOT,
            "SLACK_APP_TOKEN": APP,
            "SLACK_API_URL": slack.api_url,
            "HWERR_DB": str(tmp_path / "hwerr.db"),
            "PORT": str(free_port()),
        }
    )


def test_sigterm_stops_the_bot_and_restores_the_signal_handlers(tmp_path):
    """`docker stop` / Kubernetes / systemd send SIGTERM: the run ends and closes cleanly."""
    before = signal.getsignal(signal.SIGTERM)
    with SocketModeServer() as endpoint, SocketModeSlack(endpoint) as slack:
        deps = Deps.from_settings(socket_settings(slack, tmp_path), load_default())

        def terminate_once_connected() -> None:
            endpoint.wait_for_connections(1)
            os.kill(os.getpid(), signal.SIGTERM)

        killer = threading.Thread(target=terminate_once_connected)
        killer.start()
        try:
            socket_mode.run(deps, deps.settings)  # in the main thread, as `hwerr serve` runs it
        finally:
            killer.join(10)
            deps.querylog.close()
    assert signal.getsignal(signal.SIGTERM) is before


def test_a_refused_app_token_stops_start_up_with_its_name(tmp_path):
    with SocketModeServer() as endpoint, SocketModeSlack(endpoint) as slack:
        slack.fail("apps.connections.open", "invalid_auth")
        settings = socket_settings(slack, tmp_path)
        deps = Deps.from_settings(settings, load_default())
        try:
            with pytest.raises(ConfigError, match=r"SLACK_APP_TOKEN was refused .*invalid_auth"):
                socket_mode.run(deps, settings, threading.Event())
        finally:
            deps.querylog.close()
        assert endpoint.connections == []


HANDLER_THREADS = inspect.signature(SocketModeHandler).parameters["concurrency"].default


def test_a_command_is_answered_at_once_while_a_web_api_outage_fills_the_listener_pool(
    tmp_path, caplog, monkeypatch
):
    """The Socket Mode twin of the HTTP test in test_resilience: chat.postMessage hangs, message
    events take every listener thread and waiting place, then keep coming (more than the
    handler has threads), before and after a /hwerr. Every envelope is acked within Slack's 3 s,
    the events with no place are shed with a log line, and the command's ack carries its answer:
    it waits only while the envelopes ahead of it are shed (BURST_WAIT_S per handler thread),
    never behind the stuck auto-replies. An answer later than the ack budget reaches its
    response_url during the outage too."""
    with SocketModeServer() as endpoint, SocketModeSlack(endpoint) as slack:
        pool, commands = TrackingExecutor(backlog=4), TrackingExecutor(COMMAND_WORKERS)
        deps = Deps.from_settings(
            socket_settings(slack, tmp_path), load_default(), executor=pool, commands=commands
        )
        held = slack.hold("chat.postMessage")
        with serving(deps, endpoint):
            try:
                events = [
                    send_message(endpoint, f"SCM.0014 #{n}", f"EvFull{n}")
                    for n in range(pool.capacity)
                ]
                flood = [
                    send_message(endpoint, f"APIG.0308 #{n}", f"EvFlood{n}")
                    for n in range(HANDLER_THREADS + 4)
                ]
                asked = endpoint.send("slash_commands", slash_command(slack, "APIG.0308"), True)
                flood += [
                    send_message(endpoint, f"APIG.0308 #{n}", f"EvMore{n}")
                    for n in range(HANDLER_THREADS)
                ]
                assert endpoint.seconds_to_ack(asked) < 3.0
                answer = endpoint.acks[asked]["payload"]
                assert "Throttling threshold reached." in rendered(answer)
                late = [e for e in events + flood if endpoint.seconds_to_ack(e) >= 3.0]
                assert not late, f"{len(late)} events not acked in 3 s: the handler holds them"
                assert caplog.text.count("listener pool full") == len(flood)
                monkeypatch.setattr(command, "ACK_BUDGET_S", 0.05)
                commands.pause()  # the answer misses the ack budget
                asked = endpoint.send("slash_commands", slash_command(slack, "SCM.0014"), True)
                assert endpoint.seconds_to_ack(asked) < 3.0
                assert endpoint.acks[asked] == {"envelope_id": asked}
                commands.resume()
                [answer] = slack.wait_for(RESPONSE)
                assert "请传递正确的证书和私钥" in answer.blocks_text()
                assert slack.posts() == []  # the outage is still on
            finally:
                held.set()
