"""The bot's clockwork: the digest job, its catch-up after downtime, and the daily prune.

APScheduler runs in the bot's process with an in-memory job store: nothing about
schedules is persisted, because the query log's posting records already tell
whether a period's digest went out. A digest missed while the bot was down is
found at start-up by working out the last due fire time of the cron.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.combining import OrTrigger
from apscheduler.triggers.cron import CronTrigger

from bot.clock import Clock, utc_now
from bot.config import ConfigError, Settings
from bot.digest import Period, compute, zone
from bot.digest_post import Poster, publish
from bot.querylog import QueryLog, QueryLogDown
from catalog.model import Catalog

log = logging.getLogger(__name__)

DIGEST_JOB = "hwerr-digest"
CATCH_UP_JOB = "hwerr-digest-catch-up"
PRUNE_JOB = "hwerr-prune"
PRUNE_AT = {"hour": 3, "minute": 17}  # daily, in HWERR_TIMEZONE, away from the digest hour
DAY_NAMES = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")


# -- cron with its standard meaning ------------------------------------------


def digest_trigger(expr: str, tz_name: str) -> BaseTrigger:
    """A trigger for a standard five-field crontab line.

    APScheduler 3 counts weekdays from Monday = 0, crontab from Sunday = 0 (and 7),
    so the day-of-week field is rewritten with day names. When both day-of-month
    and day-of-week are restricted, crontab fires on either: so does this.
    """
    fields = expr.split()
    if len(fields) != 5:
        raise ConfigError(
            f"HWERR_DIGEST_CRON={expr!r} needs five fields: minute hour day month day-of-week"
        )
    minute, hour, day, month, weekday = fields
    tz = zone(tz_name)
    try:
        weekday = standard_weekdays(weekday)
        clock = {"minute": minute, "hour": hour, "month": month, "timezone": tz}
        if day != "*" and weekday != "*":
            return OrTrigger(
                [CronTrigger(day=day, **clock), CronTrigger(day_of_week=weekday, **clock)]
            )
        return CronTrigger(day=day, day_of_week=weekday, **clock)
    except ValueError as error:
        raise ConfigError(
            f"HWERR_DIGEST_CRON={expr!r} is not a valid crontab line: {error}"
        ) from None


def standard_weekdays(field: str) -> str:
    """Crontab's day-of-week field ('1-5', '0,6', '*/2', 'mon-fri', '7') as day names."""
    if field == "*":
        return "*"
    days: set[int] = set()
    for item in field.lower().split(","):
        body, slash, step_text = item.partition("/")
        step = int(step_text) if slash else 1
        if step < 1:
            raise ValueError(f"step {step_text!r} must be at least 1")
        if body == "*":
            low, high = 0, 6
        elif "-" in body:
            first, last = body.split("-", 1)
            low, high = _weekday(first), _weekday(last, end=True)
        else:
            low = _weekday(body)
            high = 7 if slash else low  # '1/2' means from Monday on, every other day
        if low > high:
            raise ValueError(f"day-of-week range {body!r} runs backwards")
        days.update(number % 7 for number in range(low, high + 1, step))
    return ",".join(DAY_NAMES[number] for number in sorted(days))


def _weekday(text: str, end: bool = False) -> int:
    """0-7 or a day name; Sunday closing a range ('fri-sun') is 7."""
    if text in DAY_NAMES:
        number = DAY_NAMES.index(text)
        return 7 if end and number == 0 else number
    if text.isdigit() and 0 <= int(text) <= 7:
        return int(text)
    raise ValueError(f"{text!r} is not a day of the week (0-7 or sun..sat)")


def last_fire_time(trigger: BaseTrigger, now: datetime, since: datetime) -> datetime | None:
    """The latest time in [since, now] at which `trigger` fires, or None."""
    last = None
    fire = trigger.get_next_fire_time(None, since)
    while fire is not None and fire <= now:
        last = fire
        fire = trigger.get_next_fire_time(fire, fire + timedelta(microseconds=1))
    return last


# -- the jobs ----------------------------------------------------------------


