"""`hwerr digest`: the dry run prints the digest, `--post` posts it over real HTTP to a
fake Slack Web API on loopback, once per channel and period."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlite_utils import Database

from bot.cli import main
from bot.clock import ManualClock
from bot.querylog import QueryLog
from tests.bot.querylog_support import flushed, put, small_catalog

ROOT = Path(__file__).resolve().parents[2]
WEEK_47_MIDDLE = datetime(2025, 11, 19, 12, tzinfo=UTC)


class FakeSlack(ThreadingHTTPServer):
    """Answers chat.postMessage like Slack; `refuse` names channels that get an error."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), SlackHandler)
        self.calls: list[dict] = []
        self.refuse: set[str] = set()
        self.hold_first: threading.Event | None = None  # the first post waits for it

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/api/"


class SlackHandler(BaseHTTPRequestHandler):
    server: FakeSlack

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        body["_path"] = self.path
        body["_auth"] = self.headers.get("Authorization")
        self.server.calls.append(body)
        if self.server.hold_first is not None and len(self.server.calls) == 1:
            self.server.hold_first.wait(30)
        ok = body.get("channel") not in self.server.refuse
        answer = (
            {"ok": True, "channel": body.get("channel"), "ts": "1.1"}
            if ok
            else {"ok": False, "error": "channel_not_found"}
        )
        data = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args) -> None:
        """Quiet."""


@pytest.fixture
def slack():
    server = FakeSlack()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    catalog_file = tmp_path / "catalog.json"
    small_catalog().save(catalog_file)
    db = tmp_path / "hwerr.db"
    clock = ManualClock(WEEK_47_MIDDLE)
    with QueryLog(db, clock) as log:
        put(log, clock, WEEK_47_MIDDLE, "SCM.0014", 4, channel="C0INCIDENT")
        put(log, clock, WEEK_47_MIDDLE - timedelta(days=7), "SCM.0014", 1)
        put(log, clock, WEEK_47_MIDDLE, "<!here>", 1, known=False)
        flushed(log)
    return {
        "HWERR_DB": str(db),
        "HWERR_CATALOG": str(catalog_file),
        "HWERR_DIGEST_CHANNEL": "C1,C2",
    }


def run(env: dict[str, str], *args: str):
    return CliRunner().invoke(main, ["digest", *args], env=env)


def test_dry_run_prints_the_digest_of_a_named_week(env):
    result = run(env, "--period", "2025-W47")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "Huawei Cloud errors · week 47 (Nov 17–23)",
        "1. SCM.0014  ×4  ▲ +3  ▁▁▁▁▁▁▃█  上传证书和私钥不匹配",
        "Not in the catalog: <!here> ×1",
        "Most affected: #C0INCIDENT (4) · 👍 0 / 👎 0",
    ]


def test_a_day_period_counts_that_day_only(env):
    result = run(env, "--dry-run", "--period", "2025-11-18")
    assert result.exit_code == 0, result.output
    assert "A quiet day" in result.output


def test_a_bad_period_is_refused_with_the_accepted_forms(env):
    result = run(env, "--period", "last-month")
    assert result.exit_code == 2
    assert "YYYY-Www" in result.output


def test_post_sends_blocks_once_per_channel_and_never_twice(env, slack):
    env |= {"SLACK_BOT_TOKEN": "xoxb-test-token", "SLACK_API_URL": slack.url}
    first = run(env, "--post", "--period", "2025-W47")
    assert first.exit_code == 0, first.output
    assert first.output.splitlines() == ["C1: posted", "C2: posted"]
    assert [call["channel"] for call in slack.calls] == ["C1", "C2"]
    call = slack.calls[0]
    assert call["_path"] == "/api/chat.postMessage"
    assert call["_auth"] == "Bearer xoxb-test-token"
    assert call["blocks"][0]["text"]["text"] == "Huawei Cloud errors · week 47 (Nov 17–23)"
    assert "&lt;!here&gt;" in json.dumps(call["blocks"], ensure_ascii=False)
    assert "<!here>" not in call["text"]
    again = run(env, "--post", "--period", "2025-W47")
    assert again.output.splitlines() == ["C1: already posted", "C2: already posted"]
    assert len(slack.calls) == 2
    assert "xoxb-test-token" not in first.output + again.output


def test_a_refused_channel_fails_the_command_and_is_retried_later(env, slack):
    env |= {"SLACK_BOT_TOKEN": "xoxb-test-token", "SLACK_API_URL": slack.url}
    slack.refuse = {"C2"}
    result = run(env, "--post", "--period", "2025-W47")
    assert result.exit_code == 1
    assert result.output.splitlines() == ["C1: posted", "C2: failed"]
    slack.refuse = set()
    retry = run(env, "--post", "--period", "2025-W47", "--channel", "C1", "--channel", "C2")
    assert retry.output.splitlines() == ["C1: already posted", "C2: posted"]


def test_post_without_a_token_says_so(env):
    result = run(env, "--post")
    assert result.exit_code == 1
    assert "SLACK_BOT_TOKEN" in result.output


def test_an_unfinished_period_is_shown_but_never_posted(env, slack):
    """Posting this week now would use up its one post: Monday's full digest would not go."""
    env |= {"SLACK_BOT_TOKEN": "xoxb-test-token", "SLACK_API_URL": slack.url}
    assert run(env, "--dry-run", "--period", "this-week").exit_code == 0
    result = run(env, "--post", "--period", "this-week")
    assert result.exit_code == 2
    assert "is not over until" in result.output
    assert slack.calls == []
    assert Database(env["HWERR_DB"])["digest_posts"].count == 0


def test_two_processes_posting_the_same_week_at_once_post_it_once_per_channel(env, slack):
    """The first post is held at Slack until the other process has finished, so the two
    really overlap: the second must find the first's claim, not post again."""
    env = {**os.environ, **env, "SLACK_BOT_TOKEN": "xoxb-test-token", "SLACK_API_URL": slack.url}
    slack.hold_first = threading.Event()
    command = [sys.executable, "-m", "bot", "digest", "--post", "--period", "2025-W47"]
    posters = [
        subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    deadline = time.monotonic() + 60
    while all(poster.poll() is None for poster in posters) and time.monotonic() < deadline:
        slack.hold_first.wait(0.05)  # poll both processes; nothing sets the event yet
    slack.hold_first.set()
    outputs = [poster.communicate(timeout=60)[0] for poster in posters]
    assert [poster.returncode for poster in posters] == [0, 0]
    assert sorted(call["channel"] for call in slack.calls) == ["C1", "C2"]
    said = sorted(line for output in outputs for line in output.splitlines())
    assert said == ["C1: already posted", "C1: posted", "C2: already posted", "C2: posted"]
