"""`capture`: the bot's real log configuration, writing into a buffer a test reads."""

from __future__ import annotations

import io
import logging

import pytest

from bot.config import Settings
from bot.logs import configure

BOT = "xoxb-1111-2222-abcdefghijklmnop"
APP = "xapp-1-A111-2222-abcdef0123456789"
SECRET = "8f742231b10e8888abcd99yyyzzz85a5"


@pytest.fixture
def capture():
    """Configure logging into a buffer, restoring the root logger afterwards."""
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    buffer = io.StringIO()

    def install(**env: str) -> io.StringIO:
        settings = Settings.from_env(
            {"SLACK_BOT_TOKEN": BOT, "SLACK_APP_TOKEN": APP, "SLACK_SIGNING_SECRET": SECRET, **env}
        )
        configure(settings, buffer)
        return buffer

    yield install
    root.handlers[:], root.level = saved
