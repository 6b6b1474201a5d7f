"""`hwerr stats` and `hwerr digest`: what the query log says about recent weeks."""

from __future__ import annotations

import json
from datetime import timedelta

import click

from bot.clock import utc_now
from bot.commands import read_catalog, read_settings
from bot.config import Settings
from bot.digest import digest_for, digest_text
from bot.digest_post import publish, slack_poster
from bot.querylog import QueryLog
from bot.slack_client import web_client


def _open_log(settings: Settings) -> QueryLog:
    if not settings.db_path.exists():
        raise click.ClickException(f"no query log at {settings.db_path} (set HWERR_DB)")
    querylog = QueryLog(settings.db_path)
    if not querylog.status()["reachable"]:
        querylog.close()
        raise click.ClickException(
            f"the query log {settings.db_path} cannot be read: see the warning above"
        )
    return querylog


@click.command()
@click.option("--days", default=7, show_default=True, type=click.IntRange(min=1))
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
def stats(days: int, as_json: bool) -> None:
    """What was asked lately: top codes, unknown codes, busiest channels."""
    settings = read_settings()
    until = utc_now()
    since = until - timedelta(days=days)
    with _open_log(settings) as querylog:
        report = {
            "since": since.isoformat(timespec="seconds"),
            "until": until.isoformat(timespec="seconds"),
            "queries": querylog.count_between(since, until),
            "top_codes": querylog.code_counts(since, until, known=True)[:20],
            "unknown_codes": querylog.code_counts(since, until, known=False)[:20],
            "channels": querylog.channel_counts(since, until)[:10],
            "feedback": dict(
                zip(("helpful", "not_helpful"), querylog.feedback_counts(since, until), strict=True)
            ),
        }
    if as_json:
        for key in ("top_codes", "unknown_codes", "channels"):
            report[key] = [{"name": name, "count": count} for name, count in report[key]]
        click.echo(json.dumps(report, ensure_ascii=False, indent=1))
        return
    click.echo(f"{settings.db_path} · last {days} days · {report['queries']} queries")
    for title, key in (
        ("Top codes", "top_codes"),
        ("Unknown codes", "unknown_codes"),
        ("Busiest channels", "channels"),
    ):
        click.echo(f"{title}:")
        for name, count in report[key] or [("(none)", 0)]:
            click.echo(f"  {count:>6}  {name}" if count else f"          {name}")
    feedback = report["feedback"]
    click.echo(f"Feedback: 👍 {feedback['helpful']} / 👎 {feedback['not_helpful']}")


@click.command()
@click.option("--dry-run", "mode", flag_value="dry-run", default=True, help="Print it (default).")
@click.option("--post", "mode", flag_value="post", help="Post it to the digest channels.")
@click.option("--period", help="last-week, this-week, YYYY-Www or YYYY-MM-DD (a day).")
@click.option(
    "--channel", "channels", multiple=True, help="Post here instead of HWERR_DIGEST_CHANNEL."
)
def digest(mode: str, period: str | None, channels: tuple[str, ...]) -> None:
    """Show the digest of a period, or post it (once per channel and period)."""
    settings = read_settings()
    catalog = read_catalog()
    now = utc_now()
    with _open_log(settings) as querylog:
        try:
            result = digest_for(querylog, catalog, settings, now, period)
        except ValueError as error:
            raise click.BadParameter(str(error), param_hint="--period") from None
        if mode == "dry-run":
            click.echo(digest_text(result))
            return
        if result.period.end > now:
            # Each period is posted once per channel: posting it half-way would use
            # that one post up, and the scheduled digest of the whole period would not go.
            raise click.BadParameter(
                f"{result.period.key} is not over until {result.period.end.isoformat()}; "
                "only a finished period can be posted (--dry-run shows it so far)",
                param_hint="--period",
            )
        outcomes = _post_digest(settings, querylog, result, channels or settings.digest_channels)
    for channel, outcome in outcomes.items():
        click.echo(f"{channel}: {outcome}")
    if "failed" in outcomes.values():
        raise SystemExit(1)


def _post_digest(settings: Settings, querylog, result, channels: tuple[str, ...]) -> dict[str, str]:
    if not settings.bot_token:
        raise click.ClickException("--post needs SLACK_BOT_TOKEN")
    if not channels:
        raise click.ClickException("--post needs a channel: --channel C… or HWERR_DIGEST_CHANNEL")
    client = web_client(settings)
    return publish(querylog, result, channels, slack_poster(client), quiet=settings.digest_quiet)
