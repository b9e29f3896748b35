"""Role probe: every API endpoint, as every persona and anonymously, gives the expected answer,
and no name, birth date or testimony reaches analysts, observers or outsiders."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from .conftest import IDENTITY_NEEDLES, bearer

pytestmark = pytest.mark.django_db

ROLES = ("admin", "documenter", "analyst", "observer", "outsider", "anonymous")
ALL = {"admin": 200, "documenter": 200, "analyst": 200, "observer": 200, "outsider": 401, "anonymous": 401}
RECORDS = ALL | {"observer": 404}  # record-level: observers get 404, so existence never leaks


def _csv() -> bytes:
    return "번호,성명,성별\nC-1,함누리,여\n".encode()


Call = Callable[[Client, dict[str, str], dict[str, Any]], Any]


def _probes() -> list[tuple[str, str, Call, dict[str, int]]]:
    """(method, OpenAPI path, call, expected status per role)."""

    def get(path: str) -> Call:
        return lambda c, h, s: c.get(path.format(**{k: getattr(v, "uid", v) for k, v in s.items()}), **h)

    def post_json(path: str, body: dict[str, Any]) -> Call:
        return lambda c, h, s: c.post(path.format(**{k: getattr(v, "uid", v) for k, v in s.items()}),
                                      body, content_type="application/json", **h)

    def put_json(path: str, body: dict[str, Any]) -> Call:
        return lambda c, h, s: c.put(path.format(**{k: getattr(v, "uid", v) for k, v in s.items()}),
                                     body, content_type="application/json", **h)

    counter = iter(range(1000))

    def upload_source(c: Client, h: dict[str, str], s: dict[str, Any]) -> Any:
        data = f"synthetic statement number {next(counter)}".encode()
        return c.post("/api/v1/sources", {"file": io.BytesIO(data), "kind": "statement",
                                          "title": "A synthetic statement"}, **h)

    def upload_list(c: Client, h: dict[str, str], s: dict[str, Any]) -> Any:
        f = io.BytesIO(_csv())
        f.name = "list_C.csv"
        return c.post("/api/v1/lists/imports", {"file": f, "name": "list_C"}, **h)

    writers = {"admin": 202, "documenter": 202, "analyst": 403, "observer": 403, "outsider": 401,
               "anonymous": 401}
    return [
        ("get", "/api/v1/summary", get("/api/v1/summary"), ALL),
        ("get", "/api/v1/sources", get("/api/v1/sources"), ALL),
        ("get", "/api/v1/sources/{uid}", get("/api/v1/sources/{news}"), ALL),
        ("get", "/api/v1/sources/{uid}", get("/api/v1/sources/{testimony}"), RECORDS),
        ("post", "/api/v1/sources", upload_source, writers | {"admin": 201, "documenter": 201}),
        ("get", "/api/v1/claims", get("/api/v1/claims"), ALL),
        ("get", "/api/v1/claims/{uid}", get("/api/v1/claims/{public_claim}"), ALL),
        ("get", "/api/v1/claims/{uid}", get("/api/v1/claims/{private_claim}"), RECORDS),
        ("post", "/api/v1/claims/extractions", post_json("/api/v1/claims/extractions", {}), writers),
        ("get", "/api/v1/incidents", get("/api/v1/incidents"), ALL),
        ("get", "/api/v1/incidents/{uid}", get("/api/v1/incidents/{incident}"), ALL),
        ("get", "/api/v1/lists", get("/api/v1/lists"), ALL),
        ("get", "/api/v1/lists/{name}/records", get("/api/v1/lists/list_A/records"), RECORDS),
        ("post", "/api/v1/lists/imports", upload_list, writers),
        ("get", "/api/v1/persons", get("/api/v1/persons"), RECORDS),
        ("get", "/api/v1/persons/{uid}", get("/api/v1/persons/{person}"), RECORDS),
        ("get", "/api/v1/linkage/runs", get("/api/v1/linkage/runs"), RECORDS),
        ("get", "/api/v1/linkage/runs/{uid}", get("/api/v1/linkage/runs/{run}"), RECORDS),
        ("post", "/api/v1/linkage/runs", post_json("/api/v1/linkage/runs", {"seed": 3}),
         writers | {"analyst": 202}),
        ("get", "/api/v1/linkage/reviews", get("/api/v1/linkage/reviews"), RECORDS),
        ("post", "/api/v1/linkage/reviews/{uid}/decision",
         post_json("/api/v1/linkage/reviews/{pair}/decision", {"same": False}), RECORDS),
        ("get", "/api/v1/estimates", get("/api/v1/estimates"), ALL),
        ("get", "/api/v1/estimates/{uid}", get("/api/v1/estimates/{estimate}"), ALL),
        ("get", "/api/v1/estimates/{uid}", get("/api/v1/estimates/{draft_estimate}"), RECORDS),
        # Documenters may not publish; the admin withdraws it first, so the observer no longer sees it.
        ("put", "/api/v1/estimates/{uid}/publication",
         put_json("/api/v1/estimates/{estimate_to_withdraw}/publication", {"published": False}),
         RECORDS | {"documenter": 403}),
        ("post", "/api/v1/estimates", post_json("/api/v1/estimates", {"seed": 2}),
         writers | {"analyst": 202}),
        ("get", "/api/v1/jobs", get("/api/v1/jobs"), ALL),
        ("get", "/api/v1/jobs/{uid}", get("/api/v1/jobs/{job}"),
         ALL | {"analyst": 404, "observer": 404}),
        ("post", "/api/v1/jobs/{uid}/cancel", post_json("/api/v1/jobs/{job}/cancel", {}),
         ALL | {"analyst": 404, "observer": 404, "admin": 400}),  # documenter cancels first; admin finds it cancelled
    ]


def _readable(response: Any) -> str:
    """The body with JSON's \\uXXXX escapes undone, so Hangul names can be searched for."""
    if response.get("Content-Type", "").startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode()


