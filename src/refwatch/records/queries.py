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

from django.db.models import Count, Prefetch, QuerySet
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


def _persons_to_view(user: User) -> QuerySet[Person]:
    """Persons with just what ``_person_view`` reads for this user: the names of their lists
    (not the records' sealed contents), and the sealed identity columns and names only for
    those who see identities."""
    records = Prefetch("records", queryset=ListRecord.objects.select_related("list").only(
        "id", "person_id", "list_id", "list__name"))
    if user.sees_identities:
        return Person.objects.prefetch_related("names", records)
    return Person.objects.defer("birth_date_enc", "testimony_enc").prefetch_related(records)


def get_person_for_user(user: User, uid: str) -> PersonView:
    """One person as this user may see them; 404 when they may not see it."""
    _require_records(user)
    person = _persons_to_view(user).filter(uid=uid).first()
    if person is None:
        raise Http404("no such person")
    return _person_view(user, person, audit=True)


def persons_for_user(user: User, *, limit: int = 500, offset: int = 0) -> list[PersonView]:
    _require_records(user)
    people = _persons_to_view(user).order_by("id")[offset : offset + limit]
    views = [_person_view(user, p, audit=False) for p in people]
    if user.sees_identities and views:
        record_event(user, "identity.read_many", None, {"persons": len(views), "offset": offset})
    return views


def find_persons_by_name(user: User, name: str) -> list[PersonView]:
    """Exact lookup through the blind index (no decryption to search)."""
    _require_records(user)
    index = keyring().blind_index(name)
    people = _persons_to_view(user).filter(names__name_index=index).distinct()
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


def _estimates_visible(user: User) -> Any:
    """Estimates the user may see: observers only those an analyst or admin published."""
    from refwatch.records.models import Estimate

    _require_active(user)
    if user.sees_records:
        return Estimate.objects.all()
    return Estimate.objects.filter(published=True)


def estimates_for_user(user: User, *, limit: int = 100) -> list[Any]:
    """Estimates (aggregates; observers: published ones only), newest first."""
    return list(_estimates_visible(user).order_by("-id")[:limit])


def get_estimate_for_user(user: User, uid: str) -> Any:
    estimate = _estimates_visible(user).filter(uid=uid).first()
    if estimate is None:
        raise Http404("no such estimate")
    return estimate


# -- reads for the web pages (pages half of issue 6) ---------------------------------------
# Page-level reads: observers see aggregates only (dashboard, legal, estimates); every
# record-level page calls _require_records, so a forbidden page is a 404, never a 403.


def require_page_access(user: User, *, records: bool = True, identities: bool = False,
                        admin: bool = False) -> None:
    """404 unless the user may open a page of this kind (the pages' single gate)."""
    _require_active(user)
    if records and not user.sees_records:
        raise Http404("not available")
    if identities and not user.sees_identities:
        raise Http404("not available")
    if admin and user.role != User.Role.ADMIN:
        raise Http404("not available")


@dataclass(frozen=True)
class CustodyView:
    at: Any
    actor_name: str
    action: str
    sha256: str
    note: str


def source_custody_for_user(user: User, uid: str) -> tuple[SourceView, list[CustodyView]]:
    """A source's metadata and its chain of custody (record viewers only; 404 otherwise)."""
    from refwatch.records.models import CustodyEntry

    require_page_access(user)
    source = get_source_for_user(user, uid)
    entries = CustodyEntry.objects.filter(source__uid=uid).order_by("at", "id")
    return source, [CustodyView(e.at, e.actor_name, e.action, e.sha256, e.note) for e in entries]


