"""`hwerr`: one command line for the catalog, the finder and the bot."""

from __future__ import annotations

import click

from bot.commands import catalog, find, report, run


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Explain Huawei Cloud API error codes, in Slack and in the terminal."""


main.add_command(catalog.group)
for command in (find.lookup, find.scan, report.stats, report.digest, run.serve, run.console):
    main.add_command(command)


if __name__ == "__main__":
    main()
