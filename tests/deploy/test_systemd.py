"""The systemd unit reads an EnvironmentFile, restarts on failure and is hardened."""

import configparser
import shutil
import subprocess

import pytest

from tests.deploy.paths import DEPLOY

UNIT = DEPLOY / "hwerr.service"


def unit() -> configparser.RawConfigParser:
    parser = configparser.RawConfigParser(strict=False, delimiters=("=",))
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read_string(UNIT.read_text())
    return parser


def test_required_keys():
    service = unit()["Service"]
    assert service["EnvironmentFile"].startswith("/")
    assert service["Restart"] == "on-failure"
    assert service["NoNewPrivileges"] == "yes"
    assert service["ProtectSystem"] == "strict"
    assert service["StateDirectory"] == "hwerr"
    assert service.get("DynamicUser") == "yes" or service.get("User")
    assert service["ExecStart"].split()[1:] == ["serve"]


def test_database_lives_in_the_state_directory():
    environment = unit()["Service"]["Environment"]
    assert environment == "HWERR_DB=/var/lib/hwerr/hwerr.db"


def test_systemd_analyze_verify_accepts_it(tmp_path):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not on this machine")
    # verify also checks that ExecStart exists; point it at a binary that does.
    copy = tmp_path / "hwerr.service"
    copy.write_text(
        UNIT.read_text().replace(unit()["Service"]["ExecStart"].split()[0], "/bin/true")
    )
    result = subprocess.run(
        [analyze, "verify", str(copy)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr
