"""`hwerr lookup` and `hwerr scan`: codes, services and words; codes in pasted text."""

from __future__ import annotations

import json

import click

from bot.commands import read_catalog
from bot.lookup_report import as_json, as_text
from catalog.codes import Mention, find_codes
from catalog.lookup import Lookup
from catalog.model import Catalog


@click.command()
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
    result = Lookup(read_catalog()).answer(" ".join(query), limit=None if show_all else 3)
    click.echo(as_json(result) if json_output else as_text(result))
    raise SystemExit(0 if result.found else 1)


@click.command()
@click.argument("file", type=click.File("r", encoding="utf-8", errors="replace"), default="-")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
def scan(file: click.utils.LazyFile, as_json: bool) -> None:
    """Find the error codes in FILE (standard input when none): known, unknown, request ids."""
    catalog = read_catalog()
    for mention in find_codes(file.read(), catalog):
        click.echo(_scan_json(mention) if as_json else _scan_line(mention, catalog))


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
