"""The digest: periods in timezones, the numbers on a hand-built log, its text and
Block Kit, and posting exactly once per (channel, period)."""

from __future__ import annotations

import json
import threading
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.clock import ManualClock
from bot.digest import Digest, DigestLine, Period, compute, digest_text
from bot.digest_blocks import digest_blocks, digest_message, escape
from bot.digest_post import ALREADY, FAILED, POSTED, QUIET, publish
from bot.querylog import QueryLog
from tests.bot.querylog_support import flushed, put, small_catalog

UTC_ZONE = ZoneInfo("UTC")
SHANGHAI = ZoneInfo("Asia/Shanghai")
LOS_ANGELES = ZoneInfo("America/Los_Angeles")
WEEK_47 = Period("week", date(2025, 11, 17), UTC_ZONE)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(datetime(2025, 11, 24, 9, tzinfo=UTC))


@pytest.fixture
def qlog(tmp_path, clock):
    log = QueryLog(tmp_path / "hwerr.db", clock)
    yield log
    log.close()


# -- periods -----------------------------------------------------------------


def test_a_week_runs_monday_to_monday_in_its_timezone():
    sunday_night_utc = datetime(2025, 11, 23, 17, 0, tzinfo=UTC)  # Monday 01:00 in Shanghai
    week = Period.containing("week", sunday_night_utc, SHANGHAI)
    assert week.start == datetime(2025, 11, 24, tzinfo=SHANGHAI)
    assert week.start.astimezone(UTC) == datetime(2025, 11, 23, 16, tzinfo=UTC)
    assert week.key == "2025-W48"
    assert Period.containing("week", sunday_night_utc, UTC_ZONE).key == "2025-W47"


def test_the_week_when_los_angeles_falls_back_is_169_hours_long():
    dst_week = Period("week", date(2025, 10, 27), LOS_ANGELES)  # clocks go back on Sunday Nov 2
    assert dst_week.start.astimezone(UTC) == datetime(2025, 10, 27, 7, tzinfo=UTC)  # PDT
    assert dst_week.end.astimezone(UTC) == datetime(2025, 11, 3, 8, tzinfo=UTC)  # PST
    assert dst_week.end.astimezone(UTC) - dst_week.start.astimezone(UTC) == timedelta(hours=169)
    assert dst_week.previous().end == dst_week.start


def test_the_last_complete_period_is_the_one_before_now():
    monday_nine = datetime(2025, 11, 24, 9, tzinfo=UTC)
    assert Period.last_complete("week", monday_nine, UTC_ZONE).key == "2025-W47"
    assert Period.last_complete("day", monday_nine, UTC_ZONE).key == "2025-11-23"
    assert Period.last_complete("week", monday_nine, LOS_ANGELES).key == "2025-W47"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("last-week", "2025-W47"),
        ("this-week", "2025-W48"),
        ("2025-W02", "2025-W02"),
        ("2024-w52", "2024-W52"),
        ("2025-11-20", "2025-11-20"),
        ("yesterday", "2025-11-23"),
    ],
)
def test_period_names_on_the_command_line(text, key):
    assert Period.parse(text, "week", datetime(2025, 11, 24, 9, tzinfo=UTC), UTC_ZONE).key == key


@pytest.mark.parametrize("text", ["last-month", "2025-W60", "2025-13-01", ""])
def test_a_bad_period_name_says_what_is_accepted(text):
    with pytest.raises(ValueError, match="last-week, this-week, YYYY-Www or YYYY-MM-DD"):
        Period.parse(text, "week", datetime(2025, 11, 24, tzinfo=UTC), UTC_ZONE)


def test_labels_name_the_week_and_its_days():
    assert WEEK_47.label == "week 47 (Nov 17–23)"
    assert Period("week", date(2025, 12, 29), UTC_ZONE).label == "week 1 (Dec 29–Jan 4)"
    assert Period("day", date(2025, 11, 20), UTC_ZONE).label == "Thu Nov 20"


# -- the numbers -------------------------------------------------------------


