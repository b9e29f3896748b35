"""Counts of people: digits, words, Korean units and the qualifiers of the guidelines."""

from __future__ import annotations

import pytest

from refwatch.analysis.extraction.numbers import find_counts, parse_number


def first(sentence: str, lang: str = "en") -> tuple[int | None, int | None, str]:
    count = find_counts(sentence, lang)[0]
    return count.low, count.high, count.qualifier


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("police returned about 40 women", (40, 40, "about")),
        ("some 600 refugees were held", (600, 600, "about")),
        ("more than 2,000 defectors", (2000, None, "more_than")),
        ("at least 92 North Koreans", (92, None, "at_least")),
        ("as many as 300 people", (None, 300, "up_to")),
        ("roughly 500 to 600 detainees", (500, 600, "range")),
        ("seven detained North Koreans", (7, 7, "exact")),
        ("twenty-one escapees", (21, 21, "exact")),
        ("hundreds of North Koreans", (200, 999, "vague")),
        ("dozens of defectors", (20, 99, "vague")),
        ("a large number of refugees", (None, None, "vague")),
        ("two men, three women and a girl were held", (6, 6, "exact")),
        ("2,000-odd defectors", (2000, None, "more_than")),
        ("fewer than 30 people", (None, 30, "up_to")),
    ],
)
def test_it_reads_english_counts(sentence: str, expected: tuple[int | None, int | None, str]) -> None:
    assert first(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("탈북민 약 300명이", (300, 300, "about")),
        ("탈북민 400여 명을", (400, None, "more_than")),
        ("최소 25명이 체포됐다", (25, None, "at_least")),
        ("30-40명이 붙잡혔다", (30, 40, "range")),
        ("1천~2천여 명이 구금됐다", (1000, 2000, "range")),
        ("3-4천여 명", (3000, 4000, "range")),
        ("수십 명의 탈북민", (20, 99, "vague")),
        ("수백 명이", (200, 999, "vague")),
        ("탈북민 다수가", (None, None, "vague")),
        ("1,200여 명이", (1200, None, "more_than")),
        ("탈북민 몇몇이", (None, None, "vague")),
    ],
)
def test_it_reads_korean_counts(sentence: str, expected: tuple[int | None, int | None, str]) -> None:
    assert first(sentence, "ko") == expected


def test_it_ignores_years_ages_percentages_and_dates() -> None:
    sentence = "In 2019 a 10-year-old and 70 percent of the group left on May 3."
    assert find_counts(sentence, "en") == []


def test_it_marks_a_superset_count() -> None:
    counts = find_counts("구금된 탈북민 1,500여 명 중 300명을 북송했다", "ko")
    assert [(c.low, c.superset) for c in counts] == [(1500, True), (300, False)]


def test_it_parses_korean_units() -> None:
    assert parse_number("1만 2천") == 12000
    assert parse_number("3천5백") == 3500
    assert parse_number("nonsense") is None
