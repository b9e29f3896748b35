"""Synthetic people with names and birth dates, and reports built over them.

The names exist only in the tests: the report data receives the people's
quasi-identifiers (sex, birth year, home, detention place, event date), and the
tests check that no name or birth date ever comes out.
"""

from __future__ import annotations

import dataclasses
import random
from datetime import date

import pytest

from refwatch.analysis.reports import QuasiIdentifierRow, ReportData, sample_report_data

SURNAMES = ("김", "리", "박", "최", "정", "한", "조", "윤")
GIVEN = ("가상", "나림", "다온", "라희", "마루", "바다", "사랑", "아름", "자운", "하늘")
ROMAN_SURNAMES = {
    "김": "Kim",
    "리": "Ri",
    "박": "Pak",
    "최": "Choe",
    "정": "Jong",
    "한": "Han",
    "조": "Jo",
    "윤": "Yun",
}
ROMAN_GIVEN = {
    "가상": "Ga-sang",
    "나림": "Na-rim",
    "다온": "Da-on",
    "라희": "Ra-hui",
    "마루": "Ma-ru",
    "바다": "Ba-da",
    "사랑": "Sa-rang",
    "아름": "A-reum",
    "자운": "Ja-un",
    "하늘": "Ha-neul",
}


@dataclasses.dataclass(frozen=True)
class SyntheticPerson:
    name_ko: str
    name_en: str
    birth_date: date
    row: QuasiIdentifierRow

    def forbidden(self) -> tuple[str, ...]:
        """Every form of the identity that must never be published."""
        d = self.birth_date
        return (
            self.name_ko,
            self.name_en,
            d.isoformat(),
            f"{d.year}.{d.month:02d}.{d.day:02d}",
            f"{d.year}년 {d.month}월 {d.day}일",
            f"{d.day} {d.strftime('%B')} {d.year}",
        )


def make_people(seed: int, n: int) -> list[SyntheticPerson]:
    rng = random.Random(seed)
    people = []
    for _ in range(n):
        surname, given = rng.choice(SURNAMES), rng.choice(GIVEN)
        born = date(rng.randint(1960, 2008), rng.randint(1, 12), rng.randint(1, 28))
        row = QuasiIdentifierRow(
            sex=rng.choice(("F", "M")),
            birth_year=born.year,
            home_county=rng.choice(("Musan", "Hoeryong", "Onsong", "Hyesan")),
            home_province=rng.choice(("North Hamgyong", "Ryanggang")),
            detention_place=rng.choice(("Tumen detention centre", "Dandong lockup")),
            detention_region=rng.choice(("Jilin", "Liaoning")),
            event_date=date(2023, rng.randint(1, 12), rng.randint(1, 28)),
            event_type=rng.choice(("forced_repatriation", "detention", "arrest")),
        )
        people.append(
            SyntheticPerson(
                surname + given, f"{ROMAN_SURNAMES[surname]} {ROMAN_GIVEN[given]}", born, row
            )
        )
    return people


@pytest.fixture(scope="session")
def people() -> list[SyntheticPerson]:
    return make_people(seed=11, n=120)


def report_over(people: list[SyntheticPerson], **changes: object) -> ReportData:
    base = sample_report_data(**changes)  # type: ignore[arg-type]
    return dataclasses.replace(base, quasi_identifiers=tuple(p.row for p in people))


@pytest.fixture(scope="session")
def report_en(people: list[SyntheticPerson]) -> ReportData:
    return report_over(people, language="en")


@pytest.fixture(scope="session")
def report_ko(people: list[SyntheticPerson]) -> ReportData:
    return report_over(people, language="ko")
