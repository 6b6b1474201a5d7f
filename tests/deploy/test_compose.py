"""docker-compose runs Socket Mode with its database on a named volume and probes /healthz."""

import yaml

from tests.deploy.paths import DEPLOY, ROOT


def service() -> tuple[dict, dict]:
    compose = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())
    [(_, hwerr)] = compose["services"].items()
    return compose, hwerr


def test_builds_the_project_dockerfile():
    _, hwerr = service()
    context = (DEPLOY / hwerr["build"]["context"]).resolve()
    assert context == ROOT
    assert (context / hwerr["build"]["dockerfile"]).resolve() == DEPLOY / "Dockerfile"


def test_reads_settings_from_the_repository_env_file():
    _, hwerr = service()
    assert (DEPLOY / hwerr["env_file"]).resolve() == ROOT / ".env"


def test_database_is_on_a_named_volume():
    compose, hwerr = service()
    [mount] = hwerr["volumes"]
    volume, path = mount.split(":")
    assert volume in compose["volumes"] and path == "/data"
    assert hwerr["environment"]["HWERR_DB"].startswith("/data/")


def test_health_check_asks_healthz():
    _, hwerr = service()
    assert "/healthz" in " ".join(hwerr["healthcheck"]["test"])
