"""HWERR_DIGEST_CRON keeps crontab's meaning when APScheduler runs it."""

from datetime import UTC, datetime, timedelta

import pytest

from bot import cron


def fire_times(expression: str, start: datetime, count: int) -> list[datetime]:
    trigger = cron.trigger(expression, UTC)
    times, previous = [], None
    now = start
    for _ in range(count):
        fire = trigger.get_next_fire_time(previous, now)
        times.append(fire)
        previous, now = fire, fire + timedelta(seconds=1)
    return times


MONDAY = datetime(2024, 11, 18, tzinfo=UTC)


@pytest.mark.parametrize(
    ("field", "names"),
    [
        ("1", "mon"),
        ("0", "sun"),
        ("7", "sun"),
        ("1-5", "mon,tue,wed,thu,fri"),
        ("5-7", "sun,fri,sat"),
        ("fri-sun", "sun,fri,sat"),
        ("*/2", "sun,tue,thu,sat"),
        ("0-6", "*"),
        ("MON,wed", "mon,wed"),
    ],
)
def test_weekday_numbers_count_from_sunday_as_crontab_does(field, names):
    """APScheduler counts 0 as Monday; crontab counts 0 (and 7) as Sunday."""
    assert cron.weekday_names(field) == names


def test_monday_at_nine_fires_on_mondays():
    times = fire_times("0 9 * * 1", MONDAY + timedelta(hours=10), 2)
    assert [t.strftime("%a %H:%M") for t in times] == ["Mon 09:00", "Mon 09:00"]
    assert times[0].date() == datetime(2024, 11, 25).date()


def test_day_of_month_and_weekday_both_restricted_fire_on_either():
    """Crontab ORs the two day fields: '0 9 1 * 1' runs on the 1st and on every Monday."""
    days = [t.day for t in fire_times("0 9 1 * 1", datetime(2024, 11, 26, tzinfo=UTC), 3)]
    assert days == [1, 2, 9]  # Sun Dec 1 (the 1st), then Mondays Dec 2 and 9


@pytest.mark.parametrize(
    "expression", ["0 9 * *", "0 9 * * * *", "61 9 * * 1", "0 9 * * 8", "0 9 * * 5-1", "x 9 * * 1"]
)
def test_malformed_expressions_are_refused(expression):
    with pytest.raises(cron.CronError):
        cron.trigger(expression, UTC)
