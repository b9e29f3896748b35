"""Dates resolved against the publication date, and the anchor calendar."""

from __future__ import annotations

import pytest

from refwatch.analysis.extraction.dates import anchor_events, find_dates, parse_published


def values(sentence: str, published: str, lang: str = "en") -> list[tuple[str | None, str | None]]:
    return [(d.start_value, d.end_value) for d in find_dates(sentence, lang, published) if d.role == "event"]


@pytest.mark.parametrize(
    ("sentence", "published", "expected"),
    [
        ("they were sent back on March 3, 2022", "2022-03-10", ("2022-03-03", "2022-03-03")),
        ("they were sent back on 3 March", "2022-03-10", ("2022-03-03", "2022-03-03")),
        ("returned in December", "2022-03-10", ("2021-12", "2021-12")),
        ("held since January 2021", "2021-06-01", ("2021-01", "2021-06-01")),
        ("arrested in late May", "2021-06-30", ("2021-05-21", "2021-05-31")),
        ("detained in early 2020", "2021-06-30", ("2020-01", "2020-04")),
        ("sent back on Tuesday night", "2024-05-10", ("2024-05-07", "2024-05-07")),
        ("returned earlier this week", "2024-05-10", ("2024-05-06", "2024-05-10")),
        ("returned last month", "2024-05-10", ("2024-04", "2024-04")),
        ("sent back last year", "2024-05-10", ("2023", "2023")),
        ("currently held in Yanji", "2024-05-10", ("2024-05-10", "2024-05-10")),
    ],
)
def test_it_resolves_english_dates(sentence: str, published: str, expected: tuple[str, str]) -> None:
    assert values(sentence, published)[0] == expected


@pytest.mark.parametrize(
    ("sentence", "published", "expected"),
    [
        ("지난 3일 밤 북송됐다", "2024-05-10", ("2024-05-03", "2024-05-03")),
        ("지난 20일 체포됐다", "2024-05-10", ("2024-04-20", "2024-04-20")),
        ("지난달 12일 송환됐다", "2024-05-10", ("2024-04-12", "2024-04-12")),
        ("2022년 7월 15일 북송", "2024-05-10", ("2022-07-15", "2022-07-15")),
        ("지난해 9월 체포됐다", "2024-05-10", ("2023-09", "2023-09")),
        ("3월 초부터 지난달까지 체포됐다", "2024-05-10", ("2024-03-01", "2024-04-30")),
        ("현재 구금돼 있다", "2024-05-10", ("2024-05-10", "2024-05-10")),
        ("지난 1215일 북송", "2024-12-20", ("2024-12-15", "2024-12-15")),
    ],
)
def test_it_resolves_korean_dates(sentence: str, published: str, expected: tuple[str, str]) -> None:
    assert values(sentence, published, "ko")[0] == expected


def test_it_anchors_dates_to_the_event_calendar() -> None:
    assert values("sent back the day after the Asian Games closed", "2023-10-20") == [
        ("2023-10-09", "2023-10-09")]
    assert values("returned shortly after the Asian Games ended", "2023-10-11") == [
        ("2023-10-08", "2023-10-11")]
    assert values("held during the COVID pandemic", "2024-01-01") == [("2020-01", "2023-08")]
    assert values("아시안게임 폐막 직후 북송됐다", "2023-10-20", "ko") == [("2023-10-08", "2023-10-15")]


def test_it_picks_the_latest_edition_before_publication() -> None:
    assert values("sent back after the Asian Games ended", "2018-09-10")[0][0] == "2018-09-02"


def test_it_ships_a_calendar_with_sources() -> None:
    events = anchor_events()
    assert any(e.id == "asian-games-2023" and e.end == "2023-10-08" for e in events)


def test_it_treats_reporting_days_as_speech_dates() -> None:
    mentions = find_dates("The ministry said on Friday that 30 were returned.", "en", "2024-05-10")
    assert [m.role for m in mentions] == ["speech"]
    assert [m.role for m in find_dates("단체는 2일 밝혔다", "ko", "2024-05-10")] == ["speech"]


def test_it_reads_reduced_precision_publication_dates() -> None:
    published = parse_published("2023-10")
    assert published is not None and published.precision == "M"
    assert parse_published("not a date") is None


def test_it_tells_a_korean_reporting_day_from_an_event_day() -> None:
    assert values("중국 공안이 5일 탈북민 3명을 체포했다.", "2024-05-14", "ko") == [("2024-05-05", "2024-05-05")]
    assert values("통일부는 13일 탈북민 일부가 북송됐다고 밝혔다.", "2024-05-14", "ko") == []
    assert values("중국은 9일 밤 탈북민을 북송했다고 소식통이 전했다.", "2024-05-14", "ko") == [
        ("2024-05-09", "2024-05-09")]


def test_it_ignores_agency_datelines() -> None:
    mentions = find_dates("SEOUL, Oct. 11 (Yonhap) -- Police held 5 people on Monday night.", "en", "2023-10-11")
    assert [(m.text, m.role) for m in mentions] == [("Oct. 11", "speech"), ("on Monday night", "event")]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("arrested late last year", ("2023-09", "2023-12")),
        ("sent back three days ago", ("2024-05-12", "2024-05-12")),
        ("returned a month ago", ("2024-04", "2024-04")),
        ("sent back over the weekend", ("2024-05-11", "2024-05-12")),
        ("held since early this year", ("2024-01", "2024-05-15")),
        ("moved on Oct. 9 and 10, 2023", ("2023-10-09", "2023-10-10")),
    ],
)
def test_it_reads_parts_of_periods_and_distances(sentence: str, expected: tuple[str, str]) -> None:
    assert values(sentence, "2024-05-15")[0] == expected


def test_it_keeps_the_event_day_after_an_agent_in_a_reported_sentence() -> None:
    sentence = "19일 소식통에 따르면 중국 당국은 14일 탈북민 50여 명을 북한으로 송환했다."
    mentions = find_dates(sentence, "ko", "2021-07-19")
    assert [(m.text, m.role, m.start_value) for m in mentions] == [
        ("19일", "speech", None), ("14일", "event", "2021-07-14")]


def test_it_keeps_an_event_weekday_before_a_trailing_source() -> None:
    mentions = find_dates("Police arrested them on Monday, the group said.", "en", "2024-05-10")
    assert [(m.role, m.start_value) for m in mentions] == [("event", "2024-05-06")]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("returned between July and September 2023", ("2023-07", "2023-09")),
        ("held from March to May", ("2024-03", "2024-05")),
        ("sent back in the first half of 2024", ("2024-01", "2024-06")),
    ],
)
def test_it_reads_spans_between_two_dates(sentence: str, expected: tuple[str, str]) -> None:
    assert values(sentence, "2024-10-01")[0] == expected
    assert values("2023년 하반기에 북송됐다", "2024-10-01", "ko")[0] == ("2023-07", "2023-12")
