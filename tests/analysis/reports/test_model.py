"""Input types refuse inconsistent data at construction, where the glue can see why."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

import pytest

from refwatch.analysis.reports import (
    Bilingual,
    ClaimFigure,
    CountTable,
    Incident,
    Intervention,
    Period,
    Place,
    ReportMeta,
    SourceRef,
    sample_report_data,
)


def test_it_falls_back_to_the_other_language() -> None:
    assert Bilingual("Arrest", "").text("ko") == "Arrest"
    assert Bilingual("", "체포").text("en") == "체포"


def test_it_refuses_a_reversed_period_and_range() -> None:
    with pytest.raises(ValueError):
        Period(date(2024, 1, 1), date(2023, 1, 1))
    with pytest.raises(ValueError):
        ClaimFigure("S", 10, 5)


def test_it_refuses_an_unknown_event_type_and_a_bad_hash() -> None:
    with pytest.raises(ValueError):
        Incident("x", Bilingual("x"), "kidnap", date(2023, 1, 1))
    with pytest.raises(ValueError):
        SourceRef("S", "t", "p", "not-a-hash")


def test_it_refuses_half_coordinates_and_naive_times() -> None:
    with pytest.raises(ValueError):
        Place(Bilingual("x"), lat=40.0)
    with pytest.raises(ValueError):
        ReportMeta(Bilingual("t"), Bilingual("o"), datetime(2024, 1, 1))
    ReportMeta(Bilingual("t"), Bilingual("o"), datetime(2024, 1, 1, tzinfo=UTC))


def test_it_refuses_a_claim_citing_an_unknown_source() -> None:
    data = sample_report_data()
    orphan = dataclasses.replace(data.incidents[0], claims=(ClaimFigure("NOPE", 1, 1),))
    with pytest.raises(ValueError, match="unknown source"):
        dataclasses.replace(data, incidents=(orphan,))


def test_it_refuses_an_intervention_about_an_unknown_incident() -> None:
    data = sample_report_data()
    stray = Intervention(
        "I9", date(2023, 1, 1), Bilingual("a"), "demand", Bilingual("s"), incident_keys=("nope",)
    )
    with pytest.raises(ValueError, match="unknown incident"):
        dataclasses.replace(data, interventions=(stray,))


def test_it_refuses_a_ragged_table() -> None:
    with pytest.raises(ValueError):
        CountTable(
            "t", Bilingual("t"), (Bilingual("a"),), (Bilingual("x"), Bilingual("y")), ((1,),)
        )


def test_it_takes_an_incident_range_from_its_claims() -> None:
    incident = Incident(
        "x",
        Bilingual("x"),
        "arrest",
        date(2023, 1, 1),
        claims=(ClaimFigure("S", 500, None, "more_than"), ClaimFigure("S", 200, 200, "about")),
    )
    assert incident.count_range == (200, 500)


def test_it_counts_documented_people_from_rows() -> None:
    from refwatch.analysis.reports import QuasiIdentifierRow, documented_counts, event_year_table

    rows = [
        QuasiIdentifierRow(event_type="forced_repatriation", event_date=date(2023, 10, 9)),
        QuasiIdentifierRow(event_type="forced_repatriation", event_date=date(2021, 3, 1)),
        QuasiIdentifierRow(event_type="arrest", event_date=None),
        QuasiIdentifierRow(event_type=None, event_date=date(2023, 1, 1)),
    ]
    assert [(c.event_type, c.count) for c in documented_counts(rows)] == [
        ("arrest", 1),
        ("forced_repatriation", 2),
    ]
    table = event_year_table(rows)
    assert [c.en for c in table.col_labels] == ["2021", "2023"]
    assert table.cells == ((1, 1),)
    with pytest.raises(ValueError):
        event_year_table(rows[2:])
