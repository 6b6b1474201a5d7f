"""Start-up refuses settings serving cannot run with, naming the variable and the fix."""

import os
from pathlib import Path

import pytest

from bot.config import ConfigError, Settings, problems, validate

BOT = "xoxb-1111-2222-abcdefghijklmnop"
APP = "xapp-1-A111-2222-abcdef0123456789"
SECRET = "8f742231b10e8888abcd99yyyzzz85a5"


def settings(tmp_path: Path, **env: str) -> Settings:
    base = {"SLACK_BOT_TOKEN": BOT, "SLACK_SIGNING_SECRET": SECRET}
    base["HWERR_DB"] = str(tmp_path / "hwerr.db")
    return Settings.from_env({**base, **env})


def unwritable_folder(tmp_path: Path) -> Path:
    """A folder this process cannot create files in, even as root (sysfs refuses everyone)."""
    if os.geteuid() == 0:
        return Path("/sys")
    folder = tmp_path / "locked"
    folder.mkdir(mode=0o500)
    return folder


def test_good_http_and_socket_settings_pass(tmp_path):
    assert problems(settings(tmp_path)) == []
    socket = settings(tmp_path, SLACK_APP_TOKEN=APP, SLACK_SIGNING_SECRET="")
    assert problems(socket) == []
    validate(socket)


def test_reading_settings_needs_no_tokens(tmp_path):
    """`hwerr lookup` reads Settings too; only serving validates tokens."""
    assert Settings.from_env({}).bot_token == ""


@pytest.mark.parametrize(
    ("env", "variable", "hint"),
    [
        ({"SLACK_BOT_TOKEN": ""}, "SLACK_BOT_TOKEN", "OAuth & Permissions"),
        ({"SLACK_BOT_TOKEN": "xoxp-1-2-3"}, "SLACK_BOT_TOKEN", "user token (xoxp-"),
        ({"SLACK_BOT_TOKEN": APP}, "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN"),
        ({"SLACK_BOT_TOKEN": "abc"}, "SLACK_BOT_TOKEN", "xoxb-"),
        ({"SLACK_APP_TOKEN": "xoxb-1-2"}, "SLACK_APP_TOKEN", "xapp-"),
        ({"SLACK_SIGNING_SECRET": ""}, "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN for Socket"),
        ({"HWERR_DIGEST_CRON": "0 9 * *"}, "HWERR_DIGEST_CRON", "five fields"),
        ({"HWERR_DIGEST_CRON": "0 25 * * 1"}, "HWERR_DIGEST_CRON", "'0 9 * * 1' runs on"),
        ({"HWERR_DIGEST_CRON": "0 9 * * 9"}, "HWERR_DIGEST_CRON", "0-7"),
        ({"HWERR_TIMEZONE": "Mars/Olympus"}, "HWERR_TIMEZONE", "IANA name"),
        ({"HWERR_TIMEZONE": "../etc/passwd"}, "HWERR_TIMEZONE", "IANA name"),
    ],
)
def test_each_bad_setting_is_named_with_its_fix(tmp_path, env, variable, hint):
    found = problems(settings(tmp_path, **env))
    assert len(found) == 1, found
    assert found[0].startswith(variable)
    assert hint in found[0]
    with pytest.raises(ConfigError, match=variable):
        validate(settings(tmp_path, **env))


def test_socket_flag_without_app_token_asks_for_one(tmp_path):
    found = problems(settings(tmp_path), socket=True)
    assert [line.split()[0] for line in found] == ["SLACK_APP_TOKEN"]


def test_socket_mode_needs_no_signing_secret(tmp_path):
    assert problems(settings(tmp_path, SLACK_SIGNING_SECRET="", SLACK_APP_TOKEN=APP)) == []


def test_messages_never_echo_a_token(tmp_path):
    found = problems(
        settings(tmp_path, SLACK_BOT_TOKEN="xoxp-9999-secret", SLACK_APP_TOKEN="xoxb-8888-secret")
    )
    assert len(found) == 2
    assert not any("secret" in line for line in found)


def test_missing_database_folder_stops_start_up(tmp_path):
    found = problems(settings(tmp_path, HWERR_DB=str(tmp_path / "gone" / "hwerr.db")))
    assert len(found) == 1
    assert found[0].startswith("HWERR_DB=") and "does not exist" in found[0]


def test_unwritable_database_folder_stops_start_up(tmp_path):
    folder = unwritable_folder(tmp_path)
    found = problems(settings(tmp_path, HWERR_DB=str(folder / "hwerr.db")))
    assert len(found) == 1
    assert found[0].startswith("HWERR_DB=") and "not writable" in found[0]


def test_a_bad_database_file_does_not_stop_start_up(tmp_path):
    """Only the folder is checked here: a corrupt file starts the bot degraded instead."""
    (tmp_path / "hwerr.db").write_bytes(b"this is not a database")
    assert problems(settings(tmp_path)) == []


def test_every_problem_is_reported_at_once(tmp_path):
    bad = settings(tmp_path, SLACK_BOT_TOKEN="", HWERR_TIMEZONE="Nowhere/City")
    with pytest.raises(ConfigError) as raised:
        validate(bad)
    assert [line.split("=")[0].split()[0] for line in str(raised.value).splitlines()] == [
        "SLACK_BOT_TOKEN",
        "HWERR_TIMEZONE",
    ]


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"PORT": "http"}, "PORT"),
        ({"PORT": "70000"}, "PORT"),
        ({"HWERR_AUTO_REPLY": "maybe"}, "HWERR_AUTO_REPLY"),
        ({"HWERR_LOG_FORMAT": "xml"}, "HWERR_LOG_FORMAT"),
    ],
)
def test_malformed_values_are_refused_when_read(env, variable):
    with pytest.raises(ConfigError, match=variable):
        Settings.from_env(env)
