"""`hwerr`: one command line for the catalog, the finder and the bot."""

from __future__ import annotations

import json

import click

from catalog.codes import Mention, find_codes
from catalog.model import Catalog, load_default


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Explain Huawei Cloud API error codes, in Slack and in the terminal."""


@main.group()
def catalog() -> None:
    """Build and inspect the error-code catalog."""


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


if __name__ == "__main__":
    main()
