"""Accounts from the command line: create, list, change role, disable; Argon2 hashes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


def test_user_commands(cli: Any, cli_home: Path, tmp_path: Path) -> None:
    pw = tmp_path / "pw"
    pw.write_text("another long synthetic passphrase")
    cli(cli_home, "user", "add", "mina", "--role", "documenter", "--password-file", str(pw))
    assert "mina\tdocumenter\tactive" in cli(cli_home, "user", "list").stdout
    cli(cli_home, "user", "set-role", "mina", "analyst")
    cli(cli_home, "user", "disable", "mina")
    assert "mina\tanalyst\tdisabled" in cli(cli_home, "user", "list").stdout
    again = cli(cli_home, "user", "add", "mina", "--role", "observer", "--password-file", str(pw), check=False)
    assert again.returncode != 0 and "already exists" in again.stderr
    actions = cli(cli_home, "audit", "show", "--last", "5").stdout
    assert "user.role_changed" in actions and "user.disabled" in actions


def test_a_weak_password_is_refused(cli: Any, cli_home: Path, tmp_path: Path) -> None:
    pw = tmp_path / "pw"
    pw.write_text("1234")
    result = cli(cli_home, "user", "add", "weak", "--role", "observer", "--password-file", str(pw), check=False)
    assert result.returncode != 0 and "too short" in result.stderr


def test_init_is_idempotent_and_needs_a_password_source(cli: Any, cli_home: Path, tmp_path: Path) -> None:
    assert cli(cli_home, "init").returncode == 0  # admin exists: nothing to prompt for
    fresh = cli(tmp_path / "fresh", "init", check=False)
    assert fresh.returncode != 0 and "--admin-password-file" in fresh.stderr


@pytest.mark.django_db
def test_passwords_are_hashed_with_argon2(personas: dict[str, Any]) -> None:
    assert personas["analyst"].password.startswith("argon2")


def test_commands_refuse_an_uninitialised_home(cli: Any, tmp_path: Path) -> None:
    result = cli(tmp_path / "nothing", "audit", "verify", check=False)
    assert result.returncode != 0 and "refwatch init" in result.stderr


def test_reset_2fa_is_audited(cli: Any, cli_home: Path) -> None:
    out = cli(cli_home, "user", "reset-2fa", "admin").stdout
    assert "enrol a new authenticator" in out
    assert "auth.2fa_reset" in cli(cli_home, "audit", "show").stdout
    assert cli(cli_home, "user", "reset-2fa", "nobody", check=False).returncode != 0