def build_week_47(log: QueryLog, clock: ManualClock) -> None:
    mid = datetime(2025, 11, 19, 12, tzinfo=UTC)
    put(log, clock, mid, "SCM.0014", 23, channel="C0INCIDENT")
    put(log, clock, mid - timedelta(days=7), "SCM.0014", 14)
    put(log, clock, mid, "APIG.0308", 17, channel="C0DEPLOYS")
    put(log, clock, mid - timedelta(days=7), "APIG.0308", 21)
    put(log, clock, mid, "LIVE.100011009", 6, channel="C0INCIDENT")
    put(log, clock, mid, "APIGW.0301", 5, known=False, source="auto", channel="C0INCIDENT")
    put(log, clock, mid, "SCM.9999", 1, known=False)
    put(log, clock, mid, None, 2, known=False, query="cert broken")
    put(log, clock, datetime(2025, 11, 24, 0, 0, tzinfo=UTC), "SCM.0014", 50)  # next week
    clock.now = mid
    for helpful in [True] * 14 + [False] * 2:
        log.feedback(team="T", channel="C", user="U", code="SCM.0014", helpful=helpful)
    flushed(log)


def test_digest_numbers_on_a_hand_built_log(qlog, clock):
    build_week_47(qlog, clock)
    digest = compute(qlog, WEEK_47, small_catalog(), top=10)
    assert [(line.code, line.count, line.previous, line.change) for line in digest.lines] == [
        ("SCM.0014", 23, 14, "up"),
        ("APIG.0308", 17, 21, "down"),
        ("LIVE.100011009", 6, 0, "new"),
    ]
    assert digest.lines[0].message == "上传证书和私钥不匹配"
    assert digest.gaps == (("APIGW.0301", 5), ("SCM.9999", 1))
    assert digest.unmatched == 2
    assert digest.channels == (("C0INCIDENT", 34), ("C0DEPLOYS", 17))
    assert (digest.helpful, digest.unhelpful) == (14, 2)
    assert digest.total == 23 + 17 + 6 + 5 + 1 + 2
    assert not digest.quiet


def test_top_limits_the_lines(qlog, clock):
    build_week_47(qlog, clock)
    assert [line.code for line in compute(qlog, WEEK_47, small_catalog(), top=2).lines] == [
        "SCM.0014",
        "APIG.0308",
    ]


def test_the_same_rows_fall_in_different_weeks_in_shanghai(qlog, clock):
    sunday_20_utc = datetime(2025, 11, 23, 20, tzinfo=UTC)  # Monday 04:00 in Shanghai
    put(qlog, clock, sunday_20_utc, "SCM.0014", 4)
    flushed(qlog)
    utc_week = compute(qlog, WEEK_47, small_catalog())
    shanghai_week = compute(qlog, Period("week", date(2025, 11, 17), SHANGHAI), small_catalog())
    assert utc_week.total == 4
    assert shanghai_week.total == 0
    next_shanghai = compute(qlog, Period("week", date(2025, 11, 24), SHANGHAI), small_catalog())
    assert next_shanghai.total == 4


def test_the_dst_week_in_los_angeles_counts_its_extra_hour(qlog, clock):
    dst_week = Period("week", date(2025, 10, 27), LOS_ANGELES)
    put(qlog, clock, datetime(2025, 11, 3, 7, 30, tzinfo=UTC), "SCM.0014")  # Sun 23:30 PST
    put(qlog, clock, datetime(2025, 11, 3, 8, 30, tzinfo=UTC), "SCM.0014")  # Mon 00:30 PST
    put(qlog, clock, datetime(2025, 10, 27, 6, 30, tzinfo=UTC), "SCM.0014")  # Sun 23:30 PDT
    flushed(qlog)
    assert compute(qlog, dst_week, small_catalog()).total == 1


def test_the_trend_covers_the_last_weeks_oldest_first(qlog, clock):
    for back, times in enumerate([8, 4, 2, 1]):
        put(
            qlog,
            clock,
            datetime(2025, 11, 19, tzinfo=UTC) - timedelta(weeks=back),
            "SCM.0014",
            times,
        )
    flushed(qlog)
    (line,) = compute(qlog, WEEK_47, small_catalog(), history=5).lines
    assert line.trend == (0, 1, 2, 4, 8)
    assert line.sparkline == "▁▂▃▅█"


