"""`hwerr`: one command line for the catalog, the finder and the bot."""

from __future__ import annotations

import click

from bot.lookup_report import as_json, as_text
from catalog.lookup import Lookup
from catalog.model import load_default


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Explain Huawei Cloud API error codes, in Slack and in the terminal."""


@main.group()
def catalog() -> None:
    """Build and inspect the error-code catalog."""


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


if __name__ == "__main__":
    main()
