"""Korean lunar <-> solar conversion, wrapping ``korean-lunar-calendar`` (KARI tables).

Older North Koreans often know their birthday in the lunar calendar; lists then
carry a lunar date, marked ((음), 음력) or not.  These two functions are the only
place the package touches the calendar library; results are cached because
lists repeat the same birth dates.
"""

from __future__ import annotations

import datetime as dt
import threading
from functools import lru_cache

from korean_lunar_calendar import KoreanLunarCalendar

LUNAR_YEARS = (1000, 2050)
"""Years the KARI tables cover."""

# A calendar object memoises year sums; a fresh one per call costs ~2.5 ms, a
# reused one ~0.06 ms.  One per thread, since conversions set its state.
_LOCAL = threading.local()


def _calendar() -> KoreanLunarCalendar:
    cal: KoreanLunarCalendar | None = getattr(_LOCAL, "calendar", None)
    if cal is None:
        cal = KoreanLunarCalendar()
        _LOCAL.calendar = cal
    return cal


@lru_cache(maxsize=65536)
def solar_to_lunar(year: int, month: int, day: int) -> tuple[int, int, int, bool] | None:
    """The lunar (year, month, day, intercalary) of a solar date, or None if out of range.

    >>> solar_to_lunar(1975, 3, 12)
    (1975, 1, 30, False)
    """
    try:
        dt.date(year, month, day)
    except ValueError:
        return None
    cal = _calendar()
    if not cal.setSolarDate(year, month, day):
        return None
    return cal.lunarYear, cal.lunarMonth, cal.lunarDay, bool(cal.isIntercalation)


@lru_cache(maxsize=65536)
def lunar_to_solar(year: int, month: int, day: int, intercalary: bool = False) -> dt.date | None:
    """The solar date of a lunar date, or None if that lunar date does not exist.

    >>> lunar_to_solar(1975, 1, 30)
    datetime.date(1975, 3, 12)
    """
    if not (1 <= month <= 12 and 1 <= day <= 30):
        return None
    cal = _calendar()
    if not cal.setLunarDate(year, month, day, intercalary):
        return None
    return dt.date(cal.solarYear, cal.solarMonth, cal.solarDay)
