"""Birth dates for linkage: solar candidates, Korean age, comparison levels."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from refwatch.analysis.linkage.dates import (
    LEVELS,
    birth_years_from_age,
    compare_birth,
    read_birth,
    solar_candidates,
)
from refwatch.analysis.linkage.lunar import lunar_to_solar, solar_to_lunar
from refwatch.analysis.lists import PartialDate, birth_range_from_age, parse_date

solar_dates = st.dates(min_value=dt.date(1920, 1, 1), max_value=dt.date(2020, 12, 31))


def day(d: dt.date, *, lunar: bool = False) -> PartialDate:
    return PartialDate(d.year, d.month, d.day, lunar=lunar)


def lunar_of(d: dt.date) -> PartialDate:
    converted = solar_to_lunar(d.year, d.month, d.day)
    assert converted is not None
    y, m, dd, _ = converted
    return PartialDate(y, m, dd, lunar=True)


@pytest.mark.parametrize(
    ("a", "b", "level"),
    [
        ("1975-03-12", "1975-03-12", "exact"),
        ("1975.1.30(음)", "1975-03-12", "lunar_solar"),
        ("음력 1975년 1월 30일", "12 Mar 1975", "lunar_solar"),
        ("1975-01-30", "1975-03-12", "lunar_solar"),  # an unmarked lunar date
        ("1975-03-12", "1975-03-13", "near"),
        ("12/03/1975", "03/12/1975", "near"),  # day and month swapped
        ("1975-03-12", "1975-03-28", "year_month"),
        ("1975.3", "1975-03-12", "year_month"),
        ("1975", "1975-03-12", "year"),
        ("1976", "1975-06-12", "year_near"),
        ("1980", "1975-03-12", "different"),
    ],
)
def test_it_grades_written_dates(a: str, b: str, level: str) -> None:
    assert compare_birth(parse_date(a), parse_date(b)) == level
    assert compare_birth(parse_date(b), parse_date(a)) == level


def test_missing_dates_compare_as_missing() -> None:
    assert compare_birth(None, parse_date("1975")) == "missing"
    assert compare_birth(None, None) == "missing"
    assert read_birth(None).missing


def test_ages_become_birth_year_ranges() -> None:
    assert list(birth_years_from_age(36, 2023, "korean")) == [1988]
    assert list(birth_years_from_age(36, 2023, "international")) == [1986, 1987]
    assert list(birth_years_from_age(36, 2023)) == [1986, 1987, 1988]
    with pytest.raises(ValueError):
        birth_years_from_age(-1, 2023)
    in_range = birth_range_from_age("47세", reference_year=2023)
    assert compare_birth(in_range, parse_date("1977-05-02")) == "age_range"
    assert compare_birth(in_range, parse_date("1970")) == "different"


def test_a_marked_lunar_date_stands_only_for_its_conversion() -> None:
    assert solar_candidates(parse_date("1975.1.30(음)")) == (dt.date(1975, 3, 12),)
    assert dt.date(1975, 1, 30) in solar_candidates(parse_date("1975.1.30"))
    assert solar_candidates(parse_date("1975.1.30"), maybe_lunar=False) == (dt.date(1975, 1, 30),)
    assert solar_candidates(parse_date("1975.1")) == ()


def test_a_lunar_year_may_end_in_the_next_solar_year() -> None:
    reading = read_birth(parse_date("1975.12(음)"))
    assert 1976 in reading.years or 1975 in reading.years
    assert 1976 in read_birth(PartialDate(1975, 12, 20, lunar=True)).years


def test_levels_are_ordered_and_complete() -> None:
    assert LEVELS[0] == "exact" and LEVELS[-1] == "missing"
    assert len(set(LEVELS)) == len(LEVELS)


@settings(max_examples=100, deadline=None)
@given(solar_dates)
def test_a_solar_date_and_its_lunar_date_are_equivalent(d: dt.date) -> None:
    assert compare_birth(lunar_of(d), day(d)) in ("lunar_solar", "exact")


@settings(max_examples=100, deadline=None)
@given(solar_dates)
def test_lunar_conversion_round_trips(d: dt.date) -> None:
    y, m, dd, leap = solar_to_lunar(d.year, d.month, d.day)  # type: ignore[misc]
    assert lunar_to_solar(y, m, dd, leap) == d


@settings(max_examples=100, deadline=None)
@given(solar_dates, st.sampled_from([-1, 1]))
def test_a_day_off_is_near(d: dt.date, delta: int) -> None:
    other = d + dt.timedelta(days=delta)
    assert compare_birth(day(d), day(other)) in ("near", "lunar_solar")


@settings(max_examples=100, deadline=None)
@given(solar_dates, solar_dates)
def test_comparison_is_symmetric_and_a_known_level(a: dt.date, b: dt.date) -> None:
    forward = compare_birth(day(a), day(b))
    assert forward == compare_birth(day(b), day(a))
    assert forward in LEVELS


@settings(max_examples=100, deadline=None)
@given(solar_dates, st.integers(min_value=2000, max_value=2025))
def test_korean_age_brackets_the_birth_year(d: dt.date, year: int) -> None:
    if year < d.year:
        return
    korean_age = year - d.year + 1
    assert d.year in birth_years_from_age(korean_age, year, "korean")
    assert d.year in birth_years_from_age(korean_age, year, "unknown")


@pytest.mark.parametrize("module", ["dates", "lunar"])
def test_the_docstring_examples_hold(module: str) -> None:
    import doctest
    import importlib

    outcome = doctest.testmod(importlib.import_module(f"refwatch.analysis.linkage.{module}"))
    assert outcome.failed == 0 and outcome.attempted > 0
