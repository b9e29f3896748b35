"""Uploads become jobs: a list import runs in the worker, with progress and a safe error."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client

from refwatch.jobs import queue

from .conftest import bearer

pytestmark = pytest.mark.django_db


def _upload(api: Client, token: str, content: str, name: str = "list_D") -> Any:
    f = io.BytesIO(content.encode())
    f.name = f"{name}.csv"
    return api.post("/api/v1/lists/imports", {"file": f, "name": name}, **bearer(token))


def test_an_uploaded_list_is_imported_by_the_worker(api: Client, tokens: dict[str, str]) -> None:
    queued = _upload(api, tokens["documenter"], "번호,성명,성별,생년월일\nD-1,함누리,여,1990\nD-2,Pyon Sol,M,1982\n")
    assert queued.status_code == 202
    job = queued.json()
    assert job["status"] == "queued" and job["kind"] == "import_list"
    assert "함누리" not in str(job["params"]) and set(job["params"]) == {"source", "name", "skip_invalid",
                                                                         "organisation", "mapping", "as_of"}
    assert queue.work(once=True, worker="test") == 1
    done = api.get(f"/api/v1/jobs/{job['uid']}", **bearer(tokens["documenter"])).json()
    assert done["status"] == "done" and done["progress"] == 1.0, done
    assert done["result"]["added"] == 2 and done["result"]["list"] == "list_D"
    records = api.get("/api/v1/lists/list_D/records", **bearer(tokens["analyst"])).json()
    assert [r["record_id"] for r in records] == ["D-1", "D-2"] and records[0]["data"] is None
    assert records[0]["birth_year_low"] == 1990


def test_a_rejected_import_names_rows_not_values(api: Client, tokens: dict[str, str]) -> None:
    queued = _upload(api, tokens["documenter"], "번호,성명,성별,생년월일\nE-1,함누리,여,1990-13-45\n", "list_E")
    queue.work(once=True, worker="test")
    failed = api.get(f"/api/v1/jobs/{queued.json()['uid']}", **bearer(tokens["documenter"])).json()
    assert failed["status"] == "failed" and "row" in failed["error"] and "nothing was imported" in failed["error"]
    assert "함누리" not in failed["error"] and "1990-13-45" not in failed["error"]


def test_a_queued_job_can_be_cancelled_by_its_owner(api: Client, tokens: dict[str, str]) -> None:
    job = _upload(api, tokens["documenter"], "번호,성명\nF-1,Pyon Sol\n", "list_F").json()
    assert api.post(f"/api/v1/jobs/{job['uid']}/cancel", **bearer(tokens["analyst"])).status_code == 404
    cancelled = api.post(f"/api/v1/jobs/{job['uid']}/cancel", **bearer(tokens["documenter"]))
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert queue.work(once=True, worker="test") == 0


def test_uploads_of_other_file_types_are_refused(api: Client, tokens: dict[str, str]) -> None:
    f = io.BytesIO(b"not a list")
    f.name = "list.pdf"
    response = api.post("/api/v1/lists/imports", {"file": f, "name": "x"}, **bearer(tokens["documenter"]))
    assert response.status_code == 400


def test_an_upload_maps_an_unrecognised_column_and_counts_ages_from_as_of(
    api: Client, tokens: dict[str, str]
) -> None:
    f = io.BytesIO("관리코드,성명,나이,비고\nG-1,함누리,34,x\n".encode())
    f.name = "list_G.csv"
    queued = api.post("/api/v1/lists/imports", {
        "file": f, "name": "list_G", "mapping": '{"관리코드": "record_id", "비고": "ignore"}',
        "as_of": "2023-10"}, **bearer(tokens["documenter"]))
    assert queued.status_code == 202 and queued.json()["params"]["as_of"] == "2023-10"
    assert queue.work(once=True, worker="test") == 1
    records = api.get("/api/v1/lists/list_G/records", **bearer(tokens["analyst"])).json()
    assert [r["record_id"] for r in records] == ["G-1"] and records[0]["birth_year_low"] in (1988, 1989)


@pytest.mark.parametrize(("fields", "detail"), [
    ({"mapping": "[1, 2"}, "JSON object"),
    ({"mapping": '{"관리코드": "surname2"}'}, "is not a field"),
    ({"as_of": "next year"}, "as_of must be a date"),
])
def test_a_malformed_mapping_or_as_of_is_refused_before_anything_is_stored(
    api: Client, tokens: dict[str, str], fields: dict[str, str], detail: str
) -> None:
    from refwatch.records.models import Source

    f = io.BytesIO("번호,성명\nH-1,Pyon Sol\n".encode())
    f.name = "list_H.csv"
    before = Source.objects.count()
    response = api.post("/api/v1/lists/imports", {"file": f, "name": "list_H", **fields},
                        **bearer(tokens["documenter"]))
    assert response.status_code == 400 and detail in response.json()["detail"]
    assert Source.objects.count() == before
