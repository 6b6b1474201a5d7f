"""`.env.example` lists exactly the settings the code reads, each explained, with its default."""

import re

from bot.config import Settings
from tests.deploy.paths import KUBERNETES, ROOT

# os.environ["X"], os.environ.get("X"), os.getenv("X"), env.get("X"), reader.text("X"), ...
# (not a WSGI `environ.get("PATH_INFO")`: that environ is a request, not the process's)
READ = re.compile(
    r"""(?:\bos\.environ\.get|\bgetenv|\benv\.get|\breader\.\w+)\(\s*["']([A-Z][A-Z0-9_]*)["']"""
    r"""|\bos\.environ\[\s*["']([A-Z][A-Z0-9_]*)["']\s*\]"""
)
LINE = re.compile(r"^([A-Z][A-Z0-9_]*)=(.*)$")


def variables_read_by_code() -> set[str]:
    found = set()
    for package in ("bot", "catalog"):
        for source in (ROOT / package).rglob("*.py"):
            for match in READ.finditer(source.read_text(encoding="utf-8")):
                found.add(match.group(1) or match.group(2))
    return found


def example() -> dict[str, str]:
    lines = (ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
    settings = {}
    for number, line in enumerate(lines):
        if match := LINE.match(line):
            above = lines[number - 1] if number else ""
            assert above.startswith("# "), f"{match[1]} has no one-line comment above it"
            settings[match[1]] = match[2]
    return settings


def test_the_scanner_finds_what_the_code_reads():
    """Guard against a scanner that finds nothing and so agrees with anything."""
    assert {"SLACK_BOT_TOKEN", "HWERR_DB", "HWERR_CATALOG", "HWERR_LOG_LEVEL"} <= (
        variables_read_by_code()
    )


def test_every_variable_the_code_reads_is_listed():
    missing = variables_read_by_code() - example().keys()
    assert not missing, f"add these to .env.example with a comment and default: {sorted(missing)}"


def test_every_listed_variable_is_read_by_the_code():
    unused = example().keys() - variables_read_by_code()
    assert not unused, f".env.example lists settings no code reads: {sorted(unused)}"


def test_the_defaults_shown_are_the_code_defaults():
    assert Settings.from_env(example()) == Settings.from_env({})


def test_the_kubernetes_configmap_sets_only_real_settings():
    import yaml

    configmap = yaml.safe_load((KUBERNETES / "configmap.yaml").read_text())
    secret = yaml.safe_load((KUBERNETES / "secret.yaml").read_text())
    named = set(configmap["data"]) | set(secret["stringData"])
    assert named <= example().keys()
