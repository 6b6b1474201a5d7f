"""The digest: which error codes hurt the team in a period, and where the catalog has holes.

`compute` only reads the query log and the catalog, so the numbers can be checked
on a hand-built log. Periods are wall-clock periods in a timezone (a week runs
from Monday 00:00 to the next Monday 00:00 there), turned into UTC instants
only when the log is read, so a DST change or a zone far from UTC still counts
the right rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.config import Settings
from bot.querylog import QueryLog
from catalog.model import Catalog

KINDS = ("week", "day")
HISTORY = 8  # periods in each code's sparkline
SPARKS = "▁▂▃▄▅▆▇█"
MESSAGE_CHARS = 100


def zone(name: str) -> ZoneInfo:
    """The timezone named by HWERR_TIMEZONE, or a ValueError saying what is wrong."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"unknown timezone {name!r}: use an IANA name such as UTC or Europe/Berlin"
        ) from None


@dataclass(frozen=True)
class Period:
    """[start, end) in a timezone; `key` names it in posting records and on the command line."""

    kind: str
    first_day: date
    tz: ZoneInfo

    @property
    def days(self) -> int:
        return 7 if self.kind == "week" else 1

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first_day, time(0), tzinfo=self.tz)

    @property
    def end(self) -> datetime:
        return datetime.combine(self.first_day + timedelta(days=self.days), time(0), tzinfo=self.tz)

    @property
    def key(self) -> str:
        if self.kind == "day":
            return self.first_day.isoformat()
        year, week, _ = self.first_day.isocalendar()
        return f"{year}-W{week:02d}"

    @property
    def label(self) -> str:
        """'week 47 (Nov 17–23)' or 'Mon Nov 17'."""
        first = self.first_day
        if self.kind == "day":
            return f"{first:%a %b} {first.day}"
        last = first + timedelta(days=6)
        tail = f"{last.day}" if last.month == first.month else f"{last:%b} {last.day}"
        return f"week {first.isocalendar().week} ({first:%b} {first.day}–{tail})"

    def previous(self, count: int = 1) -> Period:
        return Period(self.kind, self.first_day - timedelta(days=self.days * count), self.tz)

    @classmethod
    def containing(cls, kind: str, moment: datetime, tz: ZoneInfo) -> Period:
        if kind not in KINDS:
            raise ValueError(f"period kind {kind!r} is not one of: {', '.join(KINDS)}")
        day = moment.astimezone(tz).date()
        if kind == "week":
            day -= timedelta(days=day.weekday())
        return cls(kind, day, tz)

    @classmethod
    def last_complete(cls, kind: str, moment: datetime, tz: ZoneInfo) -> Period:
        """The latest period that ended at or before `moment`: what a scheduled digest covers."""
        return cls.containing(kind, moment, tz).previous()

    @classmethod
    def parse(cls, text: str, kind: str, now: datetime, tz: ZoneInfo) -> Period:
        """last-week | this-week | YYYY-Www (an ISO week) | YYYY-MM-DD (a day);
        'last'/'this' use `kind`, so with daily digests they mean yesterday/today."""
        text = text.strip()
        named = {"last-week": ("week", 1), "this-week": ("week", 0)}
        named |= {"last-day": ("day", 1), "yesterday": ("day", 1), "today": ("day", 0)}
        if text in named:
            named_kind, back = named[text]
            return cls.containing(named_kind, now, tz).previous(back)
        try:
            if "-W" in text.upper():
                year, week = text.upper().split("-W")
                return cls("week", date.fromisocalendar(int(year), int(week), 1), tz)
            return cls("day", date.fromisoformat(text), tz)
        except ValueError:
            raise ValueError(
                f"period {text!r} is not last-week, this-week, YYYY-Www or YYYY-MM-DD"
            ) from None


@dataclass(frozen=True)
class DigestLine:
    code: str
    count: int
    previous: int
    message: str
    trend: tuple[int, ...] = ()  # counts of the last periods, oldest first, ending with this one

    @property
    def change(self) -> str:
        """'new', 'up', 'down' or 'same' against the previous period."""
        if not self.previous:
            return "new"
        if self.count == self.previous:
            return "same"
        return "up" if self.count > self.previous else "down"

    @property
    def delta(self) -> int:
        return self.count - self.previous

    @property
    def sparkline(self) -> str:
        """'▁▂▃▅▇' over the last periods; '' when there is no past to compare with."""
        if len(self.trend) < 2 or not any(self.trend[:-1]):
            return ""
        peak = max(self.trend)
        return "".join(SPARKS[round(count / peak * (len(SPARKS) - 1))] for count in self.trend)


@dataclass(frozen=True)
class Digest:
    period: Period
    lines: tuple[DigestLine, ...]
    gaps: tuple[tuple[str, int], ...]  # codes met that the catalog cannot explain
    unmatched: int  # searches that found no code at all
    channels: tuple[tuple[str, int], ...]
    helpful: int
    unhelpful: int
    total: int  # every query row in the period

    @property
    def quiet(self) -> bool:
        return not self.total and not self.helpful and not self.unhelpful

    @property
    def title(self) -> str:
        return f"Huawei Cloud errors · {self.period.label}"


