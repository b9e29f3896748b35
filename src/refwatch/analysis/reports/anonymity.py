"""Quasi-identifier check: no published combination singles a person out.

Sex, birth year, home county, detention place and event date are each harmless
alone, but together they can point at one person whose family is still in North
Korea. :func:`anonymise` looks for the least coarse generalisation (birth year to
5- or 10-year bands, county to province, place to region, day to month, quarter or
year, or the value withheld) under which every combination published, together
with the event type, covers at least ``k`` people, allowing at most
``policy.max_record_suppression`` of the people to be left out of the release.

>>> from datetime import date
>>> from refwatch.analysis.reports.model import QuasiIdentifierRow as Q
>>> rows = [Q("F", 1990 + i % 3, "Musan", "North Hamgyong", event_date=date(2021, 1, 1 + i),
...           event_type="forced_repatriation") for i in range(12)]
>>> release = anonymise(rows, SuppressionPolicy(k=5))
>>> release.unique_at_full_detail, min(c.count for c in release.classes) >= 5
(12, True)
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from refwatch.analysis.reports.disclosure import SuppressionPolicy
from refwatch.analysis.reports.model import QuasiIdentifierRow

WITHHELD = "*"
QI_FIELDS: tuple[str, ...] = ("sex", "birth_year", "home", "detention", "event_date")

_Level = tuple[str, Callable[[QuasiIdentifierRow], str]]


def _text(value: object) -> str:
    return WITHHELD if value is None or value == "" else str(value)


def _band(width: int) -> Callable[[QuasiIdentifierRow], str]:
    def level(row: QuasiIdentifierRow) -> str:
        if row.birth_year is None:
            return WITHHELD
        start = row.birth_year - row.birth_year % width
        return f"{start}-{start + width - 1}"

    return level


def _date_level(kind: str) -> Callable[[QuasiIdentifierRow], str]:
    def level(row: QuasiIdentifierRow) -> str:
        day: date | None = row.event_date
        if day is None:
            return WITHHELD
        if kind == "day":
            return day.isoformat()
        if kind == "month":
            return f"{day.year:04d}-{day.month:02d}"
        if kind == "quarter":
            return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
        return f"{day.year:04d}"

    return level


# Each ladder goes from the finest published form to withholding the value.
LADDERS: dict[str, tuple[_Level, ...]] = {
    "sex": (("sex", lambda r: _text(r.sex)), ("withheld", lambda r: WITHHELD)),
    "birth_year": (
        ("year", lambda r: _text(r.birth_year)),
        ("5-year band", _band(5)),
        ("10-year band", _band(10)),
        ("withheld", lambda r: WITHHELD),
    ),
    "home": (
        ("county", lambda r: _text(r.home_county)),
        ("province", lambda r: _text(r.home_province)),
        ("withheld", lambda r: WITHHELD),
    ),
    "detention": (
        ("place", lambda r: _text(r.detention_place)),
        ("region", lambda r: _text(r.detention_region)),
        ("withheld", lambda r: WITHHELD),
    ),
    "event_date": (
        ("day", _date_level("day")),
        ("month", _date_level("month")),
        ("quarter", _date_level("quarter")),
        ("year", _date_level("year")),
        ("withheld", lambda r: WITHHELD),
    ),
}


@dataclass(frozen=True)
class ReleasedClass:
    """One published combination (generalised values in ``QI_FIELDS`` order)."""

    values: tuple[str, ...]
    event_type: str
    count: int


@dataclass(frozen=True)
class QuasiIdentifierRelease:
    """Outcome of the quasi-identifier check.

    ``levels`` names the generalisation used per field; ``classes`` are the
    combinations that may be published (each covers at least ``k`` people);
    ``withheld_people`` were in combinations too small even then and are left out.
    ``unique_at_full_detail`` counts people alone in their combination before any
    generalisation: the risk the check removed.
    """

    k: int
    levels: tuple[tuple[str, str], ...]
    classes: tuple[ReleasedClass, ...]
    total_people: int
    withheld_people: int
    unique_at_full_detail: int
    smallest_class_at_full_detail: int

    @property
    def satisfied(self) -> bool:
        return all(c.count >= self.k for c in self.classes)


def generalised_key(row: QuasiIdentifierRow, levels: Sequence[int]) -> tuple[str, ...]:
    """The row's quasi-identifiers at the given ladder positions (one per field)."""
    return tuple(LADDERS[name][lvl][1](row) for name, lvl in zip(QI_FIELDS, levels, strict=True))


def _columns(rows: Sequence[QuasiIdentifierRow]) -> dict[str, list[list[str]]]:
    """Every field's values at every ladder level, computed once."""
    return {name: [[fn(r) for r in rows] for _, fn in ladder] for name, ladder in LADDERS.items()}


def _classes(
    columns: dict[str, list[list[str]]], events: list[str], levels: Sequence[int]
) -> Counter[tuple[tuple[str, ...], str]]:
    picked = [columns[name][lvl] for name, lvl in zip(QI_FIELDS, levels, strict=True)]
    return Counter(zip(zip(*picked, strict=True), events, strict=True))


def anonymise(
    rows: Sequence[QuasiIdentifierRow], policy: SuppressionPolicy
) -> QuasiIdentifierRelease:
    """Find the least coarse k-anonymous generalisation of the rows.

    Tries every combination of ladder positions (a few hundred), keeps those
    where the people in combinations smaller than ``k`` are at most
    ``policy.max_record_suppression`` of all, and picks the one with the least
    total coarsening, then the fewest people left out. If none qualifies, every
    field is withheld and only event types are counted (small event-type counts
    are then left out too). Returns what may be published.
    """
    k = policy.k
    total = len(rows)
    columns = _columns(rows)
    events = [r.event_type or WITHHELD for r in rows]
    finest = _classes(columns, events, [0] * len(QI_FIELDS))
    unique = sum(c for c in finest.values() if c == 1)
    smallest = min(finest.values()) if finest else 0
    budget = int(policy.max_record_suppression * total)
    best: tuple[tuple[int, int], tuple[int, ...]] | None = None
    ranges = [range(len(LADDERS[name])) for name in QI_FIELDS]
    for levels in itertools.product(*ranges):
        counts = _classes(columns, events, levels)
        dropped = sum(c for c in counts.values() if c < k)
        if dropped > budget:
            continue
        loss = sum(
            lvl / (len(LADDERS[name]) - 1) for name, lvl in zip(QI_FIELDS, levels, strict=True)
        )
        score = (round(loss * 1000), dropped)
        if best is None or score < best[0]:
            best = (score, tuple(levels))
    chosen = best[1] if best is not None else tuple(len(LADDERS[n]) - 1 for n in QI_FIELDS)
    counts = _classes(columns, events, chosen)
    kept = tuple(
        ReleasedClass(values, event_type, count)
        for (values, event_type), count in sorted(counts.items())
        if count >= k
    )
    return QuasiIdentifierRelease(
        k=k,
        levels=tuple(
            (name, LADDERS[name][lvl][0]) for name, lvl in zip(QI_FIELDS, chosen, strict=True)
        ),
        classes=kept,
        total_people=total,
        withheld_people=total - sum(c.count for c in kept),
        unique_at_full_detail=unique,
        smallest_class_at_full_detail=smallest,
    )