def test_a_quiet_period_is_quiet(qlog):
    digest = compute(qlog, WEEK_47, small_catalog())
    assert digest.quiet
    assert digest_text(digest) == (
        "Huawei Cloud errors · week 47 (Nov 17–23)\nA quiet week: nobody asked about an error code."
    )


# -- text and blocks ---------------------------------------------------------


def test_digest_text_reads_like_the_reply_guide(qlog, clock):
    build_week_47(qlog, clock)
    text = digest_text(compute(qlog, WEEK_47, small_catalog(), history=2))
    assert text.splitlines() == [
        "Huawei Cloud errors · week 47 (Nov 17–23)",
        "1. SCM.0014  ×23  ▲ +9  ▅█  上传证书和私钥不匹配",
        "2. APIG.0308  ×17  ▼ −4  █▇  Throttling threshold reached.",
        "3. LIVE.100011009  ×6  new  The requested user does not exist.",
        "Not in the catalog: APIGW.0301 ×5, SCM.9999 ×1 · 2 searches found nothing",
        "Most affected: #C0INCIDENT (34), #C0DEPLOYS (17) · 👍 14 / 👎 2",
    ]


def sample_digest(lines: int = 3, message: str = "m", gaps=(), channels=()) -> Digest:
    return Digest(
        period=WEEK_47,
        lines=tuple(DigestLine(f"X.{n}", 10, 5, message) for n in range(lines)),
        gaps=tuple(gaps),
        unmatched=0,
        channels=tuple(channels),
        helpful=1,
        unhelpful=0,
        total=10 * lines,
    )


def all_texts(blocks: list[dict]) -> list[str]:
    texts = []
    for block in blocks:
        if "text" in block:
            texts.append(block["text"]["text"])
        texts += [element["text"] for element in block.get("elements", [])]
    return texts


def test_blocks_escape_codes_and_messages_but_link_channels():
    digest = sample_digest(
        lines=1,
        message="Use <b>&</b> only",
        gaps=[("<!channel>", 2)],
        channels=[("C0INCIDENT", 3), ("not<an>id", 1)],
    )
    text, blocks = digest_message(digest)
    joined = "\n".join(all_texts(blocks))
    assert "Use &lt;b&gt;&amp;&lt;/b&gt; only" in joined
    assert "&lt;!channel&gt; ×2" in joined
    assert "<#C0INCIDENT> (3)" in joined
    assert "#not&lt;an&gt;id (1)" in joined
    assert "<b>" not in text and "<!channel>" not in text
    assert blocks[0] == {
        "type": "header",
        "text": {"type": "plain_text", "text": "Huawei Cloud errors · week 47 (Nov 17–23)"},
    }


def test_blocks_stay_within_slack_limits_for_a_huge_digest():
    digest = sample_digest(lines=40, message="&" * 2000, gaps=[(f"G.{n}", 1) for n in range(500)])
    text, blocks = digest_message(digest)
    assert len(blocks) <= 50
    assert all(len(t) <= 3000 for t in all_texts(blocks))
    assert all(not t.rstrip("…").endswith(("&", "&a", "&am", "&amp")) for t in all_texts(blocks))
    assert 0 < len(text) <= 3000


def test_a_quiet_digest_is_a_header_and_one_line():
    blocks = digest_blocks(_quiet())
    assert [block["type"] for block in blocks] == ["header", "section"]
    assert "quiet week" in blocks[1]["text"]["text"]


def _quiet() -> Digest:
    return Digest(WEEK_47, (), (), 0, (), 0, 0, 0)


# -- posting exactly once ------------------------------------------------------


class Recorder:
    def __init__(self, fail: bool = False) -> None:
        self.calls: list[tuple[str, str, list[dict]]] = []
        self.fail = fail
        self.lock = threading.Lock()

    def __call__(self, channel: str, text: str, blocks: list[dict]) -> None:
        if self.fail:
            raise RuntimeError("slack said no")
        with self.lock:
            self.calls.append((channel, text, blocks))


