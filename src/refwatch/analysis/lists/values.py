"""Parsing the values of organisations' lists: partial dates, ages, sex.

Lists record what their authors knew, with the precision they knew it: a full
date, a month, a year, "c. 1985", a lunar date, or only an age. Each parser
keeps that precision instead of inventing days, and raises ``ValueError`` with
a reason a documenter can act on when a value cannot be read.

>>> parse_date("1985.3.15(음)")
PartialDate(year=1985, month=3, day=15, precision='day', lunar=True, approximate=False, year_low=None, year_high=None)
>>> parse_date("Mar 1985").iso()
'1985-03'
>>> birth_range_from_age("36세", reference_year=2023).iso()
'1986/1988'
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

PRECISIONS = ("day", "month", "year", "range")

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}

_LUNAR = re.compile(
    r"\(\s*(음|음력|陰|阴|lunar|l)\s*\)|음력|陰曆|阴历|\blunar\b|^음\s+|\s+음$|\s*\[음\]", re.IGNORECASE
)
_SOLAR = re.compile(r"\(\s*(양|양력|solar|s)\s*\)|양력|\bsolar\b", re.IGNORECASE)
_APPROX = re.compile(
    r"^(c\.|ca\.|circa|about|approx\.?|approximately|around|~|약|대략)\s*|\s*(경|쯤|무렵|\?)$",
    re.IGNORECASE,
)
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))


@dataclass(frozen=True)
class PartialDate:
    """A date known to a precision: day, month, year, or a range of years.

    ``lunar`` marks a date recorded in the Korean lunar calendar (converting it
    is the linkage engine's business); ``approximate`` marks "c. 1985". For
    ``precision == "range"`` only ``year_low`` and ``year_high`` are set.
    """

    year: int | None
    month: int | None = None
    day: int | None = None
    precision: str = "day"
    lunar: bool = False
    approximate: bool = False
    year_low: int | None = None
    year_high: int | None = None

    def __post_init__(self) -> None:
        if self.precision not in PRECISIONS:
            raise ValueError(f"unknown precision {self.precision!r}")

    def iso(self) -> str:
        """ISO 8601 text at the known precision ('1985-03', '1985', '1984/1986')."""
        if self.precision == "range":
            return f"{self.year_low}/{self.year_high}"
        if self.precision == "year":
            return f"{self.year:04d}"
        if self.precision == "month":
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @property
    def first_year(self) -> int:
        return self.year_low if self.precision == "range" else self.year  # type: ignore[return-value]

    @property
    def last_year(self) -> int:
        return self.year_high if self.precision == "range" else self.year  # type: ignore[return-value]

    def to_dict(self) -> dict[str, object]:
        return {
            "iso": self.iso(),
            "precision": self.precision,
            "lunar": self.lunar,
            "approximate": self.approximate,
        }


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).strip()
    return re.sub(r"\s+", " ", text)


def _full_year(year: int, two_digit: bool, pivot_year: int) -> int:
    if not two_digit:
        return year
    century = pivot_year // 100 * 100
    return century + year if century + year <= pivot_year else century - 100 + year


def _checked(year: int, month: int | None, day: int | None, **flags: bool) -> PartialDate:
    if not 1800 <= year <= 2100:
        raise ValueError(f"year {year} is outside 1800–2100")
    if month is None:
        return PartialDate(year, precision="year", **flags)
    if not 1 <= month <= 12:
        raise ValueError(f"month {month} is not between 1 and 12")
    if day is None:
        return PartialDate(year, month, precision="month", **flags)
    # A lunar day 30 can exist in a month whose solar counterpart is shorter.
    limit = 30 if flags.get("lunar") else _days_in_month(year, month)
    if not 1 <= day <= max(limit, _days_in_month(year, month)):
        raise ValueError(f"day {day} does not exist in {year:04d}-{month:02d}")
    return PartialDate(year, month, day, precision="day", **flags)


def _days_in_month(year: int, month: int) -> int:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return (nxt - dt.timedelta(days=1)).day


def parse_date(text: str, *, pivot_year: int = 2030) -> PartialDate:
    """Read a date as lists write it, keeping its precision and lunar mark.

    Accepts 1985-03-15, 1985.3.15, 85.03.15, 19850315, 1985년 3월 15일, 1985년,
    15 March 1985, March 15, 1985, Mar 1985, 1985-03, 15/03/1985 (day first;
    month first only when the day-first reading is impossible), 1985, and
    "c. 1985" / "1985경" (approximate). Lunar marks ((음), 음력, lunar) set
    ``lunar``. Two-digit years are placed in the century that keeps them at or
    before ``pivot_year``.
    """
    return _parse_date(text, pivot_year)


@lru_cache(maxsize=1 << 16)
def _parse_date(text: str, pivot_year: int) -> PartialDate:
    """parse_date, remembered per text: a list of a million people holds a few tens of
    thousands of distinct dates (PartialDate is immutable; failures are not cached)."""
    raw = _normalise(text)
    if not raw:
        raise ValueError("empty date")
    lunar = bool(_LUNAR.search(raw))
    body = _SOLAR.sub(" ", _LUNAR.sub(" ", raw)).strip(" ,;")
    approximate = False
    while True:
        stripped = _APPROX.sub("", body).strip()
        if stripped == body:
            break
        approximate, body = True, stripped
    flags = {"lunar": lunar, "approximate": approximate}
    low = body.casefold()
    # Spreadsheet datetimes ("1975-03-12 00:00:00"), CJK year/month/day marks,
    # "1975년생" (born in) and "1975年" are the same dates written otherwise.
    low = re.sub(r"[ t]00:00(:00(\.0+)?)?$", "", low)
    low = low.replace("年", "년").replace("月", "월").replace("日", "일")
    low = re.sub(r"\s*(년)\s*생$|\s*생$", r"\1", low)
    m = re.fullmatch(r"(\d{2})\s*년(?:\s*(\d{1,2})\s*월)?(?:\s*(\d{1,2})\s*일)?\.?", low)
    if m:
        year = _full_year(int(m[1]), True, pivot_year)
        return _checked(year, _int(m[2]), _int(m[3]), **flags)
    m = re.fullmatch(r"(\d{1,2})\s*[/.-]\s*(\d{4})", low)
    if m:
        return _checked(int(m[2]), int(m[1]), None, **flags)
    m = re.fullmatch(rf"(\d{{1,2}})-({_MONTH_NAMES})-(\d{{4}}|\d{{2}})", low)
    if m:
        return _checked(_full_year(int(m[3]), len(m[3]) == 2, pivot_year), MONTHS[m[2]], int(m[1]), **flags)
    m = re.fullmatch(rf"({_MONTH_NAMES})[-.\s]'?(\d{{2}})", low)
    if m:
        return _checked(_full_year(int(m[2]), True, pivot_year), MONTHS[m[1]], None, **flags)

    m = re.fullmatch(r"(\d{4})\s*년(?:\s*(\d{1,2})\s*월)?(?:\s*(\d{1,2})\s*일)?\.?", low)
    if m:
        return _checked(int(m[1]), _int(m[2]), _int(m[3]), **flags)
    m = re.fullmatch(r"(\d{4})(\d{2})(\d{2})", low)
    if m:
        return _checked(int(m[1]), int(m[2]), int(m[3]), **flags)
    m = re.fullmatch(r"(\d{4}|\d{2})\s*[-./]\s*(\d{1,2})(?:\s*[-./]\s*(\d{1,2}))?\s*\.?", low)
    if m and not (len(m[1]) == 2 and m[3] is None):
        year = _full_year(int(m[1]), len(m[1]) == 2, pivot_year)
        return _checked(year, int(m[2]), _int(m[3]), **flags)
    m = re.fullmatch(r"(\d{1,2})\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{4})", low)
    if m:
        first, second, year = int(m[1]), int(m[2]), int(m[3])
        if second > 12 >= first:  # only month-first can be right
            first, second = second, first
        return _checked(year, second, first, **flags)
    m = re.fullmatch(rf"(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_NAMES})\.?,?\s+(\d{{4}})", low)
    if m:
        return _checked(int(m[3]), MONTHS[m[2]], int(m[1]), **flags)
    m = re.fullmatch(rf"({_MONTH_NAMES})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})", low)
    if m:
        return _checked(int(m[3]), MONTHS[m[1]], int(m[2]), **flags)
    m = re.fullmatch(rf"({_MONTH_NAMES})\.?,?\s+(\d{{4}})", low)
    if m:
        return _checked(int(m[2]), MONTHS[m[1]], None, **flags)
    m = re.fullmatch(r"(\d{4})(?:\.0)?", low)
    if m:
        return _checked(int(m[1]), None, None, **flags)
    raise ValueError(f"not a date form this importer knows: {text!r}")


def _int(text: str | None) -> int | None:
    return int(text) if text else None


_AGE = re.compile(
    r"^(?P<approx>about|around|approx\.?|approximately|c\.|ca\.|약|대략|~)?\s*"
    r"(?P<intl>만\s*)?(?P<n>\d{1,3})\s*(?P<unit>세|살|years?(?: old)?|yrs?|y\.?o\.?|y)?\s*"
    r"(?P<approx2>경|쯤|정도|\?)?$",
    re.IGNORECASE,
)


def birth_range_from_age(text: str, *, reference_year: int) -> PartialDate:
    """Turn an age ("36", "36세", "만 36세", "about 36") into a birth-year range.

    Whether an age is international (만) or Korean-reckoned (세, often one or two
    more) is rarely certain in a list, so a plain age spans both readings:
    born ``reference_year - n - 1`` to ``reference_year - n + 1``. "만" narrows it
    to the international reading; "about" widens it by two years each way.
    """
    m = _AGE.match(_normalise(text))
    if not m:
        raise ValueError(f"not an age: {text!r}")
    n = int(m["n"])
    if n > 120:
        raise ValueError(f"age {n} is over 120")
    low, high = reference_year - n - 1, reference_year - n + 1
    if m["intl"]:
        high = reference_year - n
    approximate = bool(m["approx"] or m["approx2"])
    if approximate:
        low, high = low - 2, high + 2
    return PartialDate(
        None, precision="range", approximate=approximate, year_low=low, year_high=high
    )


_SEX = {
    "f": "F",
    "female": "F",
    "woman": "F",
    "w": "F",
    "여": "F",
    "여자": "F",
    "여성": "F",
    "女": "F",
    "m": "M",
    "male": "M",
    "man": "M",
    "남": "M",
    "남자": "M",
    "남성": "M",
    "男": "M",
}


def parse_sex(text: str) -> str:
    """'F' or 'M' from F/M, 여/남, female/male (any case); ValueError otherwise."""
    key = _normalise(text).casefold().rstrip(".")
    if key in _SEX:
        return _SEX[key]
    raise ValueError(f"not a sex this importer knows: {text!r} (use F/M, 여/남, female/male)")
