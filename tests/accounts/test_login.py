"""Signing in takes a password and a TOTP code; failures are throttled and audited."""

from __future__ import annotations

import re
from typing import Any

import pyotp
import pytest
from django.test import Client

from refwatch.accounts.models import LoginAttempt, TOTPDevice
from refwatch.audit.models import AuditEvent

from .conftest import PASSWORD, code_at, sign_in

pytestmark = pytest.mark.django_db


def _signed_in(client: Client) -> bool:
    return client.get("/api/v1/summary").status_code == 200


def test_it_signs_in_with_password_and_totp_code(client: Client, personas: dict[str, Any],
                                                  enrolled: dict[str, str]) -> None:
    first = client.post("/accounts/login/", {"username": "documenter", "password": PASSWORD})
    assert first.status_code == 302 and first["Location"] == "/accounts/2fa/verify/"
    assert not _signed_in(client), "a password alone must not give a session"
    second = client.post("/accounts/2fa/verify/", {"code": code_at(enrolled["documenter"])})
    assert second.status_code == 302
    assert _signed_in(client)
    assert AuditEvent.objects.filter(action="auth.login", actor=personas["documenter"]).exists()


def test_it_refuses_a_wrong_code_and_audits_it(client: Client, personas: dict[str, Any],
                                               enrolled: dict[str, str]) -> None:
    client.post("/accounts/login/", {"username": "analyst", "password": PASSWORD})
    good = code_at(enrolled["analyst"])
    wrong = f"{(int(good) + 1) % 1_000_000:06d}"
    response = client.post("/accounts/2fa/verify/", {"code": wrong})
    assert response.status_code == 401 and not _signed_in(client)
    assert AuditEvent.objects.filter(action="auth.2fa_failed", object_id=str(personas["analyst"].pk)).exists()


def test_a_code_works_only_once(client: Client, personas: dict[str, Any], enrolled: dict[str, str]) -> None:
    assert sign_in(client, "analyst", enrolled["analyst"]).status_code == 302
    other = Client()
    other.post("/accounts/login/", {"username": "analyst", "password": PASSWORD})
    replay = other.post("/accounts/2fa/verify/", {"code": code_at(enrolled["analyst"])})
    assert replay.status_code == 401 and other.get("/api/v1/summary").status_code == 401


def test_the_first_sign_in_enrols_an_authenticator(client: Client, personas: dict[str, Any]) -> None:
    first = client.post("/accounts/login/", {"username": "observer", "password": PASSWORD})
    assert first["Location"] == "/accounts/2fa/setup/"
    assert not _signed_in(client)
    page = client.get("/accounts/2fa/setup/").content.decode()
    secret = "".join(re.findall(r"<code>([A-Z2-7]{1,4})</code>", page))
    assert len(secret) == 32
    done = client.post("/accounts/2fa/setup/", {"code": pyotp.TOTP(secret).now()})
    assert done.status_code == 200 and "Recovery codes" in done.content.decode()
    assert _signed_in(client)
    device = TOTPDevice.objects.get(user=personas["observer"])
    assert device.confirmed_at is not None
    assert secret not in (device.secret_enc or ""), "the TOTP secret must be stored sealed"


def test_a_recovery_code_stands_in_once(client: Client, personas: dict[str, Any],
                                        enrolled: dict[str, str]) -> None:
    from refwatch.accounts.twofactor import new_recovery_codes

    codes = new_recovery_codes(personas["admin"])
    client.post("/accounts/login/", {"username": "admin", "password": PASSWORD})
    assert client.post("/accounts/2fa/verify/", {"code": codes[0]}).status_code == 302
    again = Client()
    again.post("/accounts/login/", {"username": "admin", "password": PASSWORD})
    assert again.post("/accounts/2fa/verify/", {"code": codes[0]}).status_code == 401


def test_failed_logins_are_throttled_in_the_database(client: Client, personas: dict[str, Any],
                                                     enrolled: dict[str, str]) -> None:
    for _ in range(5):
        wrong = client.post("/accounts/login/", {"username": "documenter", "password": "not the password"})
        assert wrong.status_code == 401
    blocked = client.post("/accounts/login/", {"username": "documenter", "password": PASSWORD})
    assert blocked.status_code == 429, "the right password must not help once the account is throttled"
    assert LoginAttempt.objects.filter(username="documenter", succeeded=False).count() == 5
    failures = AuditEvent.objects.filter(action="auth.login_failed")
    assert failures.count() == 5 and all(e.data["username"] == "documenter" for e in failures)
    assert "not the password" not in str(list(failures.values_list("data", flat=True)))
    assert AuditEvent.objects.filter(action="auth.login_throttled").exists()
    # another account is not affected
    assert sign_in(Client(), "analyst", enrolled["analyst"]).status_code == 302


def test_throttling_ends_when_the_window_has_passed(client: Client, personas: dict[str, Any],
                                                    enrolled: dict[str, str], settings: Any) -> None:
    import datetime as dt

    for _ in range(5):
        client.post("/accounts/login/", {"username": "observer", "password": "wrong wrong wrong"})
    LoginAttempt.objects.update(at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=901))
    assert sign_in(client, "observer", enrolled["observer"]).status_code == 302


def test_a_disabled_account_cannot_sign_in(client: Client, personas: dict[str, Any]) -> None:
    response = client.post("/accounts/login/", {"username": "outsider", "password": PASSWORD})
    assert response.status_code == 401 and not _signed_in(client)


def test_logout_ends_the_session(client: Client, personas: dict[str, Any], enrolled: dict[str, str]) -> None:
    sign_in(client, "analyst", enrolled["analyst"])
    assert client.get("/accounts/logout/").status_code == 200 and _signed_in(client)
    assert client.post("/accounts/logout/").status_code == 302
    assert not _signed_in(client)
