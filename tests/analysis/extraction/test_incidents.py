"""Incidents: claims of many documents grouped, figures kept side by side."""

from __future__ import annotations

from typing import Any

from refwatch.analysis.extraction import group_incidents
from refwatch.analysis.extraction.incidents import date_window


def claim(doc: str, n: int, **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "doc_id": doc, "claim_id": f"{doc}-{n:02d}", "event_type": "forced_repatriation",
        "count_low": None, "count_high": None, "qualifier": None, "count_text": None,
        "date_start": None, "date_end": None, "place": None, "place_ids": [],
        "attributed_to": "author", "hedging": "asserted", "corroborated_by": None, "denied_by": None,
    }
    base.update(fields)
    return base


def test_it_groups_conflicting_figures_into_one_incident() -> None:
    claims = [
        claim("a", 1, count_low=500, qualifier="more_than", date_start="2023-10-09", date_end="2023-10-09"),
        claim("b", 1, count_low=600, count_high=600, qualifier="about", date_start="2023-10"),
        claim("c", 1, count_low=200, count_high=200, qualifier="about", date_start="2023-10-08",
              date_end="2023-10-15"),
        claim("d", 1, count_low=200, count_high=999, qualifier="vague", date_start="2023-10-09",
              date_end="2023-10-09"),
    ]
    report = group_incidents(claims)
    assert len(report.incidents) == 1
    incident = report.incidents[0]
    assert (incident.count_low, incident.count_high) == (200, 600)
    assert [f.doc_id for f in incident.figures] == ["a", "b", "c", "d"]
    assert incident.date_start == "2023-10-09"


def test_it_keeps_different_days_apart_even_through_a_month() -> None:
    claims = [
        claim("a", 1, count_low=80, count_high=80, date_start="2023-08-29", date_end="2023-08-29"),
        claim("b", 1, count_low=40, count_high=40, date_start="2023-09-18", date_end="2023-09-18"),
        claim("c", 1, date_start="2023-09"),
        claim("d", 1, count_low=60, count_high=60, date_start="2023-09-02", date_end="2023-09-03"),
    ]
    incidents = group_incidents(claims).incidents
    days = sorted(i.date_start or "" for i in incidents)
    assert len(incidents) == 3
    assert days[0] == "2023-08-29"


def test_it_separates_event_types_and_incompatible_places() -> None:
    claims = [
        claim("a", 1, date_start="2024-04-26", place_ids=["cn-jl-tumen"]),
        claim("b", 1, date_start="2024-04-26", place_ids=["cn-yn-kunming"]),
        claim("c", 1, date_start="2024-04-26", place_ids=["cn-jl"]),
        claim("d", 1, event_type="arrest", date_start="2024-04-26"),
    ]
    incidents = group_incidents(claims).incidents
    grouped = sorted(sorted(i.documents) for i in incidents)
    assert grouped == [["a", "c"], ["b"], ["d"]]


def test_it_does_not_merge_a_total_with_a_single_return() -> None:
    claims = [
        claim("a", 1, count_low=670, qualifier="more_than", date_start="2020-01", date_end="2024-05"),
        claim("b", 1, count_low=60, count_high=60, date_start="2024-04-26", date_end="2024-04-26"),
    ]
    assert len(group_incidents(claims).incidents) == 2


def test_it_attaches_undated_mentions_of_the_same_article_and_lists_the_rest() -> None:
    claims = [
        claim("a", 1, count_low=600, count_high=600, date_start="2023-10-09", date_end="2023-10-09"),
        claim("a", 2, hedging="apparent", attributed_to="Ministry of Unification (ROK)"),
        claim("a", 3, count_low=180, count_high=180),
        claim("z", 1),
    ]
    report = group_incidents(claims)
    assert report.incidents[0].claims == ("a/a-01", "a/a-02")
    assert report.unassigned == ("a/a-03", "z/z-01")


def test_it_collects_corroborations_and_denials() -> None:
    claims = [
        claim("a", 1, date_start="2023-10-09", corroborated_by="Ministry of Unification (ROK)",
              denied_by="PRC government"),
        claim("b", 1, date_start="2023-10-09", hedging="denied", attributed_to="PRC Ministry of Foreign Affairs"),
    ]
    incident = group_incidents(claims).incidents[0]
    assert incident.corroborated_by == ("Ministry of Unification (ROK)",)
    assert incident.denied_by == ("PRC government", "PRC Ministry of Foreign Affairs")


def test_it_reads_reduced_precision_windows() -> None:
    window = date_window("2023-02", None)
    assert window is not None and (window[0].day, window[1].day) == (1, 28)
    assert date_window("2023", "2024-05")[1].isoformat() == "2024-05-31"  # type: ignore[index]
    assert date_window(None, None) is None
    assert date_window("soon", None) is None
