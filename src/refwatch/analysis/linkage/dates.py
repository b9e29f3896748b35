"""Birth dates for linkage: precision, lunar/solar candidates, Korean age, comparison levels.

Lists write birth dates as they were known: a full date, a month, a year, an
age (Korean reckoning counts one at birth and adds one each New Year), a
lunar date marked (음) or 음력 or unmarked, a date with day and month swapped
or a day off.  The list importer (:mod:`refwatch.analysis.lists`) reads the text
into a :class:`~refwatch.analysis.lists.PartialDate`; this module says which
solar dates a partial date may stand for and how close two of them are.

>>> from refwatch.analysis.lists import PartialDate
>>> lunar = PartialDate(1975, 1, 30, lunar=True)
>>> solar = PartialDate(1975, 3, 12)
>>> compare_birth(lunar, solar)
'lunar_solar'
>>> compare_birth(PartialDate(1975, 3, 12), PartialDate(1975, 12, 3))
'near'
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from refwatch.analysis.linkage.lunar import LUNAR_YEARS, lunar_to_solar
from refwatch.analysis.lists import PartialDate

__all__ = [
    "LEVELS",
    "BirthReading",
    "birth_years_from_age",
    "compare_birth",
    "read_birth",
    "solar_candidates",
]

LEVELS: tuple[str, ...] = (
    "exact",
    "lunar_solar",
    "near",
    "year_month",
    "year",
    "age_range",
    "year_near",
    "different",
    "missing",
)
"""Comparison levels of :func:`compare_birth`, from strongest agreement to none.

