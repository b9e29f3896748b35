"""No published combination of quasi-identifiers covers fewer than k people."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from refwatch.analysis.reports.anonymity import QI_FIELDS, anonymise
from refwatch.analysis.reports.disclosure import SuppressionPolicy
from refwatch.analysis.reports.model import QuasiIdentifierRow as Q


def test_it_reports_how_many_people_were_unique_before_coarsening() -> None:
    rows = [
        Q(
            "F",
            1980 + i,
            "Musan",
            "North Hamgyong",
            "Tumen",
            "Jilin",
            date(2023, 1, 1 + i),
            "arrest",
        )
        for i in range(10)
    ]
    release = anonymise(rows, SuppressionPolicy(k=5))
    assert release.unique_at_full_detail == 10
    assert release.smallest_class_at_full_detail == 1
    assert release.satisfied
    assert all(c.count >= 5 for c in release.classes)
    assert sum(c.count for c in release.classes) + release.withheld_people == 10


def test_it_keeps_full_detail_when_it_is_already_safe() -> None:
    rows = [
        Q("F", 1990, "Musan", "North Hamgyong", "Tumen", "Jilin", date(2023, 1, 1), "arrest")
    ] * 6
    release = anonymise(rows, SuppressionPolicy(k=5))
    assert dict(release.levels) == {
        "sex": "sex",
        "birth_year": "year",
        "home": "county",
        "detention": "place",
        "event_date": "day",
    }
    assert release.classes[0].count == 6


def test_it_coarsens_the_cheapest_field_first() -> None:
    rows = [
        Q(
            "F",
            1990 + i % 2,
            "Musan",
            "North Hamgyong",
            "Tumen",
            "Jilin",
            date(2023, 1, 1),
            "arrest",
        )
        for i in range(10)
    ]
    release = anonymise(rows, SuppressionPolicy(k=5))
    levels = dict(release.levels)
    assert levels["birth_year"] == "year"  # two groups of five already satisfy k=5
    rows = [
        Q("F", 1990 + i, "Musan", "North Hamgyong", "Tumen", "Jilin", date(2023, 1, 1), "arrest")
        for i in range(5)
    ]
    assert dict(anonymise(rows, SuppressionPolicy(k=5)).levels)["birth_year"] == "5-year band"


def test_it_never_publishes_a_group_smaller_than_k_even_with_one_person() -> None:
    release = anonymise([Q("M", 1970)], SuppressionPolicy(k=3))
    assert release.classes == ()
    assert release.withheld_people == 1


rows_strategy = st.lists(
    st.builds(
        Q,
        sex=st.sampled_from(["F", "M", None]),
        birth_year=st.one_of(st.none(), st.integers(1940, 2015)),
        home_county=st.sampled_from(["Musan", "Hoeryong", "Onsong", None]),
        home_province=st.sampled_from(["North Hamgyong", "Ryanggang", None]),
        detention_place=st.sampled_from(["Tumen", "Dandong", None]),
        detention_region=st.sampled_from(["Jilin", "Liaoning", None]),
        event_date=st.one_of(st.none(), st.dates(date(2015, 1, 1), date(2025, 12, 31))),
        event_type=st.sampled_from(["arrest", "detention", "forced_repatriation"]),
    ),
    max_size=60,
)


@settings(max_examples=40, deadline=None)
@given(rows_strategy, st.integers(1, 6))
def test_property_every_released_group_has_k_people_and_none_is_lost(rows: list[Q], k: int) -> None:
    release = anonymise(rows, SuppressionPolicy(k=k))
    assert all(c.count >= k for c in release.classes)
    assert sum(c.count for c in release.classes) + release.withheld_people == len(rows)
    assert all(len(c.values) == len(QI_FIELDS) for c in release.classes)
