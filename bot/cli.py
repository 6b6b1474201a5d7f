"""`hwerr`: one command line for the catalog, the finder and the bot."""

from __future__ import annotations

import json
import sys
from collections import Counter
from datetime import timedelta
from pathlib import Path

import click

from bot.clock import utc_now
from bot.config import ConfigError, Settings
from bot.lookup_report import as_json, as_text
from catalog.build import build
from catalog.codes import Mention, find_codes
from catalog.lookup import Lookup
from catalog.model import SOURCES, Catalog, load_default


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Explain Huawei Cloud API error codes, in Slack and in the terminal."""


@main.group()
def catalog() -> None:
    """Build and inspect the error-code catalog."""


@catalog.command("build")
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Default: stdout."
)
def build_command(sources: tuple[Path, ...], output: Path | None) -> None:
    """Build the catalog from pages or folders of pages (default: the packaged sources).

    Rows that hold no code are reported on stderr. A page that cannot be read or
    holds no error table is reported by name: the other pages are still written,
    then the command exits 1. When nothing at all was parsed, FILE is left as it was.
    """
    built, skips = build(sources or [SOURCES])
    for skip in skips:
        click.echo(str(skip), err=True)
    failed = [skip for skip in skips if skip.row is None]
    if not built.entries:
        click.echo("nothing was parsed: no catalog written", err=True)
        sys.exit(1)
    if output is None:
        click.echo(built.to_json(), nl=False)
    else:
        built.save(output)
        click.echo(f"{len(built)} entries from {_pages(built)} pages -> {output}", err=True)
    if failed:
        click.echo(f"{len(failed)} page(s) failed; the others were written", err=True)
        sys.exit(1)


@catalog.command("stats")
def stats_command() -> None:
    """Rows per page and per service, codes with several variants, and what was skipped."""
    current = load_default()
    click.echo(f"{len(current)} entries, {len(current.codes())} distinct codes")
    _counts("rows per page", Counter(entry.source for entry in current))
    _counts("rows per service", Counter(entry.service for entry in current))
    several = {code: len(current.variants(code)) for code in current.codes()}
    _counts("codes with several variants", Counter({c: n for c, n in several.items() if n > 1}))
    click.echo(f"\nskipped ({len(current.skipped)}):")
    for skip in current.skipped:
        click.echo(f"  {skip}")


def _counts(title: str, counts: Counter) -> None:
    click.echo(f"\n{title}:")
    for name, count in sorted(counts.items()):
        click.echo(f"  {count:5d}  {name}")
    if not counts:
        click.echo("  (none)")


def _pages(built: Catalog) -> int:
    return len({entry.source for entry in built})


@main.command()
@click.argument("query", nargs=-1, required=True)
@click.option("--json", "json_output", is_flag=True, help="Print one JSON object.")
@click.option("--all", "show_all", is_flag=True, help="Every free-text match, not the best three.")
def lookup(query: tuple[str, ...], json_output: bool, show_all: bool) -> None:
    """Look up codes, a service or words, as /hwerr does (exit 1 when nothing is found).

    \b
    hwerr lookup SCM.0014 APIG.0308     codes (case and separators do not matter)
    hwerr lookup APIG.0201 504          a code's variant with that HTTP status
    hwerr lookup SCM                    a service's codes (also APIG.* or its name)
    hwerr lookup token expired          free text, English or Chinese
    """
    try:
        catalog = load_default()
    except (OSError, ValueError, KeyError, TypeError) as error:
        click.echo(f"hwerr: cannot read the catalog: {error} (see HWERR_CATALOG)", err=True)
        raise SystemExit(2) from None
    result = Lookup(catalog).answer(" ".join(query), limit=None if show_all else 3)
    click.echo(as_json(result) if json_output else as_text(result))
    raise SystemExit(0 if result.found else 1)


# -- the query log and the digest -------------------------------------------


def _settings() -> Settings:
    try:
        return Settings.from_env()
    except ConfigError as error:
        raise click.ClickException(str(error)) from None


def _open_log(settings: Settings):
    from bot.querylog import QueryLog

    if not settings.db_path.exists():
        raise click.ClickException(f"no query log at {settings.db_path} (set HWERR_DB)")
    querylog = QueryLog(settings.db_path)
    if not querylog.status()["reachable"]:
        querylog.close()
        raise click.ClickException(
            f"the query log {settings.db_path} cannot be read: see the warning above"
        )
    return querylog


@main.command()
@click.option("--days", default=7, show_default=True, type=click.IntRange(min=1))
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
def stats(days: int, as_json: bool) -> None:
    """What was asked lately: top codes, unknown codes, busiest channels."""
    settings = _settings()
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


@main.command()
@click.option("--dry-run", "mode", flag_value="dry-run", default=True, help="Print it (default).")
@click.option("--post", "mode", flag_value="post", help="Post it to the digest channels.")
@click.option("--period", help="last-week, this-week, YYYY-Www or YYYY-MM-DD (a day).")
@click.option(
    "--channel", "channels", multiple=True, help="Post here instead of HWERR_DIGEST_CHANNEL."
)
def digest(mode: str, period: str | None, channels: tuple[str, ...]) -> None:
    """Show the digest of a period, or post it (once per channel and period)."""
    from bot.digest import digest_for, digest_text
    from catalog.model import load_default

    settings = _settings()
    try:
        catalog = load_default()
    except (OSError, ValueError) as error:
        raise click.ClickException(f"cannot load the catalog: {error}") from None
    with _open_log(settings) as querylog:
        try:
            result = digest_for(querylog, catalog, settings, utc_now(), period)
        except ValueError as error:
            raise click.BadParameter(str(error), param_hint="--period") from None
        if mode == "dry-run":
            click.echo(digest_text(result))
            return
        outcomes = _post_digest(settings, querylog, result, channels or settings.digest_channels)
    for channel, outcome in outcomes.items():
        click.echo(f"{channel}: {outcome}")
    if "failed" in outcomes.values():
        raise SystemExit(1)


def _post_digest(settings: Settings, querylog, result, channels: tuple[str, ...]) -> dict[str, str]:
    from slack_sdk import WebClient

    from bot.digest_post import publish, slack_poster

    if not settings.bot_token:
        raise click.ClickException("--post needs SLACK_BOT_TOKEN")
    if not channels:
        raise click.ClickException("--post needs a channel: --channel C… or HWERR_DIGEST_CHANNEL")
    client = WebClient(token=settings.bot_token, base_url=_api_base(settings.api_url))
    return publish(querylog, result, channels, slack_poster(client), quiet=settings.digest_quiet)


def _api_base(url: str) -> str:
    from slack_sdk.web.base_client import BaseClient

    if not url:
        return BaseClient.BASE_URL
    return url if url.endswith("/") else url + "/"


@main.command()
@click.argument("file", type=click.File("r", encoding="utf-8", errors="replace"), default="-")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
def scan(file: click.utils.LazyFile, as_json: bool) -> None:
    """Find the error codes in FILE (standard input when none): known, unknown, request ids."""
    catalog = _catalog()
    for mention in find_codes(file.read(), catalog):
        click.echo(_scan_json(mention) if as_json else _scan_line(mention, catalog))


def _catalog() -> Catalog:
    try:
        return load_default()
    except (OSError, ValueError, KeyError, TypeError) as error:
        message = f"cannot read the catalog ($HWERR_CATALOG or the shipped one): {error}"
        raise click.ClickException(message) from error


def _scan_json(mention: Mention) -> str:
    return json.dumps(
        {
            "code": mention.code,
            "known": mention.known,
            "span": [mention.start, mention.end],
            "request_id": mention.request_id,
            "written": mention.written,
            "status": mention.status,
        },
        ensure_ascii=False,
    )


def _scan_line(mention: Mention, catalog: Catalog) -> str:
    parts = [mention.code, "known" if mention.known else "unknown"]
    if mention.status is not None:
        parts.append(f"status {mention.status}")
    if mention.request_id:
        parts.append(f"request id {mention.request_id}")
    variants = catalog.variants(mention.code)
    # The row documented for the status the text gave, when there is one: its message fits best.
    same_status = [entry for entry in variants if entry.http_status == mention.status]
    if variants:
        parts.append((same_status or variants)[0].message)
    return "  ".join(parts)


# -- the bot -------------------------------------------------------------------


@main.command()
@click.option("--socket", is_flag=True, help="Socket Mode, even without SLACK_APP_TOKEN set.")
@click.option("--host", default="0.0.0.0", show_default=True, help="HTTP mode: address to bind.")
@click.option(
    "--check",
    is_flag=True,
    help="Check settings, catalog, database and bot token, serve nothing; exit 1 on any problem.",
)
def serve(socket: bool, host: str, check: bool) -> None:
    """Run the Slack app: HTTP on $PORT (/slack/events, /healthz), or Socket Mode.

    Socket Mode is used when SLACK_APP_TOKEN is set or --socket is given.
    """
    from bot.config import validate
    from bot.logs import configure

    settings = _settings()
    socket = socket or settings.socket_mode
    if check:
        _check(settings, socket)
        return
    try:
        validate(settings, socket)
    except ConfigError as error:
        raise click.ClickException(str(error)) from None
    configure(settings)
    deps = _deps(settings)
    if socket:
        from bot.socket_mode import run

        try:
            run(deps, settings)
        except ConfigError as error:  # Slack refused the app token
            raise click.ClickException(str(error)) from None
        return
    from bot.app import build_app
    from bot.server import serve as serve_http

    serve_http(deps, build_app(deps), host, settings.port)


def _check(settings: Settings, socket: bool) -> None:
    """`serve --check`: each problem on its own line, then exit 1: a bad deploy stops here."""
    from bot.health import check

    problems = check(settings, socket)
    for problem in problems:
        click.echo(f"problem: {problem}", err=True)
    if problems:
        raise SystemExit(1)
    mode = "Socket Mode" if socket else f"HTTP on port {settings.port}"
    click.echo(f"ok: ready to serve ({mode}, database {settings.db_path})")


@main.command()
def console() -> None:
    """Try the bot without Slack: each line is a channel message, `/hwerr …` the command.

    Type lines, or pipe them in; answers are printed as text and recorded in
    $HWERR_DB like Slack's (source `console`).
    """
    from bot.console import run

    settings = _settings()
    deps = _deps(settings)
    if sys.stdin.isatty():
        click.echo("hwerr console: paste an error, or /hwerr CODE; Ctrl-D ends.", err=True)
    try:
        run(deps, sys.stdin, sys.stdout)
    finally:
        deps.querylog.close()


def _deps(settings: Settings):
    """The bot's dependencies, or a message naming what is wrong with the catalog."""
    from bot.app import Deps

    try:
        catalog = load_default()
    except (OSError, ValueError) as error:
        raise click.ClickException(f"cannot load the catalog: {error} (HWERR_CATALOG?)") from None
    return Deps.from_settings(settings, catalog)


if __name__ == "__main__":
    main()
