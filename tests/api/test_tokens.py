"""Token authentication: Bearer tokens shown once, stored as keyed hashes, revocable."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from refwatch.api.models import ApiToken

from .conftest import bearer

pytestmark = pytest.mark.django_db


def test_a_token_authenticates_its_user(api: Client, tokens: dict[str, str]) -> None:
    assert api.get("/api/v1/summary", **bearer(tokens["analyst"])).status_code == 200
    assert api.get("/api/v1/summary").status_code == 401
    assert api.get("/api/v1/summary", **bearer("rw_" + "x" * 43)).status_code == 401
    assert api.get("/api/v1/summary", **bearer(tokens["analyst"][:-1])).status_code == 401


def test_only_a_keyed_hash_of_the_token_is_stored(tokens: dict[str, str]) -> None:
    stored = " ".join(f"{t.token_mac} {t.hint}" for t in ApiToken.objects.all())
    for token in tokens.values():
        assert token not in stored and token[3:20] not in stored


def test_a_revoked_token_or_disabled_user_is_refused(api: Client, personas: dict[str, Any],
                                                     tokens: dict[str, str]) -> None:
    from refwatch.accounts.actions import disable_user
    from refwatch.api.tokens import revoke_token

    assert api.get("/api/v1/summary", **bearer(tokens["outsider"])).status_code == 401
    revoke_token(ApiToken.objects.get(user=personas["observer"]), acting_user=None)
    assert api.get("/api/v1/summary", **bearer(tokens["observer"])).status_code == 401
    disable_user(personas["analyst"], acting_user=personas["admin"])
    assert api.get("/api/v1/summary", **bearer(tokens["analyst"])).status_code == 401


def test_the_openapi_schema_is_served_and_lists_every_area(api: Client) -> None:
    schema = api.get("/api/v1/openapi.json").json()
    paths = set(schema["paths"])
    for expected in ("/api/v1/sources", "/api/v1/claims", "/api/v1/incidents", "/api/v1/lists",
                     "/api/v1/lists/imports", "/api/v1/persons", "/api/v1/linkage/runs",
                     "/api/v1/linkage/reviews", "/api/v1/estimates", "/api/v1/jobs"):
        assert expected in paths
    assert "BearerAuth" in str(schema["components"]["securitySchemes"]) or "TokenAuth" in str(schema)
    assert api.get("/api/v1/docs").status_code == 404, "no docs page that would load CDN scripts"


def test_token_create_prints_a_token_once(personas: dict[str, Any]) -> None:
    from click.testing import CliRunner

    from refwatch.cli import main

    runner = CliRunner()
    created = runner.invoke(main, ["token", "create", "admin", "--label", "laptop"])
    assert created.exit_code == 0, created.output
    token = created.stdout.strip()
    assert token.startswith("rw_") and len(token) > 40
    assert Client().get("/api/v1/summary", **bearer(token)).status_code == 200
    listed = runner.invoke(main, ["token", "list"]).stdout
    assert "admin" in listed and "laptop" in listed and token not in listed and "active" in listed
    token_id = listed.split("\t", 1)[0]
    assert runner.invoke(main, ["token", "revoke", token_id]).exit_code == 0
    assert "revoked" in runner.invoke(main, ["token", "list"]).stdout
    assert Client().get("/api/v1/summary", **bearer(token)).status_code == 401
    assert runner.invoke(main, ["token", "create", "nobody"]).exit_code != 0
    assert runner.invoke(main, ["token", "create", "outsider"]).exit_code != 0, "disabled users get no token"
