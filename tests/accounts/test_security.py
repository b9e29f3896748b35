"""Headers, production settings, session expiry and re-authentication ("sudo mode")."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.utils import timezone

from refwatch.accounts.sudo import AUTH_AT, has_recent_auth, require_recent_auth
from refwatch.audit.models import AuditEvent

from .conftest import PASSWORD, code_at, sign_in


def _directives(header: str) -> dict[str, list[str]]:
    parts = [p.split() for p in header.split(";") if p.strip()]
    return {p[0]: p[1:] for p in parts}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/accounts/login/", "/api/v1/openapi.json", "/api/v1/summary"])
def test_every_response_carries_a_csp_without_inline_scripts(path: str) -> None:
    response = Client().get(path)
    csp = _directives(response["Content-Security-Policy"])
    script = csp.get("script-src", csp.get("default-src"))
    assert script == ["'self'"]
    assert "'unsafe-inline'" not in csp.get("style-src", []) and "'unsafe-eval'" not in script
    assert csp["object-src"] == ["'none'"] and csp["frame-ancestors"] == ["'none'"]
    assert not any("http" in s for sources in csp.values() for s in sources), "no third-party origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_the_sign_in_pages_have_no_inline_script_or_style() -> None:
    html = Client().get("/accounts/login/").content.decode()
    assert "<script" not in html and "style=" not in html and "<style" not in html
    assert "/static/accounts/accounts.css" in html
    assert "http://" not in html and "https://" not in html, "no asset from another origin"


def _deploy_check(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if not k.startswith("REFWATCH_") and k != "DATABASE_URL"}
    full |= {"REFWATCH_HOME": str(tmp_path), "DJANGO_SETTINGS_MODULE": "refwatch.site.settings", **env}
    return subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True, text=True, env=full, timeout=120,
    )


def test_production_mode_passes_the_deploy_check(tmp_path: Path) -> None:
    secret = secrets.token_urlsafe(50)
    production = _deploy_check(tmp_path, REFWATCH_PRODUCTION="1", REFWATCH_SECRET_KEY=secret)
    assert production.returncode == 0, production.stderr
    assert "no issues" in production.stdout
    laptop = _deploy_check(tmp_path, REFWATCH_SECRET_KEY=secret)
    assert laptop.returncode != 0 and "SECURE_HSTS_SECONDS" in laptop.stderr, "the check must be able to fail"


def test_production_mode_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    result = _deploy_check(tmp_path, REFWATCH_PRODUCTION="1")
    assert result.returncode != 0 and "REFWATCH_SECRET_KEY" in result.stderr


def test_sessions_expire(settings: Any) -> None:
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE and settings.SESSION_COOKIE_HTTPONLY
    assert settings.SESSION_COOKIE_SAMESITE == "Strict"


@pytest.mark.django_db
def test_an_expired_session_no_longer_signs_in(personas: dict[str, Any], enrolled: dict[str, str]) -> None:
    client = Client()
    sign_in(client, "analyst", enrolled["analyst"])
    assert client.get("/api/v1/summary").status_code == 200
    Session.objects.update(expire_date=timezone.now() - timezone.timedelta(seconds=1))
    assert client.get("/api/v1/summary").status_code == 401


@pytest.mark.django_db
def test_an_idle_session_is_signed_out(personas: dict[str, Any], enrolled: dict[str, str]) -> None:
    client = Client()
    sign_in(client, "analyst", enrolled["analyst"])
    assert client.get("/api/v1/summary").status_code == 200
    session = client.session
    session["refwatch.last_seen"] = int(time.time()) - 3601
    session.save()
    assert client.get("/api/v1/summary").status_code == 401


@require_recent_auth
def _export_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse("exported")


def _request_for(client: Client, path: str = "/export/") -> HttpRequest:
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import get_user

    request = RequestFactory().get(path)
    engine = import_module(settings.SESSION_ENGINE)
    request.session = engine.SessionStore(client.cookies[settings.SESSION_COOKIE_NAME].value)
    request.user = get_user(request)
    return request


@pytest.mark.django_db
def test_exports_and_role_changes_need_a_recent_password(personas: dict[str, Any],
                                                         enrolled: dict[str, str]) -> None:
    client = Client()
    sign_in(client, "documenter", enrolled["documenter"])
    fresh = _request_for(client)
    assert has_recent_auth(fresh) and _export_view(fresh).content == b"exported"

    session = client.session
    session[AUTH_AT] = int(time.time()) - 301
    session.save()
    stale = _request_for(client)
    response = _export_view(stale)
    assert response.status_code == 302 and response["Location"] == "/accounts/reauth/?next=%2Fexport%2F"

    page = client.get("/accounts/reauth/?next=/export/")
    assert page.status_code == 200 and 'name="code"' in page.content.decode()
    wrong = client.post("/accounts/reauth/", {"password": "not it at all", "code": "000000", "next": "/export/"})
    assert wrong.status_code == 401
    assert AuditEvent.objects.filter(action="auth.reauth_failed").exists()
    no_code = client.post("/accounts/reauth/", {"password": PASSWORD, "code": "", "next": "/export/"})
    assert no_code.status_code == 401, "with 2FA the code is needed too"
    ok = client.post("/accounts/reauth/", {"password": PASSWORD, "code": code_at(enrolled["documenter"], 1),
                                            "next": "/export/"})
    assert ok.status_code == 302 and ok["Location"] == "/export/"
    assert _export_view(_request_for(client)).content == b"exported"


@pytest.mark.django_db
def test_reauthentication_does_not_redirect_off_site(personas: dict[str, Any], enrolled: dict[str, str]) -> None:
    client = Client()
    sign_in(client, "admin", enrolled["admin"])
    response = client.post("/accounts/reauth/", {
        "password": PASSWORD, "code": code_at(enrolled["admin"], 1), "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/"


def test_anonymous_users_are_sent_to_sign_in() -> None:
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/export/")
    request.user = AnonymousUser()
    response = _export_view(request)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")


def test_a_view_can_widen_one_directive_and_keeps_the_rest() -> None:
    from refwatch.site.csp import ContentSecurityPolicyMiddleware, csp_update

    @csp_update(style_src=["'self'", "'unsafe-inline'"])
    def report(request: HttpRequest) -> HttpResponse:
        return HttpResponse("<svg></svg>")

    middleware = ContentSecurityPolicyMiddleware(report)
    widened = _directives(middleware(RequestFactory().get("/report/"))["Content-Security-Policy"])
    assert widened["style-src"] == ["'self'", "'unsafe-inline'"]
    assert widened["script-src"] == ["'self'"] and widened["object-src"] == ["'none'"]
    plain = ContentSecurityPolicyMiddleware(lambda r: HttpResponse("x"))
    assert _directives(plain(RequestFactory().get("/"))["Content-Security-Policy"])["style-src"] == ["'self'"]
