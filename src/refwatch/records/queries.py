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


# -- reads for the REST API and pages (platform, issue 6) ------------------------------
# Public kinds of source: their text is published; observers may see them, and their
# claims' sentences reach everyone. Testimonies and lists are private material.
PUBLIC_SOURCE_KINDS = ("news", "report", "statement", "un")


def _require_active(user: User) -> None:
    if not user.is_authenticated or not user.is_active:
        raise Http404("not available")


@dataclass(frozen=True)
class SourceView:
    uid: str
    kind: str
    title: str
    publisher: str
    published: Any
    lang: str
    url: str
    reliability: str
    sha256: str
    size: int
    media_type: str
    created_at: Any


def _source_view(user: User, source: Any) -> SourceView:
    private = source.kind not in PUBLIC_SOURCE_KINDS and not user.sees_identities
    return SourceView(
        uid=source.uid, kind=source.kind, title="" if private else source.title,
        publisher=source.publisher, published=source.published, lang=source.lang,
        url="" if private else source.url, reliability=source.reliability, sha256=source.sha256,
        size=source.size, media_type=source.media_type, created_at=source.created_at,
    )


def _sources_visible(user: User) -> Any:
    from refwatch.records.models import Source

    _require_active(user)
    sources = Source.objects.defer("original_enc")
    if not user.sees_records:
        sources = sources.filter(kind__in=PUBLIC_SOURCE_KINDS)
    return sources


def sources_for_user(user: User, *, limit: int = 100, offset: int = 0) -> list[SourceView]:
    """Sources' metadata (never the original). Observers see public kinds only; titles
    and addresses of testimonies and lists only for those who see identities."""
    rows = _sources_visible(user).order_by("-id")[offset : offset + limit]
    return [_source_view(user, s) for s in rows]


def get_source_for_user(user: User, uid: str) -> SourceView:
    source = _sources_visible(user).filter(uid=uid).first()
    if source is None:
        raise Http404("no such source")
    return _source_view(user, source)


@dataclass(frozen=True)
class ClaimView:
    uid: str
    source: str
    source_kind: str
    incident: str | None
    status: str
    origin: str
    event_type: str
    count_low: int | None
    count_high: int | None
    count_text: str
    qualifier: str
    date_start: Any
    date_end: Any
    date_precision: str
    place: str | None
    perpetrator: str | None
    attributed_to: str
    hedging: str
    credibility: str
    reliability: str
    corroborated_by: str
    denied_by: str
    sentence: str  # empty unless the source is public or the user sees identities


def _claim_view(user: User, claim: Claim) -> ClaimView:
    shown = claim.source.kind in PUBLIC_SOURCE_KINDS or user.sees_identities
    return ClaimView(
        uid=claim.uid, source=claim.source.uid, source_kind=claim.source.kind,
        incident=claim.incident.uid if claim.incident else None, status=claim.status,
        origin=claim.origin, event_type=claim.event_type, count_low=claim.count_low,
        count_high=claim.count_high, count_text=claim.count_text if shown else "",
        qualifier=claim.qualifier, date_start=claim.date_start, date_end=claim.date_end,
        date_precision=claim.date_precision, place=claim.place_id,
        perpetrator=claim.perpetrator.code if claim.perpetrator else None,
        attributed_to=claim.attributed_to, hedging=claim.hedging, credibility=claim.credibility,
        reliability=claim.source.reliability, corroborated_by=claim.corroborated_by,
        denied_by=claim.denied_by, sentence=claim.sentence if shown else "",
    )


def _claims_visible(user: User) -> Any:
    _require_active(user)
    claims = Claim.objects.select_related("source", "incident", "perpetrator").defer("source__original_enc")
    if not user.sees_records:
        claims = claims.filter(source__kind__in=PUBLIC_SOURCE_KINDS)
    return claims