def compute(
    log: QueryLog, period: Period, catalog: Catalog, *, top: int = 10, history: int = HISTORY
) -> Digest:
    """Count the period's rows: the top known codes with their change and trend,
    the gaps, the channels and the feedback."""
    counts = log.code_counts(period.start, period.end)
    known = [(code, count) for code, count in counts if code in catalog][:top]
    gaps = tuple((code, count) for code, count in counts if code not in catalog)
    trends = _trends(log, period, [code for code, _ in known], history)
    lines = tuple(
        DigestLine(
            code=code,
            count=count,
            previous=trends[code][-2] if history > 1 else 0,
            message=_message(catalog, code),
            trend=trends[code],
        )
        for code, count in known
    )
    helpful, unhelpful = log.feedback_counts(period.start, period.end)
    return Digest(
        period=period,
        lines=lines,
        gaps=gaps,
        unmatched=log.count_between(period.start, period.end, matched=False),
        channels=tuple(log.channel_counts(period.start, period.end)),
        helpful=helpful,
        unhelpful=unhelpful,
        total=log.count_between(period.start, period.end),
    )


def _trends(
    log: QueryLog, period: Period, codes: list[str], history: int
) -> dict[str, tuple[int, ...]]:
    """code -> counts over the last `history` periods, oldest first; one seek per
    period on the (code, ts) index, since only the top codes are asked."""
    series: dict[str, list[int]] = {code: [] for code in codes}
    for back in range(max(history, 2) - 1, -1, -1):
        past = period.previous(back)
        counted = dict(log.code_counts(past.start, past.end, codes=codes)) if codes else {}
        for code in codes:
            series[code].append(counted.get(code, 0))
    return {code: tuple(values[-history:]) for code, values in series.items()}


def _message(catalog: Catalog, code: str) -> str:
    variants = catalog.variants(code)
    text = " ".join(variants[0].message.split()) if variants else ""
    return text if len(text) <= MESSAGE_CHARS else text[: MESSAGE_CHARS - 1] + "…"


def digest_text(digest: Digest, gap_limit: int = 10, channel_limit: int = 5) -> str:
    """The digest as plain text, for `hwerr digest --dry-run` and previews."""
    out = [digest.title]
    if digest.quiet:
        out.append(quiet_text(digest))
        return "\n".join(out)
    for number, line in enumerate(digest.lines, 1):
        out.append(
            "  ".join([f"{number}. {line.code}", *line_figures(line), line.message]).rstrip()
        )
    if not digest.lines:
        out.append(NO_LINES)
    if gap_line := gaps_text(digest, gap_limit):
        out.append(gap_line)
    out.append(footer_text(digest, channel_limit, lambda channel: f"#{channel}"))
    return "\n".join(out)


NO_LINES = "No code from the catalog was asked about."


def quiet_text(digest: Digest) -> str:
    return f"A quiet {digest.period.kind}: nobody asked about an error code."


def line_figures(line: DigestLine) -> list[str]:
    """['×23', '▲ +9', '▂▃▅▇'] — the count, its change and, when there is a past, its trend."""
    if line.change == "new":
        change = "new"
    elif line.change == "same":
        change = "= 0"
    else:
        arrow, sign = ("▲", "+") if line.change == "up" else ("▼", "−")
        change = f"{arrow} {sign}{abs(line.delta)}"
    return [f"×{line.count}", change] + ([line.sparkline] if line.sparkline else [])


def gaps_text(digest: Digest, limit: int) -> str:
    """'Not in the catalog: APIGW.0301 ×5, SCM.9999 ×1 · 3 searches found nothing'."""
    parts = []
    if digest.gaps:
        shown = ", ".join(f"{code} ×{count}" for code, count in digest.gaps[:limit])
        more = len(digest.gaps) - limit
        parts.append(f"Not in the catalog: {shown}" + (f" and {more} more" if more > 0 else ""))
    if digest.unmatched:
        plural = "search" if digest.unmatched == 1 else "searches"
        parts.append(f"{digest.unmatched} {plural} found nothing")
    return " · ".join(parts)


def footer_text(digest: Digest, limit: int, channel_name: Callable[[str], str]) -> str:
    """'Most affected: #incident-db (31), #deploys (12) · 👍 14 / 👎 2'; `channel_name`
    writes a channel (a plain '#C123' in text, a link in Slack)."""
    parts = []
    if digest.channels:
        shown = ", ".join(
            f"{channel_name(channel)} ({count})" for channel, count in digest.channels[:limit]
        )
        parts.append(f"Most affected: {shown}")
    parts.append(f"👍 {digest.helpful} / 👎 {digest.unhelpful}")
    return " · ".join(parts)


def digest_for(
    querylog: QueryLog,
    catalog: Catalog,
    settings: Settings,
    now: datetime,
    period: str | None = None,
) -> Digest:
    """The digest a person asks for (`hwerr digest`, `/hwerr digest`): `period` as
    Period.parse reads it, by default the last complete period of HWERR_DIGEST_PERIOD."""
    tz = zone(settings.timezone)
    chosen = (
        Period.parse(period, settings.digest_period, now, tz)
        if period
        else Period.last_complete(settings.digest_period, now, tz)
    )
    return compute(querylog, chosen, catalog, top=settings.digest_top)