def test_a_period_is_posted_once_per_channel_even_when_published_twice(qlog):
    post = Recorder()
    assert publish(qlog, sample_digest(), ["C1", "C2"], post) == {"C1": POSTED, "C2": POSTED}
    assert publish(qlog, sample_digest(), ["C1", "C2", "C3"], post) == {
        "C1": ALREADY,
        "C2": ALREADY,
        "C3": POSTED,
    }
    assert [channel for channel, _, _ in post.calls] == ["C1", "C2", "C3"]


def test_two_logs_on_one_file_posting_at_once_post_once(tmp_path, clock):
    logs = [QueryLog(tmp_path / "shared.db", clock) for _ in range(2)]
    post = Recorder()
    barrier = threading.Barrier(2)
    results = []

    def poster(log: QueryLog) -> None:
        barrier.wait()
        results.append(publish(log, sample_digest(), ["C1"], post))

    threads = [threading.Thread(target=poster, args=(log,)) for log in logs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for log in logs:
        log.close()
    assert len(post.calls) == 1
    assert sorted(result["C1"] for result in results) == sorted([POSTED, ALREADY])


def test_a_failed_post_releases_its_claim_so_a_later_run_retries(qlog):
    assert publish(qlog, sample_digest(), ["C1"], Recorder(fail=True)) == {"C1": FAILED}
    post = Recorder()
    assert publish(qlog, sample_digest(), ["C1"], post) == {"C1": POSTED}
    assert len(post.calls) == 1


def test_a_claim_left_by_a_crash_is_retaken_only_once_stale(qlog, clock):
    assert qlog.claim_digest("C1", "2025-W47")  # crashed before posting
    assert publish(qlog, sample_digest(), ["C1"], Recorder()) == {"C1": ALREADY}
    clock.advance(minutes=11)
    assert publish(qlog, sample_digest(), ["C1"], Recorder()) == {"C1": POSTED}


def test_a_quiet_week_is_skipped_when_asked_and_posted_by_default(qlog):
    skipped = Recorder()
    assert publish(qlog, _quiet(), ["C1"], skipped, quiet="skip") == {"C1": QUIET}
    assert skipped.calls == []
    posted = Recorder()
    assert publish(qlog, _quiet(), ["C1"], posted) == {"C1": POSTED}
    assert "quiet week" in posted.calls[0][1]


def test_no_post_without_a_claim_when_the_log_is_down(tmp_path, clock):
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"not a database" * 100)
    post = Recorder()
    with QueryLog(broken, clock) as log:
        assert publish(log, sample_digest(), ["C1"], post) == {"C1": FAILED}
    assert post.calls == []


def digest_events(out) -> list[dict]:
    """The `digest` events among the JSON lines the configured log wrote."""
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    return [line for line in lines if line["logger"] == "hwerr.events" and line["kind"] == "digest"]


def test_each_channels_outcome_is_one_digest_event_in_the_log(qlog, capture):
    out = capture(HWERR_LOG_FORMAT="json")
    publish(qlog, sample_digest(lines=2), ["C1"], Recorder())
    publish(qlog, sample_digest(lines=2), ["C1", "C2"], Recorder(fail=True))
    events = digest_events(out)
    assert [(e["channel"], e["outcome"]) for e in events] == [
        ("C1", "posted"),
        ("C1", "already_posted"),
        ("C2", "failed"),
    ]
    assert all(e["codes"] == ["X.0", "X.1"] and e["latency_ms"] >= 0 for e in events)


def test_a_skipped_quiet_digest_is_an_event_per_channel(qlog, capture):
    out = capture()
    publish(qlog, _quiet(), ["C1", "C2"], Recorder(), quiet="skip")
    said = [line for line in out.getvalue().splitlines() if "hwerr.events" in line]
    assert [line.split("hwerr.events: ")[1] for line in said] == [
        f"digest channel={channel} codes=- latency_ms=0.0 outcome=skipped_quiet"
        for channel in ("C1", "C2")
    ]


def test_escape_handles_the_three_mrkdwn_characters():
    assert escape("a&b<c>d") == "a&amp;b&lt;c&gt;d"