class DigestJob:
    """Compute the last complete period's digest and post it where it is still due."""

    def __init__(
        self,
        settings: Settings,
        querylog: QueryLog,
        catalog: Catalog | Callable[[], Catalog],
        post: Poster,
        clock: Clock = utc_now,
    ) -> None:
        self.settings = settings
        self.querylog = querylog
        self.catalog = catalog
        self.post = post
        self.clock = clock
        self.tz = zone(settings.timezone)
        self.trigger = digest_trigger(settings.digest_cron, settings.timezone)
        # How late the scheduler may still run a fire (HWERR_DIGEST_GRACE_HOURS, at least 1 min).
        self.misfire_grace = timedelta(hours=settings.digest_grace_hours) or timedelta(minutes=1)

    def run(self, fire_time: datetime | None = None) -> dict[str, str]:
        """channel -> outcome for the period that ended last before `fire_time`. By default
        that is the latest fire time due, so a job run late (a busy or suspended host) still
        posts the period it was due for, not the one that ended meanwhile."""
        now = self.clock()
        moment = fire_time or last_fire_time(self.trigger, now, now - self.misfire_grace) or now
        period = Period.last_complete(self.settings.digest_period, moment, self.tz)
        due = [
            channel
            for channel in self.settings.digest_channels
            if not self._posted(channel, period)
        ]
        if not due:
            log.info("digest %s: already posted to every channel", period.key)
            return {}
        catalog = self.catalog if isinstance(self.catalog, Catalog) else self.catalog()
        digest = compute(self.querylog, period, catalog, top=self.settings.digest_top)
        return publish(self.querylog, digest, due, self.post, quiet=self.settings.digest_quiet)

    def catch_up(self) -> dict[str, str]:
        """At start-up: post the digest of the last fire time missed while down, if
        that time is younger than HWERR_DIGEST_GRACE_HOURS and nothing was posted."""
        now = self.clock()
        grace = timedelta(hours=self.settings.digest_grace_hours)
        missed = last_fire_time(self.trigger, now, now - grace)
        if missed is None:
            log.info("digest: nothing was due in the last %d h", self.settings.digest_grace_hours)
            return {}
        log.info("digest: last due at %s, catching up if it was missed", missed.isoformat())
        return self.run(missed)

    def _posted(self, channel: str, period: Period) -> bool:
        try:
            return self.querylog.digest_posted(channel, period.key)
        except QueryLogDown:
            return False  # publish() will refuse without a claim, and say so


def prune_job(querylog: QueryLog, days: int) -> Callable[[], int]:
    def prune() -> int:
        try:
            return querylog.prune(days)
        except QueryLogDown as error:
            log.warning("retention prune skipped: %s", error)
            return 0

    return prune


def build_scheduler(
    settings: Settings,
    querylog: QueryLog,
    catalog: Catalog | Callable[[], Catalog],
    post: Poster,
    clock: Clock = utc_now,
) -> BackgroundScheduler:
    """The scheduler with every job registered; the caller `.start()`s it and
    `.shutdown()`s it with the bot."""
    tz = zone(settings.timezone)
    scheduler = BackgroundScheduler(timezone=tz)
    if settings.digest_channels:
        job = DigestJob(settings, querylog, catalog, post, clock)
        grace = int(job.misfire_grace.total_seconds())
        scheduler.add_job(
            job.run,
            job.trigger,
            id=DIGEST_JOB,
            name="post the error-code digest",
            misfire_grace_time=grace,
            coalesce=True,
            max_instances=1,
            replace_existing=True,
        )
        scheduler.add_job(
            job.catch_up,
            "date",
            run_date=clock(),
            id=CATCH_UP_JOB,
            name="post a digest missed while down",
            misfire_grace_time=grace,
            coalesce=True,
            replace_existing=True,
        )
        log.info(
            "digest: %s (%s) per %s to %s",
            settings.digest_cron,
            settings.timezone,
            settings.digest_period,
            ", ".join(settings.digest_channels),
        )
    else:
        log.warning("digest: HWERR_DIGEST_CHANNEL is not set, so no digest job is scheduled")
    scheduler.add_job(
        prune_job(querylog, settings.retention_days),
        CronTrigger(timezone=tz, **PRUNE_AT),
        id=PRUNE_JOB,
        name=f"prune the query log to {settings.retention_days} days",
        misfire_grace_time=6 * 3600,
        coalesce=True,
        max_instances=1,
        replace_existing=True,
    )
    return scheduler
