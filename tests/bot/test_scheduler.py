"""The scheduler: cron with its standard weekday meaning, the jobs it registers, and
what firing them posts — driven by a hand-moved clock, never by waiting."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from apscheduler.triggers.combining import OrTrigger
from apscheduler.triggers.cron import CronTrigger

from bot.clock import ManualClock
from bot.config import ConfigError, Settings
from bot.querylog import QueryLog
from bot.scheduler import (
    CATCH_UP_JOB,
    DIGEST_JOB,
    PRUNE_JOB,
    build_scheduler,
    digest_trigger,
    last_fire_time,
    standard_weekdays,
)
from tests.bot.querylog_support import flushed, put, small_catalog

MONDAY_9 = datetime(2025, 11, 24, 9, tzinfo=UTC)


@pytest.mark.parametrize(
    ("field", "names"),
    [
        ("1", "mon"),
        ("0", "sun"),
        ("7", "sun"),
        ("1-5", "mon,tue,wed,thu,fri"),
        ("mon-fri", "mon,tue,wed,thu,fri"),
        ("5-7", "sun,fri,sat"),
        ("fri-sun", "sun,fri,sat"),
        ("0,6", "sun,sat"),
        ("*/2", "sun,tue,thu,sat"),
        ("MON", "mon"),
        ("*", "*"),
    ],
)
def test_weekday_numbers_keep_their_crontab_meaning(field, names):
    assert standard_weekdays(field) == names


@pytest.mark.parametrize("field", ["8", "5-1", "funday", "*/0"])
def test_a_bad_weekday_is_refused(field):
    with pytest.raises(ValueError):
        standard_weekdays(field)


@pytest.mark.parametrize(
    ("expr", "first_fire"),
    [
        ("0 9 * * 1", datetime(2025, 11, 24, 9)),  # Monday, not Tuesday as from_crontab would
        ("0 9 * * mon", datetime(2025, 11, 24, 9)),
        ("30 8 * * 0", datetime(2025, 11, 23, 8, 30)),  # Sunday
        ("30 8 * * 7", datetime(2025, 11, 23, 8, 30)),
        ("0 18 * * 1-5", datetime(2025, 11, 21, 18)),  # Friday, from Friday noon
    ],
)
def test_the_digest_cron_fires_on_the_standard_day(expr, first_fire):
    friday_noon = datetime(2025, 11, 21, 12, tzinfo=UTC)
    trigger = digest_trigger(expr, "UTC")
    assert trigger.get_next_fire_time(None, friday_noon) == first_fire.replace(tzinfo=UTC)


def test_apschedulers_own_crontab_reading_would_fire_on_tuesday():
    """Why the conversion exists: from_crontab reads weekday 1 as Tuesday."""
    friday_noon = datetime(2025, 11, 21, 12, tzinfo=UTC)
    naive = CronTrigger.from_crontab("0 9 * * 1", timezone=UTC)
    assert naive.get_next_fire_time(None, friday_noon).strftime("%a") == "Tue"
    fixed = digest_trigger("0 9 * * 1", "UTC")
    assert fixed.get_next_fire_time(None, friday_noon).strftime("%a") == "Mon"


def test_the_cron_runs_in_the_configured_timezone():
    trigger = digest_trigger("0 9 * * 1", "Asia/Shanghai")
    fire = trigger.get_next_fire_time(None, datetime(2025, 11, 21, tzinfo=UTC))
    assert fire.astimezone(UTC) == datetime(2025, 11, 24, 1, tzinfo=UTC)


def test_day_of_month_and_weekday_together_fire_on_either_as_crontab_does():
    trigger = digest_trigger("0 9 1 * 1", "UTC")
    assert isinstance(trigger, OrTrigger)
    fire = trigger.get_next_fire_time(None, datetime(2025, 11, 25, tzinfo=UTC))
    assert fire == datetime(2025, 12, 1, 9, tzinfo=UTC)  # a Monday and the 1st
    fire = trigger.get_next_fire_time(None, datetime(2025, 12, 2, tzinfo=UTC))
    assert fire == datetime(2025, 12, 8, 9, tzinfo=UTC)


@pytest.mark.parametrize("expr", ["0 9 * *", "0 25 * * 1", "0 9 * * 9"])
def test_a_bad_cron_names_the_variable(expr):
    with pytest.raises(ConfigError, match="HWERR_DIGEST_CRON"):
        digest_trigger(expr, "UTC")


def test_last_fire_time_looks_back_from_now():
    trigger = digest_trigger("0 9 * * 1", "UTC")
    now = MONDAY_9 + timedelta(hours=5)
    assert last_fire_time(trigger, now, now - timedelta(days=8)) == MONDAY_9
    assert last_fire_time(trigger, now, now - timedelta(hours=4)) is None


# -- jobs --------------------------------------------------------------------


class Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []

    def __call__(self, channel: str, text: str, blocks: list[dict]) -> None:
        self.calls.append((channel, text))


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(MONDAY_9)


@pytest.fixture
def qlog(tmp_path, clock):
    log = QueryLog(tmp_path / "hwerr.db", clock)
    yield log
    log.close()


def settings(**changes) -> Settings:
    return Settings(digest_channels=("C1", "C2"), **changes)


def jobs(scheduler) -> dict:
    return {job.id: job for job in scheduler.get_jobs()}


def test_registered_jobs_have_stable_ids_grace_and_coalescing(qlog, clock):
    scheduler = build_scheduler(
        settings(timezone="Europe/Berlin", digest_grace_hours=12),
        qlog,
        small_catalog(),
        Recorder(),
        clock,
    )
    registered = jobs(scheduler)
    assert set(registered) == {DIGEST_JOB, CATCH_UP_JOB, PRUNE_JOB}
    digest = registered[DIGEST_JOB]
    assert (
        str(digest.trigger) == "cron[month='*', day='*', day_of_week='mon', hour='9', minute='0']"
    )
    assert digest.trigger.timezone == ZoneInfo("Europe/Berlin")
    assert (digest.misfire_grace_time, digest.coalesce, digest.max_instances) == (
        12 * 3600,
        True,
        1,
    )
    prune = registered[PRUNE_JOB]
    assert (prune.coalesce, prune.misfire_grace_time) == (True, 6 * 3600)
    assert str(prune.trigger) == "cron[hour='3', minute='17']"


def test_without_a_digest_channel_there_is_no_digest_job_and_start_up_says_so(qlog, clock, caplog):
    with caplog.at_level(logging.INFO, logger="bot.scheduler"):
        scheduler = build_scheduler(Settings(), qlog, small_catalog(), Recorder(), clock)
    assert set(jobs(scheduler)) == {PRUNE_JOB}
    assert "HWERR_DIGEST_CHANNEL is not set" in caplog.text


def test_firing_the_digest_job_posts_last_week_once_per_channel(qlog, clock):
    put(qlog, clock, datetime(2025, 11, 20, tzinfo=UTC), "SCM.0014", 3)
    put(qlog, clock, MONDAY_9 + timedelta(minutes=1), "APIG.0308", 1)  # this week: not counted
    flushed(qlog)
    clock.now = MONDAY_9
    post = Recorder()
    digest_job = jobs(build_scheduler(settings(), qlog, small_catalog(), post, clock))[DIGEST_JOB]
    assert digest_job.func(*digest_job.args) == {"C1": "posted", "C2": "posted"}
    assert [channel for channel, _ in post.calls] == ["C1", "C2"]
    assert post.calls[0][1].startswith("Huawei Cloud errors · week 47 (Nov 17–23)")
    assert "1. SCM.0014  ×3" in post.calls[0][1] and "APIG.0308" not in post.calls[0][1]
    clock.advance(minutes=5)
    assert digest_job.func(*digest_job.args) == {}  # a re-fired job posts nothing
    assert len(post.calls) == 2


def test_a_restart_does_not_post_again(tmp_path, clock):
    post = Recorder()
    for _ in range(2):
        with QueryLog(tmp_path / "hwerr.db", clock) as log:
            digest_job = jobs(build_scheduler(settings(), log, small_catalog(), post, clock))[
                DIGEST_JOB
            ]
            digest_job.func()
            jobs(build_scheduler(settings(), log, small_catalog(), post, clock))[
                CATCH_UP_JOB
            ].func()
    assert len(post.calls) == 2


def test_quiet_weeks_are_skipped_when_configured(qlog, clock):
    post = Recorder()
    digest_job = jobs(
        build_scheduler(settings(digest_quiet="skip"), qlog, small_catalog(), post, clock)
    )[DIGEST_JOB]
    digest_job.func()
    assert post.calls == []


def test_daily_digests_cover_yesterday_in_the_timezone(qlog, clock):
    shanghai_yesterday = datetime(2025, 11, 23, 15, tzinfo=UTC)  # Sunday 23:00 in Shanghai
    put(qlog, clock, shanghai_yesterday, "SCM.0014", 2)
    put(qlog, clock, datetime(2025, 11, 23, 17, tzinfo=UTC), "APIG.0308", 1)  # Monday 01:00 there
    flushed(qlog)
    clock.now = MONDAY_9
    post = Recorder()
    chosen = settings(digest_period="day", digest_cron="0 9 * * *", timezone="Asia/Shanghai")
    jobs(build_scheduler(chosen, qlog, small_catalog(), post, clock))[DIGEST_JOB].func()
    text = post.calls[0][1]
    assert text.startswith("Huawei Cloud errors · Sun Nov 23")
    assert "SCM.0014  ×2" in text and "APIG.0308" not in text


def test_a_digest_job_run_late_posts_the_period_it_was_due_for(qlog, clock):
    """Sunday 23:00's daily digest run at 00:30 on Monday (a busy or suspended host) covers
    Saturday, the day complete at its fire time, and leaves Sunday to Monday's run."""
    clock.now = datetime(2025, 11, 24, 0, 30, tzinfo=UTC)
    post = Recorder()
    chosen = settings(digest_period="day", digest_cron="0 23 * * *")
    jobs(build_scheduler(chosen, qlog, small_catalog(), post, clock))[DIGEST_JOB].func()
    assert post.calls[0][1].startswith("Huawei Cloud errors · Sat Nov 22")


