"""Standard five-field cron expressions, read with their standard meaning.

APScheduler 3 counts weekdays from Monday (0 = mon) and ANDs day-of-month with
day-of-week; crontab counts from Sunday (0 and 7 = sun) and ORs the two when
both are restricted. Operators write crontab, so `HWERR_DIGEST_CRON` is
converted here: the weekday field becomes explicit day names, and two
restricted day fields become two triggers either of which fires.
"""

from __future__ import annotations

from datetime import tzinfo

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.combining import OrTrigger
from apscheduler.triggers.cron import CronTrigger

DAY_NAMES = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")


class CronError(ValueError):
    """The expression is not a valid five-field crontab line."""


def trigger(expression: str, timezone: tzinfo) -> BaseTrigger:
    """The APScheduler trigger that fires when crontab would run `expression`."""
    parts = expression.split()
    if len(parts) != 5:
        raise CronError(
            f"{expression!r} has {len(parts)} fields; cron needs 5: minute hour day month weekday"
        )
    minute, hour, day, month, weekday = parts
    days = weekday_names(weekday)
    try:
        if day != "*" and weekday != "*":
            return OrTrigger(
                [
                    CronTrigger(minute=minute, hour=hour, day=day, month=month, timezone=timezone),
                    CronTrigger(
                        minute=minute, hour=hour, month=month, day_of_week=days, timezone=timezone
                    ),
                ]
            )
        return CronTrigger(
            minute=minute, hour=hour, day=day, month=month, day_of_week=days, timezone=timezone
        )
    except ValueError as error:
        raise CronError(f"{expression!r}: {error}") from None


def weekday_names(field: str) -> str:
    """Crontab's weekday field (0-7, sun-sat, ranges, lists, steps) as explicit day names."""
    if field == "*":
        return "*"
    days: set[int] = set()
    for item in field.split(","):
        days.update(_weekday_item(item))
    if len(days) == 7:
        return "*"
    return ",".join(DAY_NAMES[day] for day in sorted(days))


def _weekday_item(item: str) -> set[int]:
    span, _, step_text = item.partition("/")
    step = _number(step_text, "step") if step_text else 1
    if step < 1:
        raise CronError(f"weekday step {step_text!r} must be at least 1")
    if span == "*":
        first, last = 0, 6
    else:
        low, dash, high = span.partition("-")
        first = _weekday(low)
        last = _weekday(high) if dash else (6 if step_text else first)
        if dash and last == 0 < first:  # "fri-sun": Sunday closes the week
            last = 7
    if first > last:
        raise CronError(f"weekday range {span!r} runs backwards")
    return {day % 7 for day in range(first, last + 1, step)}


def _weekday(text: str) -> int:
    name = text.strip().lower()
    if name in DAY_NAMES:
        return DAY_NAMES.index(name)
    number = _number(name, "weekday")
    if not 0 <= number <= 7:
        raise CronError(f"weekday {text!r} out of range: use 0-7 (0, 7 = Sunday) or sun-sat")
    return number


def _number(text: str, what: str) -> int:
    if not text.strip().isdigit():
        raise CronError(f"{what} {text!r} is not a number")
    return int(text)
