"""`hwerr`: one command line for the catalog, the finder and the bot."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import click

from bot.lookup_report import as_json, as_text
from catalog.build import build
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


if __name__ == "__main__":
    main()
