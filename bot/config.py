"""Settings from the environment, validated once at start-up.

Every setting the bot reads is a field here, so `.env.example` and this module
can be checked against each other. A bad value raises ConfigError naming the
variable and how to fix it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

TRUE_WORDS = {"on", "true", "1", "yes"}
FALSE_WORDS = {"off", "false", "0", "no"}


class ConfigError(ValueError):
    """A setting is missing or malformed; the message names the variable."""


@dataclass(frozen=True)
class Settings:
    bot_token: str = ""
    signing_secret: str = ""
    app_token: str = ""
    api_url: str = ""
    port: int = 3000
    db_path: Path = Path("hwerr.db")
    auto_reply: bool = True
    auto_channels: frozenset[str] = frozenset()
    reply_to_bots: bool = False
    retention_days: int = 365
    digest_channels: tuple[str, ...] = ()
    digest_cron: str = "0 9 * * mon"
    digest_period: str = "week"
    digest_top: int = 10
    digest_quiet: str = "post"
    digest_grace_hours: int = 24
    timezone: str = "UTC"
    log_format: str = "plain"
    log_level: str = "INFO"

    @property
    def socket_mode(self) -> bool:
        return bool(self.app_token)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read every setting; raises ConfigError on the first bad one."""
        env = os.environ if env is None else env
        reader = _Reader(env)
        return cls(
            bot_token=reader.text("SLACK_BOT_TOKEN"),
            signing_secret=reader.text("SLACK_SIGNING_SECRET"),
            app_token=reader.text("SLACK_APP_TOKEN"),
            api_url=reader.text("SLACK_API_URL"),
            port=reader.integer("PORT", 3000, low=1, high=65535),
            db_path=Path(reader.text("HWERR_DB") or "hwerr.db"),
            auto_reply=reader.boolean("HWERR_AUTO_REPLY", True),
            auto_channels=frozenset(reader.items("HWERR_AUTO_CHANNELS")),
            reply_to_bots=reader.boolean("HWERR_REPLY_TO_BOTS", False),
            retention_days=reader.integer("HWERR_RETENTION_DAYS", 365, low=1),
            digest_channels=tuple(reader.items("HWERR_DIGEST_CHANNEL")),
            digest_cron=reader.text("HWERR_DIGEST_CRON") or "0 9 * * mon",
            digest_period=reader.choice("HWERR_DIGEST_PERIOD", "week", ("week", "day")),
            digest_top=reader.integer("HWERR_DIGEST_TOP", 10, low=1, high=40),
            digest_quiet=reader.choice("HWERR_DIGEST_QUIET", "post", ("post", "skip")),
            digest_grace_hours=reader.integer("HWERR_DIGEST_GRACE_HOURS", 24, low=0),
            timezone=reader.text("HWERR_TIMEZONE") or "UTC",
            log_format=reader.choice("HWERR_LOG_FORMAT", "plain", ("plain", "json")),
            log_level=reader.choice(
                "HWERR_LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR"), upper=True
            ),
        )


@dataclass(frozen=True)
class _Reader:
    env: Mapping[str, str]

    def text(self, name: str) -> str:
        return self.env.get(name, "").strip()

    def items(self, name: str) -> list[str]:
        return [item.strip() for item in self.text(name).split(",") if item.strip()]

    def boolean(self, name: str, default: bool) -> bool:
        value = self.text(name).lower()
        if not value:
            return default
        if value in TRUE_WORDS:
            return True
        if value in FALSE_WORDS:
            return False
        raise ConfigError(f"{name}={value!r} is not a switch: use on/off, true/false or 1/0")

    def integer(self, name: str, default: int, low: int = 0, high: int | None = None) -> int:
        value = self.text(name)
        if not value:
            return default
        try:
            number = int(value)
        except ValueError:
            raise ConfigError(f"{name}={value!r} is not a whole number") from None
        if number < low or (high is not None and number > high):
            upper = "" if high is None else f" and {high}"
            raise ConfigError(f"{name}={number} is out of range: use a number between {low}{upper}")
        return number

    def choice(self, name: str, default: str, allowed: tuple[str, ...], upper: bool = False) -> str:
        value = self.text(name)
        value = value.upper() if upper else value.lower()
        if not value:
            return default
        if value not in allowed:
            raise ConfigError(f"{name}={value!r} is not one of: {', '.join(allowed)}")
        return value
