"""The list import wizard's step 2: map any column to a field (or ignore it), set as_of, check, import."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db

# Invented people: none of these is a real person.
CSV = "관리코드,성명,성별,나이,비고\nM-1,채윤슬,여,34,메모1\nM-2,변하람,남,51,메모2\n".encode()
COLUMNS = ("관리코드", "성명", "성별", "나이", "비고")


def _documenter(personas: dict[str, Any], language: str = "en") -> Client:
    client = Client(SERVER_NAME="localhost")
    client.force_login(personas["documenter"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _upload(client: Client) -> str:
    upload = io.BytesIO(CSV)
    upload.name = "list_M.csv"
    answer = client.post("/lists/", {"file": upload, "name": "M", "organisation": ""})
    assert answer.status_code == 302, answer.content[:300]
    return str(answer["Location"])


def _choices(**chosen: str) -> dict[str, str]:
    """Form data: column_N per column (recognised defaults), overridden by header=field."""
    recognised = {"성명": "name", "성별": "sex", "나이": "age"}
    fields = {h: chosen.get(h, recognised.get(h, "")) for h in COLUMNS}
    return {f"column_{i}": fields[h] for i, h in enumerate(COLUMNS)}


def test_the_preview_shows_every_column_with_its_recognised_field_and_what_is_missing(
    personas: dict[str, Any]
) -> None:
    client = _documenter(personas)
    page = client.get(_upload(client)).content.decode()
    assert 'name="column_0"' in page and 'name="column_4"' in page and 'name="as_of"' in page
    assert '<option value="name" selected>' in page
    assert "Choose the column that holds the record number" in page
    assert 'value="import"' not in page  # nothing can be imported before record_id is chosen


def test_a_documenter_maps_a_column_sets_as_of_and_the_job_gets_both(personas: dict[str, Any]) -> None:
    from refwatch.jobs.models import Job

    client = _documenter(personas)
    url = _upload(client)
    data = {"name": "M", "organisation": "", "as_of": "2023-10",
            **_choices(관리코드="record_id", 비고="ignore")}
    checked = client.post(url, {**data, "action": "check"})
    assert checked.status_code == 200
    assert "2 rows read: 2 valid, 0 with errors." in checked.content.decode()
    started = client.post(url, {**data, "action": "import"})
    assert started.status_code == 302 and "?job=" in started["Location"]
    job = Job.objects.get(uid=started["Location"].split("job=")[1])
    assert job.params["mapping"]["관리코드"] == "record_id" and job.params["mapping"]["비고"] == "ignore"
    assert job.params["as_of"] == "2023-10"


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "“2023-13” is not a date"),
    ("ko", "“2023-13”은(는) 날짜가 아닙니다"),
])
def test_it_explains_a_wrong_as_of_in_the_page_language(
    personas: dict[str, Any], language: str, expected: str
) -> None:
    from refwatch.jobs.models import Job

    client = _documenter(personas, language)
    answer = client.post(_upload(client), {"name": "M", "as_of": "2023-13", "action": "import",
                                           **_choices(관리코드="record_id")})
    assert answer.status_code == 400 and expected in answer.content.decode()
    assert not Job.objects.filter(kind="import_list").exists()


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "Choose the column that holds the name"),
    ("ko", "이름이 든 열"),
])
def test_it_refuses_a_mapping_without_a_name_in_the_page_language(
    personas: dict[str, Any], language: str, expected: str
) -> None:
    client = _documenter(personas, language)
    answer = client.post(_upload(client), {"name": "M", "action": "import",
                                           **_choices(관리코드="record_id", 성명="ignore")})
    assert answer.status_code == 400 and expected in answer.content.decode()


def test_a_forged_field_is_refused(personas: dict[str, Any]) -> None:
    client = _documenter(personas)
    answer = client.post(_upload(client), {"name": "M", "action": "import",
                                           **_choices(관리코드="password")})
    assert answer.status_code == 400