``exact``: same date as written.  ``lunar_solar``: the same day once a lunar date
(marked, or unmarked and possibly lunar) is converted to solar.  ``near``: one
day apart, or day and month swapped.  ``year_month``: same year and month.
``year``: same year.  ``age_range``: a year within a range derived from an age.
``year_near``: years one apart (or ranges that overlap).  ``different``: none of
these.  ``missing``: either date unknown.
"""


@dataclass(frozen=True)
class BirthReading:
    """What a partial birth date may mean, precomputed for comparison.

    ``dates`` are the full dates as written (empty unless day precision),
    ``solar`` the solar dates it may stand for (a marked lunar date only its
    conversion; an unmarked one itself and, when ``maybe_lunar``, its
    conversion too), ``years`` every year it may fall in and ``low``/``high``
    the year range (from an age or an approximate year).
    """

    precision: str | None
    year: int | None
    month: int | None
    day: int | None
    lunar: bool
    solar: tuple[dt.date, ...]
    years: frozenset[int]
    low: int | None
    high: int | None

    @property
    def missing(self) -> bool:
        return self.precision is None

    def solar_iso(self) -> tuple[str, ...]:
        """The solar candidates as ISO strings (for SQL engines)."""
        return tuple(d.isoformat() for d in self.solar)


_MISSING = BirthReading(None, None, None, None, False, (), frozenset(), None, None)


def _valid(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def solar_candidates(date: PartialDate, *, maybe_lunar: bool = True) -> tuple[dt.date, ...]:
    """Solar dates a day-precision date may stand for (empty for coarser precision).

    A date marked lunar gives its conversion (the ordinary month, then the
    intercalary one if it exists).  An unmarked date gives itself and, when
    ``maybe_lunar`` (lists often omit the mark), its lunar conversion.

    >>> solar_candidates(PartialDate(1975, 1, 30, lunar=True))
    (datetime.date(1975, 3, 12),)
    """
    if date.precision != "day" or date.year is None or date.month is None or date.day is None:
        return ()
    y, m, d = date.year, date.month, date.day
    out: list[dt.date] = []
    if not date.lunar:
        as_written = _valid(y, m, d)
        if as_written is not None:
            out.append(as_written)
    if (date.lunar or maybe_lunar) and LUNAR_YEARS[0] <= y < LUNAR_YEARS[1]:
        for leap in (False, True):
            converted = lunar_to_solar(y, m, d, leap)
            if converted is not None and converted not in out:
                out.append(converted)
    return tuple(out)


@lru_cache(maxsize=262144)
def read_birth(date: PartialDate | None, *, maybe_lunar: bool = True) -> BirthReading:
    """Precompute what a partial birth date may mean (see :class:`BirthReading`).

    A range (from an age) keeps only its years; an approximate year widens by a
    year each way; a lunar date in January or February of the lunar year may
    fall in the next solar year, which ``years`` includes.
    """
    if date is None:
        return _MISSING
    if date.precision == "range":
        low, high = date.year_low, date.year_high
        if low is None or high is None:
            return _MISSING
        return BirthReading(
            "range", None, None, None, False, (), frozenset(range(low, high + 1)), low, high
        )
    if date.year is None:
        return _MISSING
    spread = 1 if date.approximate else 0
    solar = solar_candidates(date, maybe_lunar=maybe_lunar)
    years = set(range(date.year - spread, date.year + spread + 1))
    years.update(d.year for d in solar)
    if date.lunar and date.precision != "day" and (date.month is None or date.month <= 2):
        years.add(date.year + 1)
    return BirthReading(
        precision=date.precision,
        year=date.year,
        month=date.month,
        day=date.day,
        lunar=date.lunar,
        solar=solar,
        years=frozenset(years),
        low=min(years),
        high=max(years),
    )


def birth_years_from_age(age: int, reference_year: int, reckoning: str = "unknown") -> range:
    """Birth years consistent with an age in a reference year.

    ``korean``: Korean reckoning (1 at birth, +1 each New Year): exactly
    ``reference_year - age + 1``.  ``international``: ``reference_year - age``
    or the year before.  ``unknown``: both readings.

    >>> list(birth_years_from_age(36, 2023, "korean"))
    [1988]
    >>> list(birth_years_from_age(36, 2023))
    [1986, 1987, 1988]
    """
    if age < 0:
        raise ValueError("age must be >= 0")
    if reckoning == "korean":
        return range(reference_year - age + 1, reference_year - age + 2)
    if reckoning == "international":
        return range(reference_year - age - 1, reference_year - age + 1)
    if reckoning == "unknown":
        return range(reference_year - age - 1, reference_year - age + 2)
    raise ValueError(f"unknown reckoning {reckoning!r}")


def _near(a: tuple[dt.date, ...], b: tuple[dt.date, ...]) -> bool:
    one_day = dt.timedelta(days=1)
    for x in a:
        for y in b:
            if abs(x - y) <= one_day:
                return True
            if x.year == y.year and x.month == y.day and x.day == y.month:
                return True
    return False


def _as_written(r: BirthReading) -> tuple[dt.date, ...]:
    if r.precision != "day" or r.year is None or r.month is None or r.day is None:
        return ()
    d = _valid(r.year, r.month, r.day)
    return (d,) if d is not None else ()


def compare_birth(a: PartialDate | None, b: PartialDate | None, *, maybe_lunar: bool = True) -> str:
    """The strongest level of :data:`LEVELS` at which two birth dates agree.

    Day-precision dates are compared as written, then through their solar
    candidates; coarser dates by the parts both know; a range from an age by
    whether the other's years fall in it.  Symmetric.
    """
    return compare_readings(
        read_birth(a, maybe_lunar=maybe_lunar), read_birth(b, maybe_lunar=maybe_lunar)
    )


def compare_readings(ra: BirthReading, rb: BirthReading) -> str:
    """:func:`compare_birth` on precomputed readings."""
    if ra.missing or rb.missing:
        return "missing"
    if ra.precision == "day" and rb.precision == "day":
        if (ra.year, ra.month, ra.day, ra.lunar) == (rb.year, rb.month, rb.day, rb.lunar):
            return "exact"
        if set(ra.solar) & set(rb.solar):
            return "lunar_solar"
        if _near(ra.solar or _as_written(ra), rb.solar or _as_written(rb)):
            return "near"
        if (ra.year, ra.month, ra.day) == (rb.year, rb.day, rb.month):
            return "near"
    if "range" in (ra.precision, rb.precision):
        if ra.years & rb.years:
            return "age_range"
        return "year_near" if _years_apart(ra, rb) <= 1 else "different"
    if ra.year == rb.year and ra.month is not None and ra.month == rb.month:
        return "year_month"
    if _solar_month_match(ra, rb):
        return "year_month"
    if ra.year == rb.year or ra.years & rb.years:
        return "year"
    if _years_apart(ra, rb) <= 1:
        return "year_near"
    return "different"


def _solar_month_match(ra: BirthReading, rb: BirthReading) -> bool:
    months_a = {(d.year, d.month) for d in ra.solar}
    months_b = {(d.year, d.month) for d in rb.solar}
    if rb.precision == "month" and rb.year is not None and rb.month is not None:
        months_b.add((rb.year, rb.month))
    if ra.precision == "month" and ra.year is not None and ra.month is not None:
        months_a.add((ra.year, ra.month))
    return bool(months_a & months_b) and (ra.precision != "year" and rb.precision != "year")


def _years_apart(ra: BirthReading, rb: BirthReading) -> int:
    if not ra.years or not rb.years:
        return 99
    return min(abs(x - y) for x in ra.years for y in rb.years)
