"""Writes to the record store. Each is atomic and audited in the same transaction."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import mimetypes
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from refwatch.accounts.models import User
from refwatch.analysis.lists import ListReadResult, ListRecordData, RowError
from refwatch.audit.chain import record_event
from refwatch.crypto import keyring
from refwatch.records.models import (
    Actor,
    CustodyEntry,
    Instrument,
    List,
    ListRecord,
    Person,
    PersonName,
    Place,
    Provision,
    ProvisionEngagement,
    Source,
    StateParty,
)
from refwatch.reference.legal import load_engagements, load_instruments
from refwatch.reference.places import load_places

Progress = Callable[[int, int], None]

ACTORS = (
    ("prc-mps", "PRC Ministry of Public Security", "중국 공안부", "ministry", "CN"),
    ("prc-border-police", "PRC border police (border defence / immigration)", "중국 변방 경찰", "police", "CN"),
    ("prc-state", "PRC (state)", "중국 정부", "state", "CN"),
    ("dprk-mss", "DPRK Ministry of State Security", "북한 국가보위성", "ministry", "KP"),
    ("dprk-msa", "DPRK Ministry of Social Security", "북한 사회안전성", "ministry", "KP"),
)


def _actor_name(user: User | None) -> str:
    return user.get_username() if user is not None else "system"


# -- reference data -----------------------------------------------------------


@transaction.atomic
def load_reference_data(*, acting_user: User | None = None) -> dict[str, int]:
    """Load (or refresh) places, instruments, provisions, state parties, actors."""
    places = load_places()
    for p in places.values():
        Place.objects.update_or_create(
            id=p.id,
            defaults={
                "kind": p.kind, "country": p.country, "name_en": p.name_en, "name_ko": p.name_ko,
                "name_zh": p.name_zh, "aliases": list(p.aliases), "lat": p.lat, "lon": p.lon,
                "source": p.source,
            },
        )
    for p in places.values():
        Place.objects.filter(id=p.id).update(parent_id=p.parent_id)
    instruments = load_instruments()
    for info in instruments.values():
        inst, _ = Instrument.objects.update_or_create(
            code=info.code,
            defaults={
                "title": info.title, "adopted": info.adopted,
                "entry_into_force": info.entry_into_force, "key_provisions": info.key_provisions,
                "relevance": info.relevance, "source": info.source,
                "verification": info.verification,
            },
        )
        for article in info.articles:
            Provision.objects.get_or_create(instrument=inst, article=article)
        if info.is_treaty:
            status = "party" if info.status == "bilateral" else info.status
            StateParty.objects.update_or_create(
                instrument=inst, state="CN",
                defaults={
                    "status": status,
                    "since": info.since if status == "party" else None,
                    "signed": info.since if status == "signatory" else None,
                    "reservations": info.status_text, "source": info.source,
                },
            )
    for e in load_engagements():
        provision = Provision.objects.get(instrument_id=e.instrument, article=e.article)
        ProvisionEngagement.objects.update_or_create(
            event_type=e.event_type, provision=provision, defaults={"note": e.note}
        )
    for code, name_en, name_ko, kind, country in ACTORS:
        Actor.objects.update_or_create(
            code=code, defaults={"name_en": name_en, "name_ko": name_ko, "kind": kind, "country": country}
        )
    counts = {
        "places": Place.objects.count(), "instruments": Instrument.objects.count(),
        "provisions": Provision.objects.count(), "actors": Actor.objects.count(),
    }
    record_event(acting_user, "reference.loaded", None, counts)
    return counts


# -- sources ----------------------------------------------------------------------


class DuplicateSource(Exception):
    def __init__(self, existing: Source) -> None:
        super().__init__(
            f"this file was already added as source {existing.uid} "
            f"({existing.kind}, sha256 {existing.sha256[:16]}…)"
        )
        self.existing = existing


@transaction.atomic
def add_source(
    content: bytes,
    *,
    kind: str,
    filename: str,
    acting_user: User | None,
    title: str = "",
    published: dt.date | None = None,
    publisher: str = "",
    lang: str = "",
    reliability: str = "F",
    url: str = "",
    media_type: str | None = None,
) -> Source:
    """Preserve an original (encrypted), hash it, log custody; refuse a duplicate."""
    digest = hashlib.sha256(content).hexdigest()
    existing = Source.objects.filter(sha256=digest).first()
    if existing is not None:
        raise DuplicateSource(existing)
    if kind not in Source.Kind.values:
        raise ValueError(f"unknown source kind {kind!r}; use one of {', '.join(Source.Kind.values)}")
    source = Source(
        kind=kind, title=title, published=published, publisher=publisher, lang=lang,
        reliability=reliability, url=url, sha256=digest, size=len(content),
        media_type=media_type or mimetypes.guess_type(filename)[0] or "application/octet-stream",
        created_by=acting_user,
    )
    source.seal("filename", filename)
    source.original_enc = keyring().encrypt_bytes(content, source._aad("original"))
    source.full_clean(exclude=["original_enc", "filename_enc"])
    source.save()
    CustodyEntry.objects.create(
        source=source, actor=acting_user, actor_name=_actor_name(acting_user),
        action="received", sha256=digest, note=f"{len(content)} bytes preserved, encrypted at rest",
    )
    record_event(acting_user, "source.added", source, {"sha256": digest, "kind": kind, "size": len(content)})
    return source


def read_original(source: Source, *, acting_user: User | None, purpose: str) -> bytes:
    """Decrypt a preserved original, check its hash, and log the access in custody."""
    content = keyring().decrypt_bytes(bytes(source.original_enc), source._aad("original"))
    digest = hashlib.sha256(content).hexdigest()
    if digest != source.sha256:
        raise ValueError(f"source {source.uid}: preserved original does not match its hash")
    with transaction.atomic():
        CustodyEntry.objects.create(
            source=source, actor=acting_user, actor_name=_actor_name(acting_user),
            action="accessed", sha256=digest, note=purpose,
        )
        record_event(acting_user, "source.original_read", source, {"purpose": purpose})
    return content


# -- lists --------------------------------------------------------------------------


class ImportRejected(Exception):
    """The list has invalid rows and the import is all-or-nothing."""

    def __init__(self, errors: Iterable[RowError]) -> None:
        self.errors = tuple(errors)
        super().__init__(f"{len(self.errors)} invalid value(s); nothing was imported")


@dataclass
class ImportReport:
    list_name: str
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    rejected: int = 0
    absent: int = 0
    source_uid: str = ""
    rejects: tuple[RowError, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict[str, Any]:
        return {
            "list": self.list_name, "added": self.added, "changed": self.changed,
            "unchanged": self.unchanged, "rejected": self.rejected, "absent": self.absent,
            "source": self.source_uid,
        }


def record_payload(record: ListRecordData) -> dict[str, Any]:
    """The sealed content of a list record (everything but ids and sex)."""
    return {
        "row": record.row,
        "name": record.name,
        "surname": record.surname,
        "given_name": record.given_name,
        "name_alt": record.name_alt,
        "birth_date": None if record.birth_date is None else record.birth_date.to_dict()
        | {"year": record.birth_date.year, "month": record.birth_date.month,
           "day": record.birth_date.day, "year_low": record.birth_date.year_low,
           "year_high": record.birth_date.year_high},
        "age": record.age,
        "home": record.home,
        "event_date": None if record.event_date is None else record.event_date.iso(),
        "event_place": record.event_place,
        "extra": record.extra,
    }


def _content_mac(payload: dict[str, Any], sex: str | None) -> str:
    body = dict(payload, row=None)
    return keyring().mac("list-record", json.dumps([body, sex], sort_keys=True, ensure_ascii=False).encode())


@transaction.atomic
def import_list(
    result: ListReadResult,
    *,
    original: bytes,
    acting_user: User | None,
    skip_invalid: bool = False,
    organisation: str = "",
    event_type: str | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Store a read list: add new records, update changed ones, never duplicate.

    All-or-nothing unless ``skip_invalid``: with row errors, nothing is written
    and :class:`ImportRejected` carries every error.
    """
    if result.errors and not skip_invalid:
        raise ImportRejected(result.errors)
    ring = keyring()
    digest = hashlib.sha256(original).hexdigest()
    source = Source.objects.filter(sha256=digest).first() or add_source(
        original, kind="list", filename=result.source.path.name, acting_user=acting_user,
        title=f"list {result.source.name}",
    )
    the_list, _ = List.objects.get_or_create(
        name=result.source.name, defaults={"organisation": organisation}
    )
    the_list.source = source
    the_list.header_map = result.mapping
    if event_type is not None:
        the_list.event_type = event_type
    report = ImportReport(
        list_name=the_list.name, rejected=len({e.row for e in result.errors}),
        source_uid=source.uid, rejects=result.errors,
    )
    existing = {r.record_id: r for r in ListRecord.objects.filter(list=the_list)}
    total = len(result.records)
    to_create: list[ListRecord] = []
    for i, record in enumerate(result.records, start=1):
        payload = record_payload(record)
        mac = _content_mac(payload, record.sex)
        index = ring.blind_index(record.display_name)
        current = existing.pop(record.record_id, None)
        if current is None:
            row = ListRecord(list=the_list, record_id=record.record_id, row=record.row,
                             sex=record.sex or "", name_index=index, content_mac=mac)
            row.seal_json("data", payload)
            to_create.append(row)
            report.added += 1
        elif current.content_mac != mac:
            current.seal_json("data", payload)
            current.sex, current.name_index, current.content_mac = record.sex or "", index, mac
            current.row = record.row
            current.save(update_fields=["data_enc", "sex", "name_index", "content_mac", "row", "updated_at"])
            report.changed += 1
        else:
            report.unchanged += 1
        if progress is not None and (i % 200 == 0 or i == total):
            progress(i, total)
    ListRecord.objects.bulk_create(to_create, batch_size=500)
    report.absent = len(existing)
    the_list.record_count = ListRecord.objects.filter(list=the_list).count()
    the_list.save()
    record_event(acting_user, "list.imported", the_list, report.as_dict())
    return report


