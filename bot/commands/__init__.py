"""The `hwerr` subcommands, one module per job, and what they all need first."""

from __future__ import annotations

import click

from bot.config import ConfigError, Settings
from catalog.model import Catalog, load_default


class CatalogUnreadable(click.ClickException):
    """The catalog in use cannot be read: exit 2, apart from 1 ('nothing found')."""

    exit_code = 2


def read_settings() -> Settings:
    """Settings from the environment; a bad one stops the command, naming the variable."""
    try:
        return Settings.from_env()
    except ConfigError as error:
        raise click.ClickException(str(error)) from None


def read_catalog() -> Catalog:
    """The catalog every command uses: $HWERR_CATALOG, else the shipped build."""
    try:
        return load_default()
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise CatalogUnreadable(
            f"cannot read the catalog ($HWERR_CATALOG or the shipped one): {error}"
        ) from None