def _run_probe(store: dict[str, Any], tokens: dict[str, str]) -> dict[str, list[str]]:
    bodies: dict[str, list[str]] = {role: [] for role in ROLES}
    failures = []
    for method, path, call, expected in _probes():
        for role in ("documenter", "admin", "analyst", "observer", "outsider", "anonymous"):
            response = call(Client(), bearer(tokens.get(role)), store)
            if response.status_code != expected[role]:
                failures.append(f"{method.upper()} {path} as {role}: {response.status_code}, "
                                f"expected {expected[role]} ({response.content[:120]!r})")
            bodies[role].append(_readable(response))
    assert not failures, "\n".join(failures)
    return bodies


def test_every_endpoint_answers_each_role_as_expected_and_names_reach_only_documenters(
    store: dict[str, Any], tokens: dict[str, str]
) -> None:
    bodies = _run_probe(store, tokens)
    for role in ("analyst", "observer", "outsider", "anonymous"):
        text = "\n".join(bodies[role])
        leaked = [n for n in IDENTITY_NEEDLES if n in text]
        assert not leaked, f"{role} received {leaked}"
    documenter = "\n".join(bodies["documenter"])
    assert "여다솔" in documenter and "1988-02-03" in documenter, "the probe must be able to see names"
    analyst = "\n".join(bodies["analyst"])
    assert re.search(r'"pseudonym": "P-[0-9A-Z]{6}"', analyst), "analysts get pseudonyms"


def test_the_probe_covers_every_endpoint_of_the_schema(api: Client) -> None:
    schema = api.get("/api/v1/openapi.json").json()
    in_schema = {(m, p) for p, ops in schema["paths"].items() for m in ops}
    probed = {(m, p) for m, p, _, _ in _probes()}
    assert in_schema == probed, f"not probed: {in_schema - probed}; not in schema: {probed - in_schema}"


def test_json_carries_hangul_as_text_so_a_plain_search_finds_names(store: dict[str, Any],
                                                                   tokens: dict[str, str]) -> None:
    raw = Client().get(f"/api/v1/persons/{store['person'].uid}", **bearer(tokens["documenter"]))
    assert "여다솔".encode() in raw.content and b"\\u" not in raw.content
    assert raw["Content-Type"] == "application/json; charset=utf-8"
