"""The Slack app manifests declare exactly what bot/app.py registers, in both run modes."""

import copy
from urllib.parse import urlparse

import pytest
import yaml

from bot.app import BOT_EVENTS, BOT_SCOPES, SHORTCUT_CALLBACK_ID, SHORTCUT_NAME, SLASH_COMMAND
from tests.deploy.paths import DEPLOY

SOCKET = DEPLOY / "slack-manifest.yaml"
HTTP = DEPLOY / "slack-manifest-http.yaml"
PLACEHOLDER_HOST = "hwerr.example.com"
# The scope Slack requires before it delivers each bot event.
EVENT_SCOPES = {
    "message.channels": "channels:history",
    "message.groups": "groups:history",
    "message.im": "im:history",
    "message.mpim": "mpim:history",
    "app_mention": "app_mentions:read",
    "app_home_opened": None,
}


def load(path) -> dict:
    return yaml.safe_load(path.read_text())


@pytest.fixture(params=[SOCKET, HTTP], ids=["socket", "http"])
def manifest(request) -> dict:
    return load(request.param)


def test_slash_command_matches_the_code(manifest):
    [command] = manifest["features"]["slash_commands"]
    assert command["command"] == SLASH_COMMAND
    assert command["usage_hint"] and command["description"]


def test_message_shortcut_matches_the_code(manifest):
    [shortcut] = manifest["features"]["shortcuts"]
    assert shortcut["type"] == "message"
    assert shortcut["callback_id"] == SHORTCUT_CALLBACK_ID
    assert shortcut["name"] == SHORTCUT_NAME


def test_bot_events_and_scopes_match_the_code(manifest):
    assert manifest["settings"]["event_subscriptions"]["bot_events"] == list(BOT_EVENTS)
    assert manifest["oauth_config"]["scopes"]["bot"] == list(BOT_SCOPES)


def test_every_event_and_surface_has_the_scope_slack_requires():
    needed = {EVENT_SCOPES[event] for event in BOT_EVENTS} - {None}
    needed |= {"commands", "chat:write"}  # /hwerr and the shortcut; every reply
    assert set(BOT_SCOPES) == needed


def test_bot_user_interactivity_and_home_tab(manifest):
    features = manifest["features"]
    assert features["bot_user"]["display_name"]
    assert features["app_home"]["home_tab_enabled"] is True
    assert features["app_home"]["messages_tab_enabled"] is True
    assert manifest["settings"]["interactivity"]["is_enabled"] is True


def test_socket_manifest_turns_socket_mode_on_and_names_no_url():
    manifest = load(SOCKET)
    assert manifest["settings"]["socket_mode_enabled"] is True
    assert "http" not in yaml.safe_dump(manifest)


def test_http_manifest_sends_everything_to_slack_events_on_a_placeholder_host():
    manifest = load(HTTP)
    assert manifest["settings"]["socket_mode_enabled"] is False
    urls = [
        manifest["features"]["slash_commands"][0]["url"],
        manifest["settings"]["event_subscriptions"]["request_url"],
        manifest["settings"]["interactivity"]["request_url"],
    ]
    for url in urls:
        parsed = urlparse(url)
        assert (parsed.scheme, parsed.hostname, parsed.path) == (
            "https",
            PLACEHOLDER_HOST,
            "/slack/events",
        )


def test_the_two_manifests_differ_only_in_mode_and_urls():
    http = copy.deepcopy(load(HTTP))
    del http["features"]["slash_commands"][0]["url"]
    del http["settings"]["event_subscriptions"]["request_url"]
    del http["settings"]["interactivity"]["request_url"]
    http["settings"]["socket_mode_enabled"] = True
    assert http == load(SOCKET)