# -- persons ------------------------------------------------------------------------


@transaction.atomic
def create_person(
    *,
    names: Iterable[str],
    acting_user: User | None,
    sex: str = "",
    birth_date: str | None = None,
    home_place: Place | None = None,
    testimony: str | None = None,
) -> Person:
    """Create a person with their name renderings (each sealed and blind-indexed)."""
    person = Person(sex=sex, home_place=home_place)
    person.seal("birth_date", birth_date)
    person.seal("testimony", testimony)
    person.save()
    ring = keyring()
    names = list(names)
    for i, name in enumerate(names):
        pn = PersonName(person=person, kind="primary" if i == 0 else "variant",
                        script="hangul" if any("\uac00" <= c <= "\ud7a3" for c in name) else "latin",
                        name_index=ring.blind_index(name))
        pn.seal("name", name)
        pn.save()
    record_event(acting_user, "person.created", person, {"names": len(names)})
    return person


# -- claims -------------------------------------------------------------------------

CLAIM_EDITABLE = (
    "event_type", "count_low", "count_high", "count_text", "qualifier", "date_start", "date_end",
    "date_text", "place_id", "place_text", "perpetrator_text", "attributed_to", "attributed_to_text",
    "hedging", "hedge_cue", "credibility", "corroborated_by", "denied_by",
)


