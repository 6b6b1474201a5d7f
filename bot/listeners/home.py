"""The App Home tab: what the bot does, how to use it, and the last seven days' top codes."""

from __future__ import annotations

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot import blocks
from bot.app import Deps, later
from bot.delivery import Stopwatch, call
from bot.listeners.command import STATS_DAYS, recent_top
from bot.logs import log_event


def register(app: App, deps: Deps) -> None:
    def publish_home(body: dict, context: BoltContext, client: WebClient) -> None:
        watch = Stopwatch()
        event = body["event"]
        if event.get("tab", "home") != "home":
            return
        view = blocks.home_view(recent_top(deps), deps.catalog, days=STATS_DAYS)
        outcome = call(
            "views.publish", lambda: client.views_publish(user_id=event["user"], view=view)
        )
        log_event("home", event.get("channel", ""), [], watch.ms(), outcome)

    app.event("app_home_opened")(later(deps, publish_home))
