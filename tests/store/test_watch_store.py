"""Early warning on the store: stored incidents become indicators; alerts are recorded once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from refwatch.audit.models import AuditEvent
from refwatch.records.models import AlertRecord, Claim, Incident, OutboxMessage, Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def incident(personas: dict[str, Any]) -> Incident:
    source = Source.objects.create(kind="news", sha256="a" * 64, size=1, media_type="text/plain",
                                   original_enc=b"x", publisher="Example Daily", published=dt.date(2030, 5, 4))
    incident = Incident.objects.create(title="t", event_type="forced_repatriation",
                                       date_start=dt.date(2030, 5, 1), date_end=dt.date(2030, 5, 1),
                                       count_low=40, count_high=60)
    Claim.objects.create(source=source, incident=incident, event_type="forced_repatriation",
                         count_low=40, count_high=60, hedging="reported")
    Claim.objects.create(source=source, event_type="detention", count_low=700, count_high=900,
                         hedging="estimated", date_start=dt.date(2030, 4, 1))
    return incident


def test_stored_incidents_and_claims_become_indicators_known_when_published(incident: Incident) -> None:
    from refwatch.jobs.watch import store_indicators

    indicators = store_indicators(include_example=False)
    assert [r.low for r in indicators.repatriations] == [40]
    assert [b.low for b in indicators.backlog] == [700]
    assert indicators.as_of(dt.date(2030, 5, 3)).repatriations == ()
    assert len(indicators.as_of(dt.date(2030, 5, 4)).repatriations) == 1


def test_imported_indicator_rows_are_validated_and_stored(personas: dict[str, Any], tmp_path: Path) -> None:
    from refwatch.analysis.warning import HistoryFormatError
    from refwatch.jobs.watch import import_indicators, store_indicators

    good = tmp_path / "border.csv"
    good.write_text("id,refers_from,known,source_publisher,state\nb1,2030-01-01,2030-01-02,Monitor,open\n")
    assert import_indicators(good, acting_user=personas["documenter"]) == 1
    assert [b.id for b in store_indicators(include_example=False).border] == ["b1"]
    bad = tmp_path / "arrests.csv"
    bad.write_text("id,refers_from,known,source_publisher\nx1,2030-01-01,,Monitor\n")
    with pytest.raises(HistoryFormatError, match="known"):
        import_indicators(bad, acting_user=None)


def test_alerts_are_recorded_once_a_day_and_audited() -> None:
    from refwatch.analysis.warning import default_rules, evaluate, example_history
    from refwatch.jobs.watch import record_alerts

    alerts = evaluate(default_rules(), example_history(), dt.date(2023, 10, 1))
    assert alerts
    assert len(record_alerts(alerts, acting_user=None)) == len(alerts)
    assert record_alerts(alerts, acting_user=None) == []
    assert AlertRecord.objects.count() == len(alerts)
    assert AuditEvent.objects.filter(action="alert.raised").count() == len(alerts)


def test_the_database_outbox_keeps_every_delivery_attempt() -> None:
    from refwatch.alerts.outbox import OutboxEntry
    from refwatch.jobs.watch import DatabaseOutbox

    outbox = DatabaseOutbox()
    entry = OutboxEntry(id="e1", channel="webhook:x", alert={"rule_id": "r"},
                        created=dt.datetime(2030, 1, 1, tzinfo=dt.UTC))
    outbox.put(entry)
    outbox.put(entry.with_attempt(dt.datetime(2030, 1, 1, 0, 1, tzinfo=dt.UTC), "HTTP 500"))
    got = outbox.get("e1")
    assert got is not None and got.status == "pending" and got.last_error == "HTTP 500"
    assert [e.id for e in outbox.entries("pending")] == ["e1"]
    assert OutboxMessage.objects.count() == 1


def test_an_observation_entered_by_hand_is_validated_and_used() -> None:
    from click.testing import CliRunner

    from refwatch.cli import main
    from refwatch.jobs.watch import store_indicators

    ok = CliRunner().invoke(main, ["watch", "--add-indicator",
                                   "kind=border; id=hand-1; refers_from=2030-02-01; known=2030-02-02; "
                                   "source_publisher=Monitor; state=open"])
    assert ok.exit_code == 0, ok.output
    assert [b.id for b in store_indicators(include_example=False).border] == ["hand-1"]
    bad = CliRunner().invoke(main, ["watch", "--add-indicator", "kind=border; id=hand-2; refers_from=2030-02-01"])
    assert bad.exit_code != 0 and "known" in bad.output
    assert AuditEvent.objects.filter(action="indicators.entered").count() == 1
