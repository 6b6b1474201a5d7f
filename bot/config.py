"""Settings from the environment, validated once at start-up.

Every setting the bot reads is a field here, so `.env.example` and this module
can be checked against each other. A bad value raises ConfigError naming the
variable and how to fix it. Reading (`Settings.from_env`) only type-checks, so
`hwerr lookup` works without tokens; `validate` checks what serving needs.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

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


def validate(settings: Settings, socket: bool | None = None) -> None:
    """Stop start-up on anything serving cannot run with; every problem in one message."""
    found = problems(settings, socket)
    if found:
        raise ConfigError("\n".join(found))


def problems(settings: Settings, socket: bool | None = None) -> list[str]:
    """What serving needs and does not have; socket=None follows SLACK_APP_TOKEN."""
    socket = settings.socket_mode if socket is None else socket
    found = [*_token_problems(settings, socket), *_schedule_problems(settings)]
    database = database_folder_problem(settings.db_path)
    return [*found, database] if database else found


def _token_problems(settings: Settings, socket: bool) -> list[str]:
    found = []
    bot = settings.bot_token
    if not bot:
        found.append(
            "SLACK_BOT_TOKEN is not set: copy the Bot User OAuth Token (xoxb-...) "
            "from your Slack app's OAuth & Permissions page"
        )
    elif bot.startswith("xoxp-"):
        found.append(
            "SLACK_BOT_TOKEN holds a user token (xoxp-...): use the Bot User OAuth Token "
            "(xoxb-...) from OAuth & Permissions instead"
        )
    elif bot.startswith("xapp-"):
        found.append(
            "SLACK_BOT_TOKEN holds an app-level token (xapp-...): put it in SLACK_APP_TOKEN "
            "and set SLACK_BOT_TOKEN to the Bot User OAuth Token (xoxb-...)"
        )
    elif not bot.startswith("xoxb-"):
        found.append(
            "SLACK_BOT_TOKEN is not a bot token: it must start with xoxb- "
            "(the Bot User OAuth Token from OAuth & Permissions)"
        )
    if settings.app_token and not settings.app_token.startswith("xapp-"):
        found.append(
            "SLACK_APP_TOKEN is not an app-level token: it must start with xapp- "
            "(Basic Information > App-Level Tokens, scope connections:write)"
        )
    elif socket and not settings.app_token:
        found.append(
            "SLACK_APP_TOKEN is not set: Socket Mode needs an app-level token (xapp-...) "
            "from Basic Information > App-Level Tokens, scope connections:write"
        )
    if not socket and not settings.signing_secret:
        found.append(
            "SLACK_SIGNING_SECRET is not set: HTTP mode verifies every request with it; copy it "
            "from Basic Information > App Credentials, or set SLACK_APP_TOKEN for Socket Mode"
        )
    return found


def _schedule_problems(settings: Settings) -> list[str]:
    try:
        zone = ZoneInfo(settings.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return [
            f"HWERR_TIMEZONE={settings.timezone!r} is not a known time zone: "
            "use an IANA name such as Europe/Berlin, Asia/Shanghai or UTC"
        ]
    from bot.scheduler import digest_trigger  # here: the scheduler imports this module

    try:
        digest_trigger(settings.digest_cron, zone.key)
    except ConfigError as error:
        return [f"{error}; for example '0 9 * * 1' runs on Mondays at 09:00"]
    return []


def database_folder_problem(db_path: Path) -> str | None:
    """The one database fault that stops start-up: no folder to keep the file in.

    Checked by creating a file there, because permission bits do not tell
    the truth for root or on read-only mounts.
    """
    folder = db_path.parent
    where = f"HWERR_DB={str(db_path)!r}"
    if not folder.is_dir():
        return (
            f"{where}: the folder {str(folder)!r} does not exist; create it "
            "or point HWERR_DB at a file in a writable folder"
        )
    try:
        with tempfile.NamedTemporaryFile(dir=folder):
            pass
    except OSError as error:
        return (
            f"{where}: the folder {str(folder)!r} is not writable ({error.strerror}); give the "
            "bot's user write access to it or point HWERR_DB at a writable folder"
        )
    return None


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
