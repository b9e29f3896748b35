"""Reports and public datasets from the store.

``build_report_data`` selects what a period's report says — documented
persons per event type, the latest estimates per method, incidents with every
claim's figure and its source's hash, interventions, the methods — and hands
it to ``refwatch.analysis.reports``, which applies disclosure control. Every
name and birth date in the store is passed as ``forbidden`` so that a report
containing one is refused rather than written.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Q

from refwatch.accounts.models import User
from refwatch.audit.chain import record_event
from refwatch.records.models import (
    Estimate,
    Incident,
    Intervention,
    LinkageRun,
    ListRecord,
    PersonName,
    Source,
)
from refwatch.reference.places import load_places, lookup_place
from refwatch.reference.vocabulary import EVENT_TYPES

SHORT_NAME = 2  # single syllables or letters are not searched for (they are everywhere)


def _province_and_county(home: str | None) -> tuple[str | None, str | None]:
    """Place ids of a free-text home (province, county) through the gazetteer."""
    if not home:
        return None, None
    places = load_places()
    county = province = None
    for part in [p.strip() for chunk in home.split(",") for p in chunk.split()] + [home]:
        for pid in lookup_place(part):
            place = places[pid]
            if place.kind == "province" and province is None:
                province = pid
            elif place.kind.split(";")[0] in ("county", "city", "district") and county is None and pid.startswith("kp-"):
                county = pid
    if county and not province:
        province = places[county].parent_id
    return province, county


def _in_period(iso: str | None, start: dt.date, end: dt.date) -> bool:
    if not iso:
        return False
    try:
        day = dt.date.fromisoformat(iso[:10]) if len(iso) >= 10 else dt.date(int(iso[:4]), int(iso[5:7] or 1) if len(iso) >= 7 else 7, 1)
    except ValueError:
        return False
    return start <= day <= end


def _people(start: dt.date, end: dt.date) -> tuple[list[Any], Counter[str], dict[str, Any]]:
    """Quasi-identifier rows (one per person and event type) and counts per event type."""
    from refwatch.analysis.reports import QuasiIdentifierRow

    seen: dict[tuple[str, str], Any] = {}
    undated = 0
    for record in ListRecord.objects.select_related("list", "person").order_by("id"):
        data = record.unseal_json("data")
        if not _in_period(data.get("event_date"), start, end):
            undated += data.get("event_date") is None
            continue
        person = record.person.uid if record.person else f"record:{record.uid}"
        key = (person, record.list.event_type)
        if key in seen:
            continue
        birth = data.get("birth_date") or {}
        province, county = _province_and_county(data.get("home"))
        detention = lookup_place(data.get("event_place") or "")
        seen[key] = QuasiIdentifierRow(
            sex=record.sex or None,
            birth_year=birth.get("year") or birth.get("year_low"),
            home_county=county, home_province=province,
            detention_place=detention[0] if detention else None,
            detention_region=load_places()[detention[0]].parent_id if detention else None,
            event_date=dt.date.fromisoformat(data["event_date"]) if len(data["event_date"]) == 10 else None,
            event_type=record.list.event_type,
        )
    counts = Counter(event_type for (_, event_type) in seen)
    return list(seen.values()), counts, {"records outside the period or undated": undated}


def _forbidden() -> list[str]:
    """Every name and birth date the store holds (decrypted in memory only)."""
    found: set[str] = set()
    for pn in PersonName.objects.all():
        name = pn.unseal("name") or ""
        if len(name) > SHORT_NAME:
            found.add(name)
    for record in ListRecord.objects.all():
        data = record.unseal_json("data")
        for key in ("name", "name_alt"):
            if data.get(key) and len(data[key]) > SHORT_NAME:
                found.add(data[key])
        if data.get("surname") and data.get("given_name"):
            found.add(f"{data['surname']} {data['given_name']}")
        birth = data.get("birth_date") or {}
        if birth.get("precision") == "day":
            found.add(birth["iso"])
    return sorted(found)


def build_report_data(*, start: dt.date, end: dt.date, language: str = "en",
                      template: str = "un-submission") -> Any:
    """A ``ReportData`` for the period from what the store holds."""
    from refwatch.analysis import reports as r

    places = load_places()
    quasi, counts, notes = _people(start, end)
    incidents = []
    cited: dict[str, Source] = {}
    for incident in Incident.objects.filter(
        Q(date_start__range=(start, end)) | Q(date_start__isnull=True, created_at__date__range=(start, end))
    ).order_by("date_start"):
        claims = list(incident.claims.exclude(status__in=["rejected", "retracted"]).select_related("source"))
        figures = []
        denials = []
        corroborating = []
        for c in claims:
            cited[c.source.uid] = c.source
            if c.hedging == "denied":
                denials.append(r.Denial(actor=r.Bilingual(c.attributed_to or c.source.publisher or "unknown"),
                                        statement=r.Bilingual(c.sentence[:300]), on=c.source.published,
                                        source_key=c.source.uid))
                continue
            figures.append(r.ClaimFigure(
                source_key=c.source.uid, low=c.count_low, high=c.count_high,
                qualifier=c.qualifier or "exact" if c.count_low is not None or c.qualifier else "vague",
                hedging=c.hedging, attribution=c.attributed_to,
                credibility=int(c.credibility) if c.credibility else None,
            ))
            if c.corroborated_by:
                corroborating.append(c.source.uid)
        place = places.get(incident.place_id or "")
        label = next(t for t in EVENT_TYPES if t.code == incident.event_type)
        when = incident.date_start.isoformat() if incident.date_start else ""
        title = r.Bilingual(
            " ".join(p for p in (label.label_en, when, place.name_en if place else "") if p),
            " ".join(p for p in (when, place.name_ko if place else "", label.label_ko) if p),
        )
        incidents.append(r.Incident(
            key=incident.uid, title=title, event_type=incident.event_type,
            start=incident.date_start or start, end=incident.date_end,
            places=(r.Place(name=r.Bilingual(place.name_en, place.name_ko), country=place.country,
                            lat=place.lat, lon=place.lon, kind=place.kind),) if place else (),
            claims=tuple(figures), corroborated_by=tuple(dict.fromkeys(corroborating)),
            denials=tuple(denials), summary=r.Bilingual(incident.summary),
            responsible_state=incident.state,
        ))
    incident_keys = {i.key for i in incidents}
    interventions = []
    for item in Intervention.objects.filter(date__range=(start, end)).order_by("date"):
        if item.source:
            cited[item.source.uid] = item.source
        interventions.append(r.Intervention(
            key=item.uid, on=item.date, actor=r.Bilingual(item.by), kind=item.kind,
            summary=r.Bilingual(item.summary), outcome=r.Bilingual(item.outcome),
            incident_keys=tuple(k for k in item.incidents.values_list("uid", flat=True) if k in incident_keys),
            source_key=item.source.uid if item.source else None,
        ))
    estimates = []
    latest: dict[str, Estimate] = {}
    for row in Estimate.objects.filter(stratum="").order_by("created_at"):
        latest[row.method] = row
    for method, row in sorted(latest.items()):
        if row.interval_low is None or row.interval_high is None:
            continue
        estimates.append(r.MethodEstimate(
            quantity="total", label=r.Bilingual("People on the lists or missed by all of them",
                                                "명단에 오른 사람과 모든 명단에서 빠진 사람"),
            method=method, point=row.estimate, low=row.interval_low, high=row.interval_high,
            level=row.level, observed=row.observed,
            diagnostics=(
                *[(k, str(v)) for k, v in sorted(row.diagnostics.items())
                  if isinstance(v, (int, float, str)) and k != "reason"][:8],
                ("inputs fingerprint", row.inputs_fingerprint[:16]),
            ),
        ))
    run = LinkageRun.objects.order_by("-created_at").first()
    methods = r.MethodsInfo(
        linkage=r.Bilingual(
            f"{run.records} list records linked into {run.entities} persons (Splink, {run.backend}, "
            f"threshold {run.threshold}, seed {run.seed})." if run else "No linkage run yet.",
            f"명단 기록 {run.records}건을 {run.entities}명으로 연결 (Splink, {run.backend}, 임계값 "
            f"{run.threshold}, 시드 {run.seed})." if run else "아직 연결 작업이 없습니다.",
        ),
        estimation=r.Bilingual(
            "Multiple systems estimation from the linked lists; each method's assumptions are in "
            "the methods documentation. The spread across methods is shown, not hidden.",
            "연결된 명단에 대한 다중체계추정. 방법 간 차이를 숨기지 않고 보여 줍니다.",
        ),
        diagnostics=tuple((k, str(v)) for k, v in notes.items()),
        software=("refwatch",),
    )
    sources = tuple(
        r.SourceRef(key=s.uid, title=s.title or s.kind, publisher=s.publisher, sha256=s.sha256,
                    published=s.published, url=s.url, language=s.lang, kind=s.kind,
                    reliability=s.reliability)
        for s in cited.values()
    )
    organisation = getattr(settings, "REFWATCH", {}).get("ORGANISATION", "Refoulement Watch")
    meta = r.ReportMeta(
        title=r.Bilingual("Forced repatriation of North Korean refugees from China",
                          "중국의 탈북민 강제북송"),
        organisation=r.Bilingual(organisation),
        generated_at=dt.datetime.now(dt.UTC),
    )
    return r.ReportData(
        meta=meta, period=r.Period(start, end), language=language, template=template,  # type: ignore[arg-type]
        documented=tuple(r.EventCount(k, v) for k, v in sorted(counts.items())),
        estimates=tuple(estimates), incidents=tuple(incidents), interventions=tuple(interventions),
        methods=methods, sources=sources, quasi_identifiers=tuple(quasi),
    )


def write_report(out: Path, *, start: dt.date, end: dt.date, language: str, fmt: str,
                 template: str, acting_user: User | None, threshold: int | None = None) -> dict[str, Any]:
    """Render a report to ``out``; audited with the hashes of the sources it rests on."""
    from refwatch.analysis.reports import SuppressionPolicy, render_report

    data = build_report_data(start=start, end=end, language=language, template=template)
    policy = SuppressionPolicy(threshold=threshold or settings.REFWATCH["SMALL_CELL_THRESHOLD"])
    out.write_bytes(render_report(data, fmt=fmt, suppression=policy, forbidden=_forbidden()))  # type: ignore[arg-type]
    summary = {"file": out.name, "format": fmt, "language": language, "template": template,
               "incidents": len(data.incidents), "sources": [s.sha256 for s in data.sources]}
    record_event(acting_user, "report.written", None, summary)
    return summary


def write_public_export(out_dir: Path, *, start: dt.date, end: dt.date,
                        acting_user: User | None, threshold: int | None = None) -> list[str]:
    """Incidents, claims and aggregated counts as CSV and JSON, under disclosure control."""
    from refwatch.analysis.reports import SuppressionPolicy, write_public_dataset

    data = build_report_data(start=start, end=end)
    policy = SuppressionPolicy(threshold=threshold or settings.REFWATCH["SMALL_CELL_THRESHOLD"])
    written = write_public_dataset(data, out_dir, policy, forbidden=_forbidden())
    names = [str(getattr(w, "path", w)) for w in written]
    record_event(acting_user, "public_dataset.written", None, {"files": len(names)})
    return names

