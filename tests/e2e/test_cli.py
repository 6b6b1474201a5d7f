"""`hwerr serve` and `hwerr console` as processes, the way an operator runs them."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.e2e.fake_slack import BOT_USER_ID, RESPONSE, FakeSlack, rendered
from tests.e2e.running import BOT_TOKEN, SECRET
from tests.e2e.signed import SlackSender, message_event

ROOT = Path(__file__).resolve().parents[2]


def environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "HWERR_"))}
    return {**keep, "HWERR_DB": str(tmp_path / "hwerr.db"), "PORT": str(free_port()), **extra}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serving(
    slack: FakeSlack, tmp_path: Path, logs: list[str] | None = None, **extra: str
) -> Iterator[SlackSender]:
    """`hwerr serve` on a free port with `extra` settings; yields a sender aimed at it once
    it says it is serving, and stops it (SIGTERM) afterwards. Its stderr is read all along
    (a full pipe would stall the bot) into `logs`, complete once the block is left."""
    logs = [] if logs is None else logs
    env = environment(
        tmp_path,
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SECRET,
        SLACK_API_URL=slack.api_url,
        **extra,
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1"],
        cwd=ROOT,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        port = None
        for line in process.stderr:
            logs.append(line)
            if "serving /slack/events" in line:
                port = int(line.rsplit(":", 1)[1].strip(' "}\n'))
                break
        assert port, "hwerr serve ended without serving"
        reader = threading.Thread(target=logs.extend, args=(process.stderr,), daemon=True)
        reader.start()
        yield SlackSender(
            f"http://127.0.0.1:{port}/slack/events", SECRET, response_url=slack.response_url()
        )
    finally:
        process.terminate()
        assert process.wait(10) == 0
        reader.join(10)


@pytest.fixture
def served(slack: FakeSlack, tmp_path: Path) -> Iterator[SlackSender]:
    with serving(slack, tmp_path) as sender:
        yield sender


def test_serve_answers_a_signed_command_over_http(served: SlackSender, slack: FakeSlack) -> None:
    reply = served.command("SCM.0014")
    assert reply.status == 200
    assert "请传递正确的证书和私钥" in rendered(reply.json())


def test_serve_runs_the_digest_scheduler_and_catches_up_a_missed_digest(
    slack: FakeSlack, tmp_path: Path
) -> None:
    """With a digest channel set, `hwerr serve` starts the scheduler: a digest whose time
    passed within the grace period (every minute here) is posted once at start-up."""
    every_minute = {"HWERR_DIGEST_CHANNEL": "CDIGEST", "HWERR_DIGEST_CRON": "* * * * *"}
    with serving(slack, tmp_path, **every_minute):
        (post,) = slack.wait_for("chat.postMessage", timeout=10)
    assert post.args["channel"] == "CDIGEST"
    assert "Huawei Cloud errors" in post.text
    with sqlite3.connect(tmp_path / "hwerr.db") as db:
        claims = db.execute("SELECT channel FROM digest_posts").fetchall()
    assert claims == [("CDIGEST",)]


def test_serve_with_a_token_slack_rejects_stays_up_and_answers_503_on_healthz(
    slack: FakeSlack, tmp_path: Path
) -> None:
    """A refused token must not crash-loop the process: probes hold traffic and say why."""
    slack.fail("auth.test", "invalid_auth", times=100)
    with serving(slack, tmp_path) as sender:
        healthz = sender.url.replace("/slack/events", "/healthz")
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(healthz, timeout=5)
    assert refused.value.code == 503
    assert "invalid_auth" in json.load(refused.value)["problems"][0]


WORDS = "the database password is hunter2"


@pytest.mark.parametrize("log_format", ["plain", "json"])
def test_serve_logs_one_line_per_event_and_never_a_secret_or_anyones_words(
    slack: FakeSlack, tmp_path: Path, log_format: str
) -> None:
    """A real `hwerr serve` at DEBUG (library request bodies included) through the digest
    job, a command, a search, a channel message, a mention, a button, a failing Slack call
    and a probe: one event line each with its fields, and neither the bot token, the
    signing secret nor the words people typed anywhere in what it wrote."""
    logs: list[str] = []
    settings = {"HWERR_LOG_LEVEL": "DEBUG", "HWERR_LOG_FORMAT": log_format}
    digest = {"HWERR_DIGEST_CHANNEL": "CDIGEST", "HWERR_DIGEST_CRON": "* * * * *"}
    with serving(slack, tmp_path, logs, **settings, **digest) as sender:
        slack.wait_for("chat.postMessage")  # the digest, caught up at start-up
        sender.command(f"SCM.0014 {WORDS}")
        sender.command(WORDS)
        slack.fail("chat.postMessage", "not_in_channel")
        sender.event(message_event(f"deploy failed with APIG.0201: {WORDS}"))
        sender.event({**message_event(f"<@{BOT_USER_ID}> SCM.0014 {WORDS}"), "type": "app_mention"})
        [_, answer] = slack.wait_for("chat.postMessage", count=2)  # digest, mention
        helpful = next(
            element
            for block in answer.blocks
            if block["type"] == "actions"
            for element in block["elements"]
            if element["action_id"] == "hwerr_helpful"
        )
        click = {"type": "block_actions", "user": {"id": "UBOB"}, "channel": {"id": "C1"}}
        sender.interactive({**click, "actions": [helpful], "response_url": slack.response_url()})
        assert sender.get("/healthz").status == 200
        slack.wait_for(RESPONSE)  # the thanks for the click
        deadline = time.monotonic() + 10
        while sum("hwerr.events" in line for line in logs) < 6 and time.monotonic() < deadline:
            threading.Event().wait(0.02)  # the reader thread appends the bot's lines
    text = "".join(logs)
    assert "slack_sdk" in text and "not_in_channel" in text
    for leak in (BOT_TOKEN, SECRET, "hunter2"):
        assert leak not in text
    events = [line for line in logs if "hwerr.events" in line]
    if log_format == "json":
        parsed = [json.loads(line) for line in logs]
        events = [line for line in parsed if line["logger"] == "hwerr.events"]
        assert all(
            {"kind", "channel", "codes", "latency_ms", "outcome"} <= e.keys() for e in events
        )
        kinds = sorted(event["kind"] for event in events)
    else:
        assert all("channel=" in e and "latency_ms=" in e and "outcome=" in e for e in events)
        kinds = sorted(line.split("hwerr.events: ")[1].split()[0] for line in events)
    assert kinds == ["auto", "digest", "helpful", "mention", "slash", "slash"]


def test_serve_without_a_signing_secret_stops_naming_the_variable(tmp_path: Path) -> None:
    env = environment(tmp_path, SLACK_BOT_TOKEN=BOT_TOKEN)
    done = subprocess.run(
        [sys.executable, "-m", "bot", "serve"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode != 0
    assert "SLACK_SIGNING_SECRET" in done.stderr


def test_console_answers_piped_lines_and_records_them(tmp_path: Path) -> None:
    lines = "deploy failed with SCM.0014\n/hwerr APIG.0201 504\nlunch?\n/hwerr <!channel> zzqx\n"
    done = subprocess.run(
        [sys.executable, "-m", "bot", "console"],
        cwd=ROOT,
        env=environment(tmp_path),
        input=lines,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.index("请传递正确的证书和私钥") < out.index("Backend timeout.")
    assert "Bad request." not in out  # the explicit status filtered
    assert "[Share in channel]" in out.split("Backend timeout.")[1]  # as /hwerr shows it
    assert "(no reply" in out
    assert "“<!channel> zzqx”" in out  # readable text: entities undone for the terminal
    with sqlite3.connect(tmp_path / "hwerr.db") as db:
        rows = db.execute("SELECT source, code FROM queries ORDER BY id").fetchall()
    assert rows[:2] == [("console", "SCM.0014"), ("console", "APIG.0201")]
