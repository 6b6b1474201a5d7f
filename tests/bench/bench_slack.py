"""Benchmark the Slack app over loopback: `python tests/bench/bench_slack.py [EVENTS]`.

`hwerr serve` runs as its own process against a fake Slack Web API in this one.
Measured, each beside a bare WSGI "hello" on waitress started the same way:
- start-up: process start to the first answered request;
- slash-command ack latency, p50 and p99, with 20 concurrent callers;
- sustained signed message events per second, each one's reply posted to the fake API;
- the bot's resident memory after EVENTS message events (default 10,000).
Floors (issue #4): ack p50 <= 20 ms, p99 <= 100 ms; >= 100 events/s; <= 150 MB; start <= 1.5 s.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.e2e.fake_slack import FakeSlack  # noqa: E402
from tests.e2e.running import BOT_TOKEN, SECRET  # noqa: E402
from tests.e2e.signed import SlackSender, message_event  # noqa: E402

CALLERS = 20
COMMANDS_PER_CALLER = 50
EVENT_SENDERS = 8
DEADLINE_S = 600

HELLO = """
import sys, waitress
def hello(environ, start_response):
    environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
    start_response("200 OK", [("Content-Length", "0")])
    return [b""]
waitress.serve(hello, host="127.0.0.1", port=int(sys.argv[1]), threads=8, _quiet=True)
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(
    command: list[str], env: dict[str, str], port: int, response_url: str
) -> tuple[subprocess.Popen, float]:
    """Start a server process; seconds until it answered its first signed command with 200."""
    began = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    sender = SlackSender(f"http://127.0.0.1:{port}/slack/events", SECRET, response_url=response_url)
    while time.perf_counter() - began < 30:
        try:
            if sender.command("help").status == 200:
                return process, time.perf_counter() - began
        except OSError:
            time.sleep(0.005)  # not listening yet: the one wait this measurement needs
    process.kill()
    raise SystemExit(f"{command} did not answer within 30 s")


def ack_latencies(url: str, response_url: str) -> list[float]:
    """Milliseconds per /hwerr ack, CALLERS callers at once, each on its own connection."""
    sender = SlackSender(url, SECRET, response_url=response_url)
    queries = ["SCM.0014", "APIG.0201 504", "APIG.0308", "certificate", "SCM.0041"]

    def caller(index: int) -> list[float]:
        return [
            sender.command(queries[(index + n) % len(queries)]).seconds * 1000
            for n in range(COMMANDS_PER_CALLER)
        ]

    with ThreadPoolExecutor(CALLERS) as pool:
        return [ms for found in pool.map(caller, range(CALLERS)) for ms in found]


def send_events(url: str, count: int) -> float:
    """Send `count` signed message events from EVENT_SENDERS senders; seconds it took."""
    sender = SlackSender(url, SECRET)
    texts = [
        "deploy failed: error_code:SCM.0014 request_id:0a1b2c3d4e5f60718293a4b5c6d7e8f9",
        '{"error_code": "APIG.0308", "error_msg": "Throttling threshold reached."}',
        "status_code:504 APIG.0201 Backend timeout",
    ]

    def send(index: int) -> None:
        for n in range(index, count, EVENT_SENDERS):
            reply = sender.event(message_event(texts[n % len(texts)], channel=f"C{n % 50:04d}"))
            assert reply.status == 200, reply

    began = time.perf_counter()
    with ThreadPoolExecutor(EVENT_SENDERS) as pool:
        list(pool.map(send, range(EVENT_SENDERS)))
    return time.perf_counter() - began


def resident_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main(events: int) -> None:
    with FakeSlack() as slack, tempfile.TemporaryDirectory() as folder:
        base = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "HWERR_"))}
        hello_port, bot_port = free_port(), free_port()
        hello_command = [sys.executable, "-c", HELLO, str(hello_port)]
        hello, hello_start = start(hello_command, base, hello_port, slack.response_url())
        bot_env = {
            **base,
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": slack.api_url,
            "HWERR_DB": str(Path(folder) / "bench.db"),
            "HWERR_LOG_LEVEL": "WARNING",
            "PORT": str(bot_port),
        }
        command = [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1"]
        bot, bot_start = start(command, bot_env, bot_port, slack.response_url())
        try:
            hello_url = f"http://127.0.0.1:{hello_port}/slack/events"
            bot_url = f"http://127.0.0.1:{bot_port}/slack/events"
            base_acks = ack_latencies(hello_url, slack.response_url())
            acks = ack_latencies(bot_url, slack.response_url())
            began = time.perf_counter()
            sent_in = send_events(bot_url, events)
            slack.wait_for("chat.postMessage", events, timeout=DEADLINE_S)
            replied_in = time.perf_counter() - began
            hello_sent_in = send_events(hello_url, events // 5)
            memory = resident_mb(bot.pid)
            hello_memory = resident_mb(hello.pid)
        finally:
            for process in (bot, hello):
                process.terminate()
                process.wait(10)

    rate = events / replied_in
    hello_rate = (events // 5) / hello_sent_in
    p50, p99 = percentile(acks, 0.50), percentile(acks, 0.99)
    b50, b99 = percentile(base_acks, 0.50), percentile(base_acks, 0.99)
    print(
        f"hwerr Slack app over loopback ({os.cpu_count()} cores), baseline: WSGI hello on waitress"
    )
    print(f"{'measure':44} {'hwerr':>10} {'baseline':>10} {'ratio':>7}  floor")
    rows = [
        ("start-up to first answered request (s)", bot_start, hello_start, "<= 1.5"),
        (f"/hwerr ack p50, {CALLERS} callers (ms)", p50, b50, "<= 20"),
        (f"/hwerr ack p99, {CALLERS} callers (ms)", p99, b99, "<= 100"),
        ("message events/s, replies posted", rate, hello_rate, ">= 100"),
        (f"resident memory after {events} events (MB)", memory, hello_memory, "<= 150"),
    ]
    for name, value, baseline, floor in rows:
        print(f"{name:44} {value:10.2f} {baseline:10.2f} {value / baseline:7.1f}  {floor}")
    print(
        f"({len(acks)} acks, mean {statistics.mean(acks):.1f} ms; events sent in {sent_in:.1f} s)"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