# -- catch-up ------------------------------------------------------------------


def catch_up(log, clock, post, **changes):
    return jobs(build_scheduler(settings(**changes), log, small_catalog(), post, clock))[
        CATCH_UP_JOB
    ].func()


def test_a_digest_missed_while_down_is_posted_at_start_up_within_the_grace(qlog, clock):
    clock.now = MONDAY_9 + timedelta(hours=20)
    post = Recorder()
    assert catch_up(qlog, clock, post) == {"C1": "posted", "C2": "posted"}
    assert "week 47" in post.calls[0][1]
    assert catch_up(qlog, clock, post) == {}
    assert len(post.calls) == 2


def test_a_miss_older_than_the_grace_is_not_posted(qlog, clock):
    clock.now = MONDAY_9 + timedelta(hours=25)
    post = Recorder()
    assert catch_up(qlog, clock, post) == {}
    assert catch_up(qlog, clock, post, digest_grace_hours=26) == {"C1": "posted", "C2": "posted"}


def test_catch_up_posts_only_to_the_channels_still_missing(qlog, clock):
    assert qlog.claim_digest("C1", "2025-W47")
    qlog.confirm_digest("C1", "2025-W47")
    clock.now = MONDAY_9 + timedelta(hours=1)
    post = Recorder()
    assert catch_up(qlog, clock, post) == {"C2": "posted"}


def test_the_prune_job_applies_the_retention(qlog, clock):
    put(qlog, clock, MONDAY_9 - timedelta(days=40), "SCM.0014", 2)
    put(qlog, clock, MONDAY_9 - timedelta(days=5), "SCM.0014", 1)
    flushed(qlog)
    clock.now = MONDAY_9
    prune = jobs(
        build_scheduler(settings(retention_days=30), qlog, small_catalog(), Recorder(), clock)
    )[PRUNE_JOB]
    assert prune.func() == 2
    assert qlog.top_codes(MONDAY_9 - timedelta(days=400), MONDAY_9) == [("SCM.0014", 1)]
