"""Fixtures: the fake Slack Web API, a test catalog, and the bot served on loopback."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bot.app import BACKLOG
from catalog.model import Catalog, load_default
from tests.e2e.fake_slack import FakeSlack
from tests.e2e.running import RunningBot, start_bot
from tests.entries import make_entry

# Rows the seed pages lack, written as hostile pages would be: placeholders, markup, a ping.
HOSTILE_ROWS = [
    make_entry(
        "TEST.0001",
        service="Test Service",
        message="MAC <x:x:x> is invalid for <!channel>",
        description="Check {reason} & %s, see <https://evil.example|docs>",
        solution="Ask <@U0ADMIN> to fix it",
        source="test_page.md",
        url="https://support.huaweicloud.com/test/errorcode.html",
    ),
]


@pytest.fixture(scope="session")
def test_catalog() -> Catalog:
    """The shipped seed catalog plus hostile rows."""
    return Catalog.from_entries([*load_default().entries, *HOSTILE_ROWS])


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        yield fake


@pytest.fixture
def serve(
    slack: FakeSlack, test_catalog: Catalog, tmp_path: Path
) -> Iterator[Callable[..., RunningBot]]:
    """`serve(**env)` starts a bot with HWERR_… settings as keywords (and `backlog`, the
    listener pool's); stopped after the test."""
    running: list[RunningBot] = []

    def start(backlog: int = BACKLOG, **env: str) -> RunningBot:
        bot = start_bot(slack, test_catalog, tmp_path / "hwerr.db", env, backlog)
        running.append(bot)
        return bot

    yield start
    for bot in running:
        bot.stop()


@pytest.fixture
def bot(serve: Callable[..., RunningBot]) -> RunningBot:
    """A bot with the default settings."""
    return serve()
