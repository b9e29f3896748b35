"""Access rules: documenters see identities; analysts pseudonyms; observers aggregates."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.http import Http404

from refwatch.analysis.lists import read_list, source_for_file
from refwatch.audit.models import AuditEvent
from refwatch.records import queries
from refwatch.records.actions import create_person, import_list

pytestmark = pytest.mark.django_db

NAMES = ("림서윤", "Pak Chol-ung", "GANG HYEJIN (강혜진)", "도예람", "Ryu Sonhwa")
BIRTHS = ("1987", "1979", "1991", "1985", "1990")


@pytest.fixture
def store(personas: dict[str, Any], synthetic_list: Path) -> dict[str, Any]:
    result = read_list(source_for_file(synthetic_list))
    import_list(result, original=synthetic_list.read_bytes(), acting_user=personas["documenter"])
    person = create_person(names=["림서윤", "Rim So Yun"], sex="F", birth_date="1987-04-12",
                           testimony="합성 증언 문장", acting_user=personas["documenter"])
    from refwatch.records.models import ListRecord

    ListRecord.objects.filter(record_id="A-001").update(person=person)
    return {"person": person, **personas}


def _all_reads(user: Any, person_uid: str) -> list[Any]:
    """Every record-level read function, called as this user (404s collected as None)."""
    results: list[Any] = []
    for call in (
        lambda: queries.persons_for_user(user),
        lambda: queries.get_person_for_user(user, person_uid),
        lambda: queries.find_persons_by_name(user, "림서윤"),
        lambda: queries.list_records_for_user(user, "list_A"),
        lambda: queries.store_summary(user),
    ):
        try:
            results.append(call())
        except Http404:
            results.append(None)
    return results


def _text(obj: Any) -> str:
    return json.dumps(obj, default=lambda o: getattr(o, "__dict__", repr(o)), ensure_ascii=False)


@pytest.mark.parametrize("role", ["analyst", "observer", "outsider"])
def test_no_identity_reaches_analysts_observers_or_outsiders(store: dict[str, Any], role: str) -> None:
    text = _text(_all_reads(store[role], store["person"].uid))
    for needle in (*NAMES, "Rim So Yun", "1987-04-12", "합성 증언", "87.4.12", "무산"):
        assert needle not in text, f"{role} received {needle!r}"


def test_analysts_see_pseudonyms_and_coarse_values(store: dict[str, Any]) -> None:
    view = queries.get_person_for_user(store["analyst"], store["person"].uid)
    assert view.names is None and view.birth_date is None and view.testimony is None
    assert view.pseudonym.startswith("P-") and len(view.pseudonym) == 8
    records = queries.list_records_for_user(store["analyst"], "list_A")
    assert {r.birth_year_low for r in records} == {1987, 1979, 1991, 1985, 1990}
    assert all(r.data is None for r in records)
    assert records[0].person_pseudonym == view.pseudonym


def test_pseudonyms_are_stable(store: dict[str, Any]) -> None:
    first = queries.get_person_for_user(store["analyst"], store["person"].uid).pseudonym
    assert queries.get_person_for_user(store["admin"], store["person"].uid).pseudonym == first


def test_observers_get_aggregates_only(store: dict[str, Any]) -> None:
    reads = _all_reads(store["observer"], store["person"].uid)
    assert reads[:4] == [None, None, None, None]
    summary = reads[4]
    assert summary["lists"] == {"list_A": 5} and summary["persons"] == 1


def test_documenters_see_identities_and_each_read_is_audited(store: dict[str, Any]) -> None:
    before = AuditEvent.objects.filter(action__startswith="identity.").count()
    view = queries.get_person_for_user(store["documenter"], store["person"].uid)
    assert view.names == ("림서윤", "Rim So Yun") and view.birth_date == "1987-04-12"
    records = queries.list_records_for_user(store["documenter"], "list_A")
    assert records[0].data is not None and records[0].data["name"] == "림서윤"
    assert AuditEvent.objects.filter(action__startswith="identity.").count() == before + 2


def test_the_blind_index_finds_a_person_by_exact_name(store: dict[str, Any]) -> None:
    found = queries.find_persons_by_name(store["documenter"], "rim so yun")
    assert [p.uid for p in found] == [store["person"].uid]
    assert queries.find_persons_by_name(store["documenter"], "Rim So") == []


def test_a_missing_person_and_a_forbidden_one_look_the_same(store: dict[str, Any]) -> None:
    with pytest.raises(Http404) as missing:
        queries.get_person_for_user(store["observer"], "0" * 32)
    with pytest.raises(Http404) as forbidden:
        queries.get_person_for_user(store["observer"], store["person"].uid)
    assert str(missing.value) != "" and type(missing.value) is type(forbidden.value)


def test_exports_are_pseudonymised_unless_a_documenter_asks(store: dict[str, Any], tmp_path: Path) -> None:
    from refwatch.jobs.exports import export_records

    out = tmp_path / "e.csv"
    export_records(out, fmt="csv", identities_for=None)
    text = out.read_text(encoding="utf-8")
    assert not any(n in text for n in NAMES) and "P-" in text
    with pytest.raises(PermissionError):
        export_records(out, fmt="csv", identities_for=store["analyst"])
    export_records(out, fmt="json", identities_for=store["documenter"])
    assert "림서윤" in out.read_text(encoding="utf-8")
    assert AuditEvent.objects.filter(action="identity.exported").count() == 1


def test_pseudonym_pages_are_the_full_views_without_identities(store: dict[str, Any]) -> None:
    """The short query behind analysts' person pages gives, page by page, the same persons in
    the same order, with the same pseudonyms and lists, as the full views (names stripped)."""
    for n in range(7):
        create_person(names=[f"합성{n}"], sex="M", acting_user=store["documenter"])
    analyst = store["analyst"]
    full = queries.persons_for_user(analyst)
    assert len(full) >= 8
    paged = [view for offset in range(0, len(full), 3)
             for view in queries.persons_page_for_user(analyst, limit=3, offset=offset)]
    assert paged == full
    assert queries.persons_page_for_user(analyst, limit=3, offset=len(full)) == []
    assert all(view.names is None for view in paged)
