"""Reads of case data, with access checked in one place.

- admins and documenters see identities (every identity read is audited);
- analysts see stable pseudonyms and coarse values (sex, birth year range,
  home place), never names, exact birth dates or testimony;
- observers see aggregates only: record-level functions raise ``Http404``
  for them, so existence never leaks.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.http import Http404

from refwatch.accounts.models import User
from refwatch.audit.chain import record_event
from refwatch.crypto import keyring
from refwatch.records.models import Claim, Incident, List, ListRecord, Person


@dataclass(frozen=True)
class PersonView:
    uid: str
    pseudonym: str
    sex: str
    home_place: str | None
    lists: tuple[str, ...]
    names: tuple[str, ...] | None = None  # only for those who see identities
    birth_date: str | None = None
    testimony: str | None = None


@dataclass(frozen=True)
class RecordView:
    uid: str
    list_name: str
    record_id: str
    sex: str
    person_pseudonym: str | None
    birth_year_low: int | None
    birth_year_high: int | None
    event_date: str | None
    data: dict[str, Any] | None = None  # the full sealed row, for identity viewers only


def _require_records(user: User) -> None:
    if not user.is_authenticated or not user.sees_records:
        raise Http404("no such record")


def _person_view(user: User, person: Person, *, audit: bool) -> PersonView:
    ring = keyring()
    lists = tuple(sorted({r.list.name for r in person.records.all()}))
    base: dict[str, Any] = {
        "uid": person.uid,
        "pseudonym": ring.pseudonym(person.uid),
        "sex": person.sex,
        "home_place": person.home_place_id,
        "lists": lists,
    }
    if not user.sees_identities:
        return PersonView(**base)
    if audit:
        record_event(user, "identity.read", person)
    return PersonView(
        **base,
        names=tuple(n.unseal("name") or "" for n in person.names.all()),
        birth_date=person.unseal("birth_date"),
        testimony=person.unseal("testimony"),
    )


def get_person_for_user(user: User, uid: str) -> PersonView:
    """One person as this user may see them; 404 when they may not see it."""
    _require_records(user)
    person = (
        Person.objects.prefetch_related("names", "records__list").filter(uid=uid).first()
    )
    if person is None:
        raise Http404("no such person")
    return _person_view(user, person, audit=True)


def persons_for_user(user: User, *, limit: int = 500, offset: int = 0) -> list[PersonView]:
    _require_records(user)
    people = Person.objects.prefetch_related("names", "records__list").order_by("id")[offset : offset + limit]
    views = [_person_view(user, p, audit=False) for p in people]
    if user.sees_identities and views:
        record_event(user, "identity.read_many", None, {"persons": len(views), "offset": offset})
    return views


def find_persons_by_name(user: User, name: str) -> list[PersonView]:
    """Exact lookup through the blind index (no decryption to search)."""
    _require_records(user)
    index = keyring().blind_index(name)
    people = Person.objects.filter(names__name_index=index).distinct().prefetch_related("names", "records__list")
    return [_person_view(user, p, audit=True) for p in people]


def _record_view(user: User, record: ListRecord) -> RecordView:
    data = record.unseal_json("data")
    birth = data.get("birth_date") or {}
    low = birth.get("year") or birth.get("year_low")
    high = birth.get("year") or birth.get("year_high")
    return RecordView(
        uid=record.uid,
        list_name=record.list.name,
        record_id=record.record_id,
        sex=record.sex,
        person_pseudonym=keyring().pseudonym(record.person.uid) if record.person else None,
        birth_year_low=low,
        birth_year_high=high,
        event_date=data.get("event_date"),
        data=data if user.sees_identities else None,
    )


def list_records_for_user(user: User, list_name: str) -> list[RecordView]:
    """A list's records; identities only for those who may see them (audited)."""
    _require_records(user)
    the_list = List.objects.filter(name=list_name).first()
    if the_list is None:
        raise Http404("no such list")
    records = ListRecord.objects.filter(list=the_list).select_related("list", "person").order_by("row")
    views = [_record_view(user, r) for r in records]
    if user.sees_identities:
        record_event(user, "identity.read_many", the_list, {"records": len(views)})
    return views


def store_summary(user: User) -> dict[str, Any]:
    """Aggregates every role may see: counts, never record-level values."""
    if not user.is_authenticated or not user.is_active:
        raise Http404("not available")
    by_list = dict(List.objects.values_list("name", "record_count"))
    sexes = Counter(dict(Person.objects.values_list("sex").annotate(n=Count("id")).values_list("sex", "n")))
    return {
        "lists": by_list,
        "persons": Person.objects.count(),
        "persons_by_sex": {k or "unknown": v for k, v in sexes.items()},
        "claims": Claim.objects.count(),
        "incidents": Incident.objects.count(),
    }
