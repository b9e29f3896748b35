"""Sign-in helpers: a browser-like client, TOTP codes that are not reused."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pyotp
import pytest
from django.test import Client

PASSWORD = "a long synthetic passphrase"


def code_at(secret: str, offset_steps: int = 0) -> str:
    """The TOTP code ``offset_steps`` steps from now (the server accepts -1, 0, +1)."""
    when = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=30 * offset_steps)
    return pyotp.TOTP(secret).at(when)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # Argon2 is what production uses (tests/store checks it); here it would only
    # make each persona and each sign-in take a second on a loaded machine.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def client() -> Client:
    return Client(enforce_csrf_checks=False)


@pytest.fixture
def enrolled(personas: dict[str, Any]) -> dict[str, str]:
    """Every active persona with a confirmed authenticator: role -> TOTP secret."""
    from refwatch.accounts.twofactor import enrol

    return {role: enrol(personas[role]) for role in ("admin", "documenter", "analyst", "observer")}


def sign_in(client: Client, username: str, secret: str, *, offset_steps: int = 0) -> Any:
    first = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert first.status_code == 302 and first["Location"] == "/accounts/2fa/verify/", first
    return client.post("/accounts/2fa/verify/", {"code": code_at(secret, offset_steps)})