def source_text_for_user(user: User, uid: str, *, purpose: str) -> str | None:
    """The decoded text of a preserved original, or None when it is not text.

    Public kinds for every record viewer, private kinds (testimonies, lists) only for
    those who see identities. The read is logged in the custody log and the audit log.
    """
    from refwatch.records.actions import read_original
    from refwatch.records.models import Source

    require_page_access(user)
    source = Source.objects.filter(uid=uid).first()
    if source is None or (source.kind not in PUBLIC_SOURCE_KINDS and not user.sees_identities):
        raise Http404("no such source")
    if source.kind == "list" or not source.media_type.startswith("text/"):
        return None
    raw = read_original(source, acting_user=user, purpose=purpose)
    for encoding in ("utf-8-sig", "cp949"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


@dataclass(frozen=True)
class ClaimInSource:
    """A claim with its sentence located in the source text: before, sentence, after."""

    claim: ClaimView
    source: SourceView
    before: str
    sentence: str
    after: str
    count_at: tuple[int, int] | None  # the figure's span inside the sentence


def claim_in_source_for_user(user: User, uid: str, *, context: int = 600) -> ClaimInSource:
    """A claim for review with the text around its sentence (record viewers; audited read)."""
    require_page_access(user)
    claim = get_claim_for_user(user, uid)
    source = get_source_for_user(user, claim.source)
    text = None
    if claim.sentence:
        text = source_text_for_user(user, claim.source, purpose=f"claim review {claim.uid}")
    row = Claim.objects.only("start", "end").get(uid=uid)
    before, sentence, after = "", claim.sentence, ""
    if text is not None and row.start is not None and row.end is not None and row.end <= len(text):
        before = text[max(0, row.start - context) : row.start]
        sentence = text[row.start : row.end]
        after = text[row.end : row.end + context]
    count_at = None
    if claim.count_text and claim.count_text in sentence:
        first = sentence.index(claim.count_text)
        count_at = (first, first + len(claim.count_text))
    return ClaimInSource(claim, source, before, sentence, after, count_at)


@dataclass(frozen=True)
class InvolvementView:
    role: str
    event_type: str
    date_start: Any
    date_end: Any
    place: str | None
    incident: str | None


def person_involvements_for_user(user: User, uid: str) -> list[InvolvementView]:
    """What happened to a person: event type, dates, place, role (record viewers only)."""
    from refwatch.records.models import Involvement

    require_page_access(user)
    if not Person.objects.filter(uid=uid).exists():
        raise Http404("no such person")
    rows = Involvement.objects.filter(person__uid=uid).select_related("event", "event__incident")
    return [
        InvolvementView(i.role, i.event.event_type, i.event.date_start, i.event.date_end,
                        i.event.place_id, i.event.incident.uid if i.event.incident else None)
        for i in rows.order_by("event__date_start", "id")
    ]


@dataclass(frozen=True)
class EvidenceRow:
    field: str
    left: str
    right: str
    agreement: str  # "same", "close", "different" or "missing"


@dataclass(frozen=True)
class PairEvidence:
    pair: PairView
    rows: tuple[EvidenceRow, ...]


def _agreement(left: str, right: str) -> str:
    if not left or not right:
        return "missing"
    if left == right:
        return "same"
    a, b = left.casefold().replace(" ", ""), right.casefold().replace(" ", "")
    if a == b or a in b or b in a:
        return "close"
    return "different"


def pair_evidence_for_user(user: User, uid: str) -> PairEvidence:
    """A pending or decided pair side by side, field by field.

    Analysts get the fields that carry no identity (list, sex, birth-year range,
    event date, pseudonym); documenters and admins also names, exact birth dates,
    home and place of the event (the read is audited).
    """
    from refwatch.records.models import PairReview

    require_page_access(user)
    review = (
        PairReview.objects.select_related("run", "left__list", "left__person", "right__list", "right__person")
        .filter(uid=uid).first()
    )
    if review is None:
        raise Http404("no such pair")
    left, right = _record_view(user, review.left), _record_view(user, review.right)
    pair = PairView(uid=review.uid, run=review.run.uid, match_probability=review.match_probability,
                    status=review.status, left=left, right=right)

    def years(r: RecordView) -> str:
        if r.birth_year_low is None:
            return ""
        if r.birth_year_low == r.birth_year_high or r.birth_year_high is None:
            return str(r.birth_year_low)
        return f"{r.birth_year_low}–{r.birth_year_high}"

    values: list[tuple[str, str, str]] = [
        ("list", left.list_name, right.list_name),
        ("record_id", left.record_id, right.record_id),
        ("sex", left.sex, right.sex),
        ("birth_year", years(left), years(right)),
        ("event_date", left.event_date or "", right.event_date or ""),
    ]
    if user.sees_identities and left.data is not None and right.data is not None:
        record_event(user, "identity.read", review, {"pair": True})

        def name(d: dict[str, Any]) -> str:
            return str(d.get("name") or " ".join(p for p in (d.get("surname"), d.get("given_name")) if p))

        def birth(d: dict[str, Any]) -> str:
            b = d.get("birth_date") or {}
            return str(b.get("iso") or "")

        values[2:2] = [
            ("name", name(left.data), name(right.data)),
            ("name_alt", str(left.data.get("name_alt") or ""), str(right.data.get("name_alt") or "")),
        ]
        values += [
            ("birth_date", birth(left.data), birth(right.data)),
            ("home", str(left.data.get("home") or ""), str(right.data.get("home") or "")),
            ("event_place", str(left.data.get("event_place") or ""), str(right.data.get("event_place") or "")),
        ]
    rows = tuple(
        EvidenceRow(f, a, b, "" if f in ("list", "record_id") else _agreement(a, b)) for f, a, b in values
    )
    return PairEvidence(pair, rows)


@dataclass(frozen=True)
class ListImportEvent:
    at: Any
    actor: str
    list_name: str
    data: dict[str, Any]


def list_history_for_user(user: User, *, limit: int = 100) -> list[ListImportEvent]:
    """Every import of a list, newest first, from the audit log (counts only, no values)."""
    from refwatch.audit.models import AuditEvent

    require_page_access(user)
    events = AuditEvent.objects.filter(action="list.imported").order_by("-id")[:limit]
    return [ListImportEvent(e.at, e.actor_name, str(e.data.get("list", "")), dict(e.data)) for e in events]


@dataclass(frozen=True)
class ListPreview:
    """What an uploaded list would import: headers, the mapping applied, row errors."""

    source_uid: str
    filename: str
    name: str
    headers: tuple[str, ...]
    fields: dict[str, str]  # column -> canonical field, "ignore", or "" (kept as an extra value)
    rows_read: int
    valid: int
    errors: tuple[Any, ...]
    problem: str  # a file-level problem (unreadable, empty...), or ""
    mapping_problems: tuple[Any, ...] = ()  # refwatch.jobs.list_import.MappingProblem


def list_preview_for_user(user: User, source_uid: str, *, name: str, choices: Any = None) -> ListPreview:
    """Read an uploaded list (a Source of kind "list") without storing any record.

    Documenters and admins only (404 otherwise). ``choices`` (an ImportChoices:
    header mapping and as_of) default to the recognised headers. The original is
    decrypted into a private temporary directory for the time of the read; the
    access is logged.
    """
    from pathlib import Path

    from refwatch.jobs.list_import import read_upload
    from refwatch.records.actions import read_original
    from refwatch.records.models import Source

    require_page_access(user, identities=True)
    source = Source.objects.filter(uid=source_uid, kind="list").first()
    if source is None:
        raise Http404("no such upload")
    filename = source.unseal("filename") or ""
    content = read_original(source, acting_user=user, purpose="list import preview")
    reading = read_upload(content, suffix=Path(filename).suffix.lower(), filename=filename,
                          name=name or Path(filename).stem, choices=choices)
    result = reading.result
    return ListPreview(
        source.uid, filename, name, reading.headers, reading.fields,
        result.rows_read if result else 0, len(result.records) if result else 0,
        result.errors if result else (), reading.problem, reading.problems,
    )


@dataclass(frozen=True)
class Dashboard:
    """Aggregates every active user may see: no record-level value."""

    incidents: list[Incident]
    claims_timeline: list[tuple[Any, str, int | None]]  # (date, event type, high count)
    claims_by_type: dict[str, int]
    incidents_by_type: dict[str, int]
    by_place: list[tuple[Any, int, int]]  # (place, incidents, claims)
    estimates: list[Any]
    summary: dict[str, Any]


def dashboard_for_user(user: User) -> Dashboard:
    """The dashboard's aggregates (every active user; claims from public sources for observers)."""
    from refwatch.records.models import Place

    _require_active(user)
    incidents = list(Incident.objects.select_related("place").order_by("date_start", "id"))
    claims = _claims_visible(user).exclude(status__in=[Claim.Status.REJECTED, Claim.Status.RETRACTED])
    timeline = [
        (start, kind, high if high is not None else low)
        for start, kind, low, high in claims.filter(date_start__isnull=False).values_list(
            "date_start", "event_type", "count_low", "count_high")
    ]
    claims_by_type = dict(claims.values_list("event_type").annotate(n=Count("id")).values_list("event_type", "n"))
    incidents_by_type = Counter(i.event_type for i in incidents)
    per_place_incidents = Counter(i.place_id for i in incidents if i.place_id)
    per_place_claims = Counter(
        dict(claims.exclude(place__isnull=True).values_list("place").annotate(n=Count("id")).values_list("place", "n"))
    )
    places = {p.id: p for p in Place.objects.filter(id__in=set(per_place_incidents) | set(per_place_claims))}
    by_place = sorted(
        ((places[pid], per_place_incidents.get(pid, 0), per_place_claims.get(pid, 0)) for pid in places),
        key=lambda t: (-t[1], -t[2], t[0].name_en),
    )
    return Dashboard(
        incidents=incidents, claims_timeline=timeline, claims_by_type=claims_by_type,
        incidents_by_type=dict(incidents_by_type), by_place=by_place,
        estimates=list(_estimates_visible(user).order_by("-id")[:6]), summary=store_summary(user),
    )


@dataclass(frozen=True)
class Engagement:
    incident: Incident
    provision: Any
    note: str
    state_status: str  # party, signatory, not_party or "" (unknown)
    in_force_then: bool | None  # was the state bound on the incident's date?


@dataclass(frozen=True)
class LegalOverview:
    instruments: list[Any]
    engagements_by_type: dict[str, list[Any]]
    incident_engagements: list[Engagement]


def legal_overview_for_user(user: User) -> LegalOverview:
    """Instruments, provisions, state-party dates, and which incidents engage which provisions."""
    from refwatch.records.models import Instrument, ProvisionEngagement, StateParty

    _require_active(user)
    instruments = list(Instrument.objects.prefetch_related("provisions", "states").order_by("adopted", "code"))
    engagements = list(ProvisionEngagement.objects.select_related("provision__instrument").order_by("event_type", "id"))
    by_type: dict[str, list[Any]] = {}
    for e in engagements:
        by_type.setdefault(e.event_type, []).append(e)
    parties = {(s.instrument_id, s.state): s for s in StateParty.objects.all()}
    found: list[Engagement] = []
    for incident in Incident.objects.order_by("date_start", "id"):
        for e in by_type.get(incident.event_type, []):
            party = parties.get((e.provision.instrument_id, incident.state))
            bound: bool | None = None
            if party is not None and incident.date_start is not None:
                bound = party.status == "party" and party.since is not None and party.since <= incident.date_start
            found.append(Engagement(incident, e.provision, e.note, party.status if party else "", bound))
    return LegalOverview(instruments, by_type, found)


def interventions_for_user(user: User, *, limit: int = 200) -> list[Any]:
    """Interventions (demands, statements, UN communications, responses), newest first."""
    from refwatch.records.models import Intervention

    require_page_access(user)
    return list(Intervention.objects.prefetch_related("incidents").order_by("-date", "-id")[:limit])


def audit_events_for_user(user: User, *, limit: int = 100, offset: int = 0,
                          action: str | None = None) -> list[Any]:
    """The audit log, newest first (admins only; 404 for everyone else)."""
    from refwatch.audit.models import AuditEvent

    require_page_access(user, admin=True)
    events = AuditEvent.objects.order_by("-id")
    if action:
        events = events.filter(action__startswith=action)
    return list(events[offset : offset + limit])


def users_for_admin(user: User) -> list[User]:
    """Every account with its role (admins only)."""
    require_page_access(user, admin=True)
    return list(User.objects.order_by("username"))


def get_user_for_admin(user: User, pk: int) -> User:
    require_page_access(user, admin=True)
    found = User.objects.filter(pk=pk).first()
    if found is None:
        raise Http404("no such user")
    return found


def estimate_comparison_for_user(user: User) -> list[Any]:
    """The latest estimate of each method on the most recent inputs (same fingerprint)."""
    visible = _estimates_visible(user)
    latest = visible.order_by("-id").first()
    if latest is None:
        return []
    rows: dict[tuple[str, str], Any] = {}
    for e in visible.filter(inputs_fingerprint=latest.inputs_fingerprint).order_by("-id"):
        rows.setdefault((e.method, e.stratum), e)
    return sorted(rows.values(), key=lambda e: (e.stratum, e.method))


def get_claim_for_review(user: User, uid: str) -> Claim:
    """A claim to confirm, edit or reject (documenters and admins); 404 otherwise."""
    require_page_access(user, identities=True)
    claim = Claim.objects.select_related("source").defer("source__original_enc").filter(uid=uid).first()
    if claim is None:
        raise Http404("no such claim")
    return claim


def incident_interventions_for_user(user: User, uid: str) -> list[Any]:
    """The interventions linked to an incident, oldest first (record viewers)."""
    from refwatch.records.models import Intervention

    require_page_access(user)
    return list(Intervention.objects.filter(incidents__uid=uid).order_by("date", "id"))


def persons_page_for_user(user: User, *, limit: int = 50, offset: int = 0) -> list[PersonView]:
    """A page of persons as ``persons_for_user`` gives it, in fewer queries for those who
    do not see identities (no names fetched at all); identity viewers get
    ``persons_for_user`` itself (decryption and audit there)."""
    _require_records(user)
    if user.sees_identities:
        return persons_for_user(user, limit=limit, offset=offset)
    ring = keyring()
    # The page's ids first (an index-only walk past `offset` rows on PostgreSQL), then only
    # those rows: a deep page no longer reads every skipped row from the table.
    page_ids = Person.objects.order_by("id").values_list("id", flat=True)[offset : offset + limit]
    rows = list(
        Person.objects.filter(id__in=page_ids).order_by("id").values_list("id", "uid", "sex", "home_place_id")
    )
    lists: dict[int, set[str]] = {pk: set() for pk, *_ in rows}
    for person_id, list_name in (
        ListRecord.objects.filter(person_id__in=list(lists)).values_list("person_id", "list__name").distinct()
    ):
        lists[person_id].add(list_name)
    return [
        PersonView(uid=uid, pseudonym=ring.pseudonym(uid), sex=sex, home_place=home,
                   lists=tuple(sorted(lists[pk])))
        for pk, uid, sex, home in rows
    ]


_SUMMARY_CACHE: dict[str, Any] = {}


def store_summary_cached(user: User, *, max_age: float = 10.0) -> dict[str, Any]:
    """``store_summary`` computed at most every ``max_age`` seconds per process (the counts
    scan every person; a dashboard polled by many users need not rescan each time).
    Access is checked on every call; the figures are the same for every role."""
    import time

    if not user.is_authenticated or not user.is_active:
        raise Http404("not available")
    now = time.monotonic()
    cached = _SUMMARY_CACHE.get("summary")
    if cached is None or now - cached[0] > max_age:
        cached = (now, store_summary(user))
        _SUMMARY_CACHE["summary"] = cached
    return dict(cached[1])


def latest_alerts_for_user(user: User, *, limit: int = 5) -> list[Any]:
    """The most recent early-warning alerts (no identities in them: every role sees them)."""
    from refwatch.records.models import AlertRecord

    if not user.is_authenticated or not user.is_active:
        raise Http404("not available")
    return list(AlertRecord.objects.order_by("-as_of", "-created_at")[:limit])
