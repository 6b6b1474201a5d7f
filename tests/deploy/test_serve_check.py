"""`hwerr serve --check` passes a good setup and fails clearly on each bad setting; plain
`hwerr serve` refuses the same settings before it serves anything."""

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import main
from tests.e2e.fake_slack import FakeSlack

BOT = "xoxb-1111-2222-servecheck"
APP = "xapp-1-A111-2222-servecheck"


@pytest.fixture(scope="module")
def slack():
    with FakeSlack() as fake:
        yield fake


def run_serve(slack: FakeSlack, tmp_path: Path, *args: str, **env: str | None):
    base = {
        "SLACK_BOT_TOKEN": BOT,
        "SLACK_SIGNING_SECRET": "0123456789abcdef",
        "SLACK_APP_TOKEN": None,
        "SLACK_API_URL": slack.api_url,
        "HWERR_DB": str(tmp_path / "hwerr.db"),
        "HWERR_CATALOG": None,
        "HWERR_TIMEZONE": None,
        "HWERR_DIGEST_CRON": None,
    }
    return CliRunner().invoke(main, ["serve", *args], env={**base, **env})


def run_check(slack: FakeSlack, tmp_path: Path, *args: str, **env: str | None):
    return run_serve(slack, tmp_path, "--check", *args, **env)


def test_a_good_http_setup_passes(slack, tmp_path):
    result = run_check(slack, tmp_path)
    assert result.exit_code == 0, result.output
    assert "ok: ready to serve (HTTP on port 3000" in result.output


def test_a_good_socket_setup_passes_without_a_signing_secret(slack, tmp_path):
    result = run_check(slack, tmp_path, SLACK_APP_TOKEN=APP, SLACK_SIGNING_SECRET=None)
    assert result.exit_code == 0, result.output
    assert "Socket Mode" in result.output


def unwritable_folder(tmp_path: Path) -> Path:
    if os.geteuid() == 0:
        return Path("/sys")  # refuses new files even to root
    folder = tmp_path / "locked"
    folder.mkdir(mode=0o500)
    return folder


BAD_SETTINGS = pytest.mark.parametrize(
    ("env", "args", "named"),
    [
        ({"SLACK_BOT_TOKEN": None}, (), "SLACK_BOT_TOKEN is not set"),
        ({"SLACK_BOT_TOKEN": "xoxp-1-2-3"}, (), "SLACK_BOT_TOKEN holds a user token"),
        ({"SLACK_APP_TOKEN": "xoxb-9-9"}, (), "SLACK_APP_TOKEN is not an app-level token"),
        ({}, ("--socket",), "SLACK_APP_TOKEN is not set"),
        ({"SLACK_SIGNING_SECRET": None}, (), "SLACK_SIGNING_SECRET is not set"),
        ({"HWERR_DIGEST_CRON": "every monday"}, (), "HWERR_DIGEST_CRON="),
        ({"HWERR_TIMEZONE": "Europe/Atlantis"}, (), "HWERR_TIMEZONE='Europe/Atlantis'"),
    ],
)


@BAD_SETTINGS
def test_each_bad_setting_fails_with_its_name(slack, tmp_path, env, args, named):
    result = run_check(slack, tmp_path, *args, **env)
    assert result.exit_code == 1
    assert named in result.output


@BAD_SETTINGS
def test_plain_serve_refuses_each_bad_setting_before_serving(slack, tmp_path, env, args, named):
    """Without --check the same settings stop start-up, naming the variable. The catalog
    points nowhere, so a setting wrongly let through ends in exit 2, not a hang."""
    result = run_serve(slack, tmp_path, *args, HWERR_CATALOG=str(tmp_path / "none.json"), **env)
    assert result.exit_code == 1, result.output
    assert named in result.output


@pytest.mark.parametrize(
    ("where", "said"), [("no/hwerr.db", "does not exist"), ("locked", "not writable")]
)
def test_plain_serve_refuses_a_missing_or_unwritable_database_folder(slack, tmp_path, where, said):
    db = unwritable_folder(tmp_path) / "hwerr.db" if where == "locked" else tmp_path / where
    result = run_serve(slack, tmp_path, HWERR_DB=str(db), HWERR_CATALOG=str(tmp_path / "none"))
    assert result.exit_code == 1, result.output
    assert "HWERR_DB=" in result.output and said in result.output


def test_a_missing_database_folder_fails(slack, tmp_path):
    result = run_check(slack, tmp_path, HWERR_DB=str(tmp_path / "no" / "hwerr.db"))
    assert result.exit_code == 1 and "does not exist" in result.output


def test_an_unwritable_database_folder_fails(slack, tmp_path):
    result = run_check(slack, tmp_path, HWERR_DB=str(unwritable_folder(tmp_path) / "hwerr.db"))
    assert result.exit_code == 1 and "not writable" in result.output


def test_an_unwritable_database_file_fails_the_check(slack, tmp_path):
    """Serving starts degraded on a bad file; a deploy check must not let it pass."""
    (tmp_path / "hwerr.db").write_bytes(b"\x00garbage" * 500)
    result = run_check(slack, tmp_path)
    assert result.exit_code == 1 and "HWERR_DB=" in result.output


def test_a_token_slack_rejects_fails(slack, tmp_path):
    slack.fail("auth.test", "invalid_auth")
    result = run_check(slack, tmp_path)
    assert result.exit_code == 1 and "invalid_auth" in result.output