def claims_for_user(
    user: User, *, status: str | None = None, incident: str | None = None, limit: int = 100, offset: int = 0
) -> list[ClaimView]:
    """Claims (observers: from public sources only), newest first, optionally filtered."""
    claims = _claims_visible(user)
    if status:
        claims = claims.filter(status=status)
    if incident:
        claims = claims.filter(incident__uid=incident)
    return [_claim_view(user, c) for c in claims.order_by("-id")[offset : offset + limit]]


def get_claim_for_user(user: User, uid: str) -> ClaimView:
    claim = _claims_visible(user).filter(uid=uid).first()
    if claim is None:
        raise Http404("no such claim")
    return _claim_view(user, claim)


def incidents_for_user(user: User, *, limit: int = 100, offset: int = 0) -> list[Incident]:
    """Incidents (aggregates: every active user), latest first."""
    _require_active(user)
    return list(Incident.objects.order_by("-date_start", "-id")[offset : offset + limit])


def get_incident_for_user(user: User, uid: str) -> tuple[Incident, list[ClaimView]]:
    """An incident with the claims behind it that this user may see, side by side."""
    _require_active(user)
    incident = Incident.objects.filter(uid=uid).first()
    if incident is None:
        raise Http404("no such incident")
    return incident, claims_for_user(user, incident=uid, limit=1000)


def lists_for_user(user: User) -> list[List]:
    """Lists with their record counts (every active user, as in store_summary)."""
    _require_active(user)
    return list(List.objects.defer("header_map").order_by("name"))


def linkage_runs_for_user(user: User, *, limit: int = 50) -> list[Any]:
    from refwatch.records.models import LinkageRun

    _require_records(user)
    return list(LinkageRun.objects.defer("model_json").order_by("-id")[:limit])


def get_linkage_run_for_user(user: User, uid: str) -> Any:
    from refwatch.records.models import LinkageRun

    _require_records(user)
    run = LinkageRun.objects.defer("model_json").filter(uid=uid).first()
    if run is None:
        raise Http404("no such linkage run")
    return run


@dataclass(frozen=True)
class PairView:
    uid: str
    run: str
    match_probability: float
    status: str
    left: RecordView
    right: RecordView


def pending_reviews_for_user(user: User, *, limit: int = 50, offset: int = 0) -> list[PairView]:
    """Uncertain pairs waiting for a decision, most uncertain first; identities in the
    records only for those who see them (audited)."""
    from refwatch.records.models import PairReview

    _require_records(user)
    reviews = (
        PairReview.objects.filter(status=PairReview.Status.PENDING)
        .select_related("run", "left__list", "left__person", "right__list", "right__person")
        .order_by("match_probability", "id")[offset : offset + limit]
    )
    views = [
        PairView(uid=r.uid, run=r.run.uid, match_probability=r.match_probability, status=r.status,
                 left=_record_view(user, r.left), right=_record_view(user, r.right))
        for r in reviews
    ]
    if user.sees_identities and views:
        record_event(user, "identity.read_many", None, {"pairs": len(views), "offset": offset})
    return views


def get_review_for_user(user: User, uid: str) -> Any:
    """A pair review to decide on (analysts, documenters, admins); 404 otherwise."""
    from refwatch.records.models import PairReview

    _require_records(user)
    review = PairReview.objects.select_related("left", "right").filter(uid=uid).first()
    if review is None:
        raise Http404("no such pair")
    return review


def estimates_for_user(user: User, *, limit: int = 100) -> list[Any]:
    """Estimates (aggregates: every active user), newest first."""
    from refwatch.records.models import Estimate

    _require_active(user)
    return list(Estimate.objects.order_by("-id")[:limit])


def get_estimate_for_user(user: User, uid: str) -> Any:
    from refwatch.records.models import Estimate

    _require_active(user)
    estimate = Estimate.objects.filter(uid=uid).first()
    if estimate is None:
        raise Http404("no such estimate")
    return estimate
