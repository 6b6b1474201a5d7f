"""`hwerr serve` and `hwerr console`: the bot, in Slack or in a terminal."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from bot.commands import read_catalog, read_settings
from bot.config import ConfigError, Settings

if TYPE_CHECKING:
    from bot.app import Deps


@click.command()
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

    settings = read_settings()
    socket = socket or settings.socket_mode
    if check:
        _check(settings, socket)
        return
    try:
        validate(settings, socket)
    except ConfigError as error:
        raise click.ClickException(str(error)) from None
    configure(settings)
    from bot import service

    try:
        service.serve(_deps(settings), socket, host)
    except ConfigError as error:  # Slack refused the app token
        raise click.ClickException(str(error)) from None


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


@click.command()
def console() -> None:
    """Try the bot without Slack: each line is a channel message, `/hwerr …` the command.

    Type lines, or pipe them in; answers are printed as text and recorded in
    $HWERR_DB like Slack's (source `console`).
    """
    from bot.console import run

    settings = read_settings()
    deps = _deps(settings)
    if sys.stdin.isatty():
        click.echo("hwerr console: paste an error, or /hwerr CODE; Ctrl-D ends.", err=True)
    try:
        run(deps, sys.stdin, sys.stdout)
    finally:
        deps.querylog.close()


def _deps(settings: Settings) -> Deps:
    """The bot's dependencies: the catalog in use and the query log at $HWERR_DB."""
    from bot.app import Deps

    return Deps.from_settings(settings, read_catalog())
