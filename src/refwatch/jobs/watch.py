"""Early warning on the store: indicators in, alerts recorded (audited), outbox in the database.

Indicators come from three places, all as dated observations with the day
they became public: the shipped, sourced 2019–2025 history of the China–DPRK
case; observations entered or imported into the store; and observations derived
from stored incidents (repatriations, arrests) and detention claims (backlog),
known from the earliest publication date of their sources.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction

from refwatch.accounts.models import User
from refwatch.audit.chain import record_event
from refwatch.records.models import (
    AlertRecord,
    Claim,
    Incident,
    IndicatorObservation,
    OutboxMessage,
)

EVENT_KINDS = {"forced_repatriation": "repatriations", "arrest": "arrests"}


def _incident_rows() -> list[dict[str, Any]]:
    rows = []
    for incident in Incident.objects.filter(event_type__in=EVENT_KINDS, date_start__isnull=False):
        claims = incident.claims.exclude(status__in=["rejected", "retracted"]).select_related("source")
        published = [c.source.published for c in claims if c.source.published]
        if not published:
            continue
        first = min(claims, key=lambda c: c.source.published or dt.date.max)
        rows.append({
            "kind": EVENT_KINDS[incident.event_type], "id": f"store-incident-{incident.uid[:12]}",
            "refers_from": incident.date_start, "refers_to": incident.date_end or incident.date_start,
            "known": min(published), "source_publisher": first.source.publisher or "stored source",
            "low": incident.count_low, "high": incident.count_high, "place": incident.place_id or "",
            "asserted_by": first.attributed_to, "note": f"from stored incident {incident.uid}",
        })
    return rows


def _backlog_rows() -> list[dict[str, Any]]:
    rows = []
    for claim in Claim.objects.filter(event_type="detention", count_low__isnull=False).exclude(
        status__in=["rejected", "retracted"]
    ).select_related("source"):
        if claim.source.published is None:
            continue
        day = claim.date_start or claim.source.published
        rows.append({
            "kind": "backlog", "id": f"store-claim-{claim.uid[:12]}", "refers_from": day,
            "refers_to": claim.date_end or day, "known": claim.source.published,
            "source_publisher": claim.source.publisher or "stored source",
            "low": claim.count_low, "high": claim.count_high, "qualifier": claim.qualifier,
            "asserted_by": claim.attributed_to, "note": f"from stored claim {claim.uid}",
        })
    return rows


def store_indicators(*, include_example: bool = True) -> Any:
    """The indicators the store knows (see module docstring), as an engine ``Indicators``."""
    from refwatch.analysis.warning import Indicators, example_history, observations_from_rows

    observations = list(example_history()) if include_example else []
    observations += observations_from_rows(
        [dict(o.row, kind=o.kind) for o in IndicatorObservation.objects.order_by("id")], origin="store"
    )
    observations += observations_from_rows(_incident_rows() + _backlog_rows(), origin="store-derived")
    return Indicators.from_observations(observations)


@transaction.atomic
def import_indicators(path: Path, *, acting_user: User | None) -> int:
    """Validate an indicator CSV (every problem listed) and store its rows."""
    import csv
    import io

    from refwatch.analysis.warning import read_csv_text

    text = path.read_text(encoding="utf-8")
    kind = path.stem if path.stem in ("border", "calendar", "backlog", "arrests", "repatriations", "interventions") else None
    read_csv_text(text, kind=kind, origin=str(path))  # raises HistoryFormatError listing all problems
    rows = list(csv.DictReader(io.StringIO(text)))
    IndicatorObservation.objects.bulk_create(
        IndicatorObservation(kind=kind or r["kind"], row={k: v for k, v in r.items() if k != "kind"},
                             created_by=acting_user)
        for r in rows
    )
    record_event(acting_user, "indicators.imported", None, {"rows": len(rows), "file": path.name})
    return len(rows)


@transaction.atomic
def add_indicator(fields: dict[str, str], *, acting_user: User | None) -> IndicatorObservation:
    """Store one observation entered by hand (the indicator CSV's columns plus ``kind``)."""
    from refwatch.analysis.warning import observations_from_rows

    kind = fields.get("kind", "")
    observations_from_rows([fields], origin="entered by hand")  # raises listing every problem
    row = IndicatorObservation.objects.create(
        kind=kind, row={k: v for k, v in fields.items() if k != "kind"}, created_by=acting_user
    )
    record_event(acting_user, "indicators.entered", row, {"kind": kind, "id": fields.get("id", "")})
    return row


def record_alerts(alerts: Iterable[Any], *, acting_user: User | None) -> list[AlertRecord]:
    """Store alerts once per day and fingerprint; each new one is audited."""
    stored = []
    for alert in alerts:
        try:
            with transaction.atomic():
                row = AlertRecord.objects.create(
                    rule_id=alert.rule_id, level=alert.level.value, title=alert.title[:300],
                    as_of=alert.as_of, fingerprint=alert.fingerprint, payload=alert.to_dict(),
                )
                record_event(acting_user, "alert.raised", row, {
                    "rule": alert.rule_id, "level": alert.level.value, "as_of": alert.as_of.isoformat()})
        except IntegrityError:
            continue
        stored.append(row)
    return stored


class DatabaseOutbox:
    """The alerts outbox as committed rows (``refwatch.alerts.Outbox``)."""

    def put(self, entry: Any) -> None:
        OutboxMessage.objects.update_or_create(
            entry_id=entry.id, defaults={"channel": entry.channel, "status": entry.status, "data": entry.to_dict()}
        )

    def get(self, entry_id: str) -> Any:
        from refwatch.alerts.outbox import OutboxEntry

        row = OutboxMessage.objects.filter(entry_id=entry_id).first()
        return OutboxEntry.from_dict(row.data) if row else None

    def entries(self, status: str | None = None) -> list[Any]:
        from refwatch.alerts.outbox import OutboxEntry

        qs = OutboxMessage.objects.order_by("id")
        if status is not None:
            qs = qs.filter(status=status)
        return [OutboxEntry.from_dict(r.data) for r in qs]
