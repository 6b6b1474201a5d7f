"""`.env.example` lists exactly the settings the code reads, each explained, with its default."""

import re
from pathlib import Path

from bot.config import Settings
from bot.scheduler import digest_trigger
from tests.deploy.paths import KUBERNETES, ROOT

# os.environ["X"], os.environ.get("X"), os.getenv("X"), env.get("X"), reader.text("X"), ...
# and click's envvar="X" (the CLI in bot/commands/ could read one that way).
# (not a WSGI `environ.get("PATH_INFO")`: that environ is a request, not the process's)
READ = re.compile(
    r"""(?:\bos\.environ\.get|\bgetenv|\benv\.get|\breader\.\w+)\(\s*["']([A-Z][A-Z0-9_]*)["']"""
    r"""|\bos\.environ\[\s*["']([A-Z][A-Z0-9_]*)["']\s*\]"""
    r"""|\benvvar\s*=\s*["']([A-Z][A-Z0-9_]*)["']"""
)
LINE = re.compile(r"^([A-Z][A-Z0-9_]*)=(.*)$")


def sources() -> list[Path]:
    """Every module of the bot and the catalog, however deep (bot/commands/ included)."""
    return [path for package in ("bot", "catalog") for path in (ROOT / package).rglob("*.py")]


def variables_read_by_code() -> set[str]:
    return set().union(*(names_read(path.read_text(encoding="utf-8")) for path in sources()))


def names_read(source: str) -> set[str]:
    return {next(filter(None, match.groups())) for match in READ.finditer(source)}


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


def test_the_scanner_reads_every_way_of_reading_a_variable_and_every_module():
    """Including the CLI modules and the service, wherever they move to within bot/."""
    source = """
    os.environ["A_1"]; os.environ.get('B'); os.getenv("C"); env.get("D")
    reader.integer("E", 3); click.option("--f", envvar="F_X"); request.get("NOT_ME")
    """
    assert names_read(source) == {"A_1", "B", "C", "D", "E", "F_X"}
    scanned = {str(path.relative_to(ROOT)) for path in sources()}
    assert {"bot/service.py", "bot/config.py", "catalog/model.py"} <= scanned
    assert {"bot/commands/run.py", "bot/commands/report.py"} <= scanned


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


def test_the_kubernetes_configmap_and_secret_offer_every_setting_and_valid_values():
    """An operator edits these two files only: each setting is there to change, and as
    shipped they pass the start-up checks of the schedule."""
    import yaml

    configmap = yaml.safe_load((KUBERNETES / "configmap.yaml").read_text())["data"]
    secret = yaml.safe_load((KUBERNETES / "secret.yaml").read_text())["stringData"]
    missing = example().keys() - {"SLACK_API_URL"} - configmap.keys() - secret.keys()
    assert not missing, f"add to deploy/kubernetes/configmap.yaml: {sorted(missing)}"
    settings = Settings.from_env(configmap)
    digest_trigger(settings.digest_cron, settings.timezone)  # raises on a bad cron or zone
