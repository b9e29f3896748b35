"""The docs say what the code does: README commands, CI, every command and setting."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from refwatch.cli import COMMANDS, main

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")

DEMO_COMMAND = "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/refwatch demo --home demo-home"
TEST_COMMAND = 'python3 -m venv .venv && .venv/bin/pip install -e ".[test]" && .venv/bin/python -m pytest'


def test_the_readme_gives_the_two_setup_commands() -> None:
    blocks = re.findall(r"```sh\n(.*?)\n```", README, flags=re.S)
    assert blocks[:2] == [DEMO_COMMAND, TEST_COMMAND]


def test_ci_runs_the_readmes_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert f"README_TEST_COMMAND='{TEST_COMMAND}'" in ci


def _commands() -> list[str]:
    ctx = click.Context(main, info_name="refwatch")
    paths = []
    for name in sorted(COMMANDS):
        command = main.get_command(ctx, name)
        if command is None:
            continue
        paths.append(f"refwatch {name}")
        if isinstance(command, click.Group):
            paths += [f"refwatch {name} {sub}" for sub in command.list_commands(ctx)]
    return paths


def test_every_command_is_in_the_reference() -> None:
    reference = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    missing = [p for p in _commands() if f"## `{p}`" not in reference]
    assert missing == [], "run: python scripts/cli_reference.py > docs/cli.md"


def test_every_setting_is_documented() -> None:
    settings = (ROOT / "src" / "refwatch" / "site" / "settings.py").read_text(encoding="utf-8")
    names = set(re.findall(r'env(?:_bool)?\("([A-Z_]+)"', settings))
    assert {"REFWATCH_HOME", "DATABASE_URL", "REFWATCH_KEY_FILE"} <= names
    assert sorted(n for n in names if f"`{n}`" not in README) == []


@pytest.mark.parametrize("doc", ["operations.md", "security.md", "architecture.md", "cli.md"])
def test_the_docs_exist(doc: str) -> None:
    assert (ROOT / "docs" / doc).stat().st_size > 500