@transaction.atomic
def review_claim(
    claim: Any, *, decision: str, acting_user: User, edits: dict[str, Any] | None = None
) -> None:
    """Confirm (optionally with edits) or reject a claim; the edits and decision are audited."""
    from refwatch.records.models import Claim

    if decision not in ("confirm", "reject"):
        raise ValueError("decision must be 'confirm' or 'reject'")
    changed: dict[str, Any] = {}
    for name, value in (edits or {}).items():
        if name not in CLAIM_EDITABLE:
            raise ValueError(f"{name} cannot be edited")
        if getattr(claim, name) != value:
            changed[name] = [str(getattr(claim, name)), str(value)]
            setattr(claim, name, value)
    claim.status = Claim.Status.CONFIRMED if decision == "confirm" else Claim.Status.REJECTED
    claim.full_clean(exclude=["source", "incident", "place", "perpetrator"])
    claim.save()
    action = "claim.confirmed" if decision == "confirm" else "claim.rejected"
    record_event(acting_user, action, claim, {"edits": changed})


@transaction.atomic
def add_intervention(
    *, date: dt.date, kind: str, by: str, summary: str, acting_user: User | None,
    addressed_to: str = "", outcome: str = "", source: Source | None = None, incidents: Iterable[Any] = (),
) -> Any:
    """Record a demand, statement, UN communication or response, linked to incidents."""
    from refwatch.records.models import Intervention

    intervention = Intervention(date=date, kind=kind, by=by, addressed_to=addressed_to,
                                summary=summary, outcome=outcome, source=source)
    intervention.full_clean(exclude=["source"])
    intervention.save()
    intervention.incidents.set(list(incidents))
    record_event(acting_user, "intervention.added", intervention, {"kind": kind})
    return intervention
