"""Claims from stored sources, and incidents rebuilt from the claims.

Machine-extracted claims are saved unreviewed and linked to their source; a
documenter confirms, edits or rejects them. Incidents are rebuilt from every
claim not rejected, keeping an incident's identity (and its interventions)
when it still gathers mostly the same claims.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from refwatch.accounts.models import User
from refwatch.audit.chain import record_event
from refwatch.records.actions import read_original
from refwatch.records.models import Actor, Claim, Incident, Place, Source

TEXT_KINDS = ("news", "report", "statement", "un", "testimony")

# Normalised perpetrators of the extraction engine -> actor codes of the store.
PERPETRATOR_ACTORS = {
    "PRC (state)": "prc-state",
    "PRC public security (police)": "prc-mps",
    "PRC Ministry of Public Security": "prc-mps",
    "PRC border police": "prc-border-police",
    "DPRK Ministry of State Security": "dprk-mss",
}


def _date(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10]) if len(text) >= 10 else None
    except ValueError:
        return None


def _precision(start: str | None, end: str | None) -> str:
    if not start:
        return ""
    if start == end and len(start) == 10:
        return "day"
    return "range"


def _text_of(source: Source, *, acting_user: User | None) -> str:
    raw = read_original(source, acting_user=acting_user, purpose="claim extraction")
    for encoding in ("utf-8-sig", "cp949"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValueError(f"source {source.uid} is not UTF-8 or CP949 text")


@transaction.atomic
def extract_source(source: Source, *, acting_user: User | None) -> list[Claim]:
    """Extract claims from one source, replacing its earlier unreviewed machine claims."""
    from refwatch.analysis.extraction import extract_claims

    if source.kind not in TEXT_KINDS:
        raise ValueError(f"source {source.uid} is a {source.kind}, not a text to read claims from")
    text = _text_of(source, acting_user=acting_user)
    found = extract_claims(
        text, published=source.published, lang=source.lang or None, doc_id=source.uid
    )
    Claim.objects.filter(source=source, origin=Claim.Origin.MACHINE, status=Claim.Status.UNREVIEWED).delete()
    places = set(Place.objects.values_list("id", flat=True))
    actors = dict(Actor.objects.values_list("code", "id"))
    saved = []
    for c in found:
        place_id = next((p for p in c.place_ids if p in places), None)
        start, end = _date(c.date_start), _date(c.date_end)
        claim = Claim(
            source=source, origin=Claim.Origin.MACHINE, status=Claim.Status.UNREVIEWED,
            event_type=c.event_type, count_low=c.count_low, count_high=c.count_high,
            count_text=(c.count_text or "")[:200], qualifier=c.qualifier or "",
            date_start=start, date_end=end or start, date_precision=_precision(c.date_start, c.date_end),
            date_text=(c.date_text or "")[:200], place_id=place_id, place_text=(c.place_text or "")[:300],
            perpetrator_id=actors.get(PERPETRATOR_ACTORS.get(c.perpetrator or "", "")),
            perpetrator_text=(c.perpetrator_text or "")[:300],
            attributed_to=(c.attributed_to or "")[:200], attributed_to_text=(c.attributed_to_text or "")[:300],
            hedging=c.hedging, hedge_cue=(c.hedge_cue or "")[:200],
            corroborated_by=(c.corroborated_by or "")[:300], denied_by=(c.denied_by or "")[:300],
            sentence=c.sentence, start=c.start, end=c.end,
        )
        saved.append(claim)
    Claim.objects.bulk_create(saved)
    record_event(acting_user, "claims.extracted", source, {"claims": len(saved)})
    return saved


def _as_engine_claim(claim: Claim) -> dict[str, Any]:
    return {
        "doc_id": claim.source.uid,
        "claim_id": claim.uid,
        "event_type": claim.event_type,
        "count_low": claim.count_low,
        "count_high": claim.count_high,
        "count_text": claim.count_text or None,
        "qualifier": claim.qualifier or None,
        "date_start": claim.date_start.isoformat() if claim.date_start else None,
        "date_end": claim.date_end.isoformat() if claim.date_end else None,
        "place": claim.place.name_en if claim.place else (claim.place_text or None),
        "place_ids": [claim.place_id] if claim.place_id else [],
        "attributed_to": claim.attributed_to or None,
        "hedging": claim.hedging,
        "corroborated_by": claim.corroborated_by or None,
        "denied_by": claim.denied_by or None,
    }


@dataclass(frozen=True)
class IncidentRebuild:
    incidents: int
    created: int
    removed: int
    unassigned: int


@transaction.atomic
def rebuild_incidents(*, acting_user: User | None) -> IncidentRebuild:
    """Group every claim not rejected into incidents with reconciled count ranges."""
    from refwatch.analysis.extraction import group_incidents

    claims = list(
        Claim.objects.exclude(status__in=[Claim.Status.REJECTED, Claim.Status.RETRACTED])
        .select_related("source", "place")
        .order_by("id")
    )
    by_uid = {c.uid: c for c in claims}
    report = group_incidents([_as_engine_claim(c) for c in claims])
    previous = {c.uid: c.incident_id for c in claims}
    kept: set[int] = set()
    created = 0
    for found in report.incidents:
        members = [by_uid[key.split("/", 1)[1]] for key in found.claims if key.split("/", 1)[1] in by_uid]
        votes: dict[int, int] = {}
        for m in members:
            old = previous.get(m.uid)
            if old is not None and old not in kept:
                votes[old] = votes.get(old, 0) + 1
        incident = None
        if votes:
            incident = Incident.objects.filter(pk=max(votes, key=lambda k: votes[k])).first()
        if incident is None:
            incident = Incident()
            created += 1
        place_id = next((p for p in found.place_ids if Place.objects.filter(id=p).exists()), None)
        incident.event_type = found.event_type
        incident.date_start = _date(found.date_start)
        incident.date_end = _date(found.date_end) or incident.date_start
        incident.place_id = place_id
        incident.count_low, incident.count_high = found.count_low, found.count_high
        places = ", ".join(found.places[:2])
        incident.title = f"{found.event_type.replace('_', ' ')} {found.date_start or ''} {places}".strip()[:300]
        incident.summary = (
            f"{len(found.claims)} claims from {len(found.documents)} sources; figures: "
            + "; ".join(f.count_text or f"{f.low}-{f.high}" for f in found.figures if f.low is not None)
        )[:2000]
        incident.save()
        kept.add(incident.pk)
        Claim.objects.filter(pk__in=[m.pk for m in members]).update(incident=incident)
    unassigned = [key.split("/", 1)[1] for key in report.unassigned]
    Claim.objects.filter(uid__in=unassigned).update(incident=None)
    orphans = Incident.objects.exclude(pk__in=kept).filter(interventions__isnull=True)
    removed = orphans.count()
    orphans.delete()
    result = IncidentRebuild(len(kept), created, removed, len(unassigned))
    record_event(acting_user, "incidents.rebuilt", None, result.__dict__)
    return result
