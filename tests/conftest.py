"""Shared fixtures: a key file per test session, personas, the CLI in a subprocess.

Personas (admin, documenter, analyst, observer, outsider) are created through
actions, as a user would create them. Tests that need PostgreSQL use the
``postgres_url`` fixture: they skip with a message when no server answers,
unless REFWATCH_REQUIRE_POSTGRES=1 (set by .ci/run), where they fail.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

PASSWORD = "a long synthetic passphrase"
POSTGRES_URL = os.environ.get("REFWATCH_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test")


@pytest.fixture(scope="session", autouse=True)
def _session_key_file(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    from django.conf import settings

    from refwatch.crypto import KeyRing, reload_keyring

    path = tmp_path_factory.mktemp("keys") / "keys.json"
    KeyRing.generate().save(path)
    old = settings.KEY_FILE
    settings.KEY_FILE = path
    reload_keyring()
    yield
    settings.KEY_FILE = old


@pytest.fixture
def personas(db: Any) -> dict[str, Any]:
    from refwatch.accounts.actions import create_user
    from refwatch.records.actions import load_reference_data

    load_reference_data()
    users = {
        role: create_user(role, role=role, password=PASSWORD, acting_user=None)
        for role in ("admin", "documenter", "analyst", "observer")
    }
    outsider = create_user("outsider", role="observer", password=PASSWORD, acting_user=None)
    outsider.is_active = False
    outsider.save()
    users["outsider"] = outsider
    return users


def run_cli(home: Path, *args: str, env: dict[str, str] | None = None, input: str | None = None,
            check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run ``refwatch ARGS`` as a user would, with REFWATCH_HOME=home."""
    full_env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    full_env["REFWATCH_HOME"] = str(home)
    full_env.pop("REFWATCH_KEY_FILE", None)
    full_env.update(env or {})
    result = subprocess.run(
        [sys.executable, "-m", "refwatch", *args], capture_output=True, text=True, env=full_env,
        input=input, timeout=600,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"refwatch {' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result


@pytest.fixture
def cli() -> Any:
    """The ``run_cli(home, *args, ...)`` function, for tests that drive the command."""
    return run_cli


@pytest.fixture(scope="session")
def _template_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("template") / "home"
    pw = home.parent / "pw"
    pw.write_text(PASSWORD)
    run_cli(home, "init", "--admin-password-file", str(pw))
    return home


@pytest.fixture
def cli_home(tmp_path: Path, _template_home: Path) -> Path:
    """An initialised data directory (SQLite) with an admin, copied from one made by `init`."""
    import shutil

    home = tmp_path / "home"
    shutil.copytree(_template_home, home)
    return home


def postgres_available(url: str = POSTGRES_URL) -> str | None:
    """None if a server answers at url, else the reason."""
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed (pip install 'refwatch[postgres]')"
    try:
        with psycopg.connect(url.replace("postgres://", "postgresql://"), connect_timeout=3):
            return None
    except Exception as exc:
        return f"no PostgreSQL server at {url} ({type(exc).__name__})"


@pytest.fixture
def postgres_url() -> str:
    reason = postgres_available()
    if reason is not None:
        if os.environ.get("REFWATCH_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL is required here (REFWATCH_REQUIRE_POSTGRES=1): {reason}")
        pytest.skip(f"{reason}: set REFWATCH_TEST_POSTGRES_URL to run the PostgreSQL tests")
    return POSTGRES_URL
