"""`hwerr catalog build` and `hwerr catalog stats`: the catalog from documentation pages."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import click

from bot.commands import read_catalog
from catalog.build import build
from catalog.model import SOURCES, Catalog


@click.group("catalog")
def group() -> None:
    """Build and inspect the error-code catalog."""


@group.command("build")
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


@group.command("stats")
def stats_command() -> None:
    """Rows per page and per service, codes with several variants, and what was skipped."""
    current = read_catalog()
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
