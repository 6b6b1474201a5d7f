"""`hwerr`: one command line for the catalog, the finder and the bot."""

from __future__ import annotations

import click


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Explain Huawei Cloud API error codes, in Slack and in the terminal."""


@main.group()
def catalog() -> None:
    """Build and inspect the error-code catalog."""


if __name__ == "__main__":
    main()
