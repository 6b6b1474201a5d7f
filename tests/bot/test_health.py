"""/healthz says 200 while the bot can answer (degraded without a database), 503 when it cannot;
`hwerr serve --check` refuses every fault, an unwritable database included."""

from pathlib import Path

import pytest

from bot import health
from bot.app import Deps
from bot.config import Settings
from catalog.model import Catalog, load_default
from tests.e2e.fake_slack import TEAM_ID, FakeSlack

BOT = "xoxb-1111-2222-healthcheck"
SECRET = "0123456789abcdef0123456789abcdef"


@pytest.fixture
def slack():
    with FakeSlack() as fake:
        yield fake


def settings_for(slack: FakeSlack, tmp_path: Path, **env: str) -> Settings:
    base = {
        "SLACK_BOT_TOKEN": BOT,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": slack.api_url,
        "HWERR_DB": str(tmp_path / "hwerr.db"),
    }
    return Settings.from_env({**base, **env})


@pytest.fixture
def deps_for(slack, tmp_path):
    made = []

    def make(catalog: Catalog | None = None, **env: str) -> Deps:
        deps = Deps.from_settings(
            settings_for(slack, tmp_path, **env), load_default() if catalog is None else catalog
        )
        made.append(deps)
        return deps

    yield make
    for deps in made:
        deps.querylog.close()


def test_healthy_bot_reports_ok_with_catalog_and_database(deps_for):
    deps = deps_for()
    status, body = health.report(deps)
    assert status == 200 and body["status"] == "ok"
    assert body["catalog"] == {
        "entries": len(deps.catalog),
        "services": len(deps.catalog.services()),
    }
    assert body["catalog"]["entries"] > 0
    assert body["database"]["reachable"] is True and body["database"]["writable"] is True
    assert body["slack"] == {"token": "accepted", "detail": f"team {TEAM_ID}"}


def test_a_corrupt_database_is_degraded_but_still_200(deps_for, tmp_path):
    """Answers come from the catalog: a broken database must not take the bot out of service."""
    (tmp_path / "hwerr.db").write_bytes(b"not a database, just bytes " * 100)
    status, body = health.report(deps_for())
    assert status == 200 and body["status"] == "degraded"
    assert body["database"]["writable"] is False


def test_no_catalog_is_503(deps_for):
    status, body = health.report(deps_for(Catalog(entries=[])))
    assert status == 503 and body["status"] == "failing"
    assert body["problems"] == ["no catalog loaded"]


def test_a_rejected_bot_token_is_503(deps_for, slack):
    slack.fail("auth.test", "invalid_auth", times=5)
    status, body = health.report(deps_for())
    assert status == 503
    assert body["slack"]["token"] == "rejected"
    assert body["problems"] == ["Slack rejected SLACK_BOT_TOKEN (auth.test answered invalid_auth)"]


def test_slack_unreachable_is_not_the_bots_fault(deps_for, slack):
    """A dropped auth.test leaves the token unverified: still 200, no restart loop."""
    slack.drop("auth.test", times=5)
    status, body = health.report(deps_for())
    assert status == 200 and body["slack"]["token"] == "unverified"


def test_probes_do_not_call_slack_each_time(deps_for, slack):
    deps = deps_for()
    before = len(slack.calls_to("auth.test", outcome=None))
    for _ in range(10):
        assert health.report(deps)[0] == 200
    assert len(slack.calls_to("auth.test", outcome=None)) - before <= 1


def test_check_passes_a_good_setup(slack, tmp_path):
    assert health.check(settings_for(slack, tmp_path)) == []


def test_check_refuses_an_unwritable_database_file(slack, tmp_path):
    (tmp_path / "hwerr.db").write_bytes(b"garbage " * 200)
    [problem] = health.check(settings_for(slack, tmp_path))
    assert problem.startswith("HWERR_DB=") and "cannot be written" in problem


def test_check_refuses_a_token_slack_rejects(slack, tmp_path):
    slack.fail("auth.test", "token_revoked")
    [problem] = health.check(settings_for(slack, tmp_path))
    assert problem == "SLACK_BOT_TOKEN could not be confirmed: auth.test answered token_revoked"


def test_check_refuses_a_catalog_that_does_not_load(slack, tmp_path, monkeypatch):
    broken = tmp_path / "catalog.json"
    broken.write_text("{not json")
    monkeypatch.setenv("HWERR_CATALOG", str(broken))
    [problem] = health.check(settings_for(slack, tmp_path))
    assert problem.startswith("HWERR_CATALOG: the catalog could not be loaded")


def test_check_includes_every_configuration_problem(slack, tmp_path):
    found = health.check(
        settings_for(slack, tmp_path, SLACK_BOT_TOKEN="xoxp-1-2", HWERR_TIMEZONE="Moon/Base")
    )
    assert [line.split()[0].split("=")[0] for line in found] == [
        "SLACK_BOT_TOKEN",
        "HWERR_TIMEZONE",
    ]
