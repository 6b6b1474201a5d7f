"""The operator's README stays true: its two Quick start commands, its test command (the one
CI runs), its one settings table (the settings .env.example lists, with the same defaults)
and a line for every `hwerr` command."""

import re

from bot.cli import main
from tests.deploy.paths import ROOT
from tests.deploy.test_env_example import example

README = (ROOT / "README.md").read_text(encoding="utf-8")
QUICK_START = [
    "python3 -m venv .venv && . .venv/bin/activate && pip install . && hwerr console",
    "pip install -e '.[test]' && python -m pytest",
]


def section(title: str) -> str:
    start = README.index(f"\n## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start : end if end > 0 else None]


def code_blocks(text: str) -> list[list[str]]:
    return [block.strip().splitlines() for block in re.findall(r"```\w*\n(.*?)```", text, re.S)]


def settings_table() -> dict[str, str]:
    """Setting -> its Default cell, from every table row that names a setting."""
    rows = re.findall(r"^\| `([A-Z][A-Z0-9_]*)` \| ([^|]*) \|", README, re.M)
    return {name: default.strip() for name, default in rows}


def test_quick_start_is_exactly_the_two_commands():
    assert code_blocks(section("Quick start")) == [QUICK_START]


def test_the_test_command_is_the_one_ci_runs():
    ci = (ROOT / ".ci" / "run").read_text().strip().splitlines()
    assert ci[-1] == "python -m pytest"
    tests = section("Tests and benchmarks")
    commands = [line.split("#")[0].strip() for block in code_blocks(tests) for line in block]
    assert "python -m pytest" in commands


def test_one_table_lists_exactly_the_settings_of_env_example():
    table = settings_table()
    assert table.keys() == example().keys()
    assert README.count("| Setting | Default | Meaning |") == 1


def test_the_table_shows_the_defaults_env_example_shows():
    table = settings_table()
    for name, value in example().items():
        if value:
            assert table[name] == f"`{value}`", name


def test_every_command_is_described():
    names = [f"hwerr {name}" for name in main.commands]
    names += [f"hwerr catalog {name}" for name in main.commands["catalog"].commands]
    missing = [name for name in names if f"`{name}" not in section("Commands")]
    assert not missing
