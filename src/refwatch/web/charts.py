"""Geometry of the server-rendered SVG charts (timeline, estimate intervals).

Functions here turn plain values into coordinates; templates draw them. No
JavaScript and no inline styles are needed, so the pages keep a strict CSP.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high] (1, 2 or 5 times a power of ten apart)."""
    if high <= low:
        high = low + 1
    raw = (high - low) / max(1, count)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.floor(low / step) * step
    last = math.ceil(high / step) * step
    ticks = []
    for i in range(round((last - first) / step) + 1):
        ticks.append(round(first + i * step, 10))
    return ticks


@dataclass(frozen=True)
class IntervalRow:
    y: float
    label: str
    x_point: float
    x_low: float | None
    x_high: float | None
    estimate: Any


@dataclass(frozen=True)
class IntervalChart:
    width: float
    height: float
    left: float
    rows: tuple[IntervalRow, ...]
    ticks: tuple[tuple[float, float], ...]  # x, value
    observed_x: float | None
    observed: int | None


def interval_chart(estimates: Sequence[Any], *, width: float = 640, row_height: float = 34,
                   left: float = 170) -> IntervalChart | None:
    """Points and intervals of estimates on one axis, with the observed count marked."""
    if not estimates:
        return None
    values = [e.estimate for e in estimates] + [e.observed for e in estimates]
    values += [v for e in estimates for v in (e.interval_low, e.interval_high) if v is not None]
    ticks = nice_ticks(min(values) * 0.97, max(values) * 1.03)
    lo, hi = ticks[0], ticks[-1]
    right = width - 20

    def x(v: float) -> float:
        return round(left + (v - lo) / (hi - lo) * (right - left), 1)

    rows = tuple(
        IntervalRow(
            y=round(20 + i * row_height, 1),
            label=f"{e.method}{' · ' + e.stratum if e.stratum else ''}",
            x_point=x(e.estimate),
            x_low=None if e.interval_low is None else x(e.interval_low),
            x_high=None if e.interval_high is None else x(e.interval_high),
            estimate=e,
        )
        for i, e in enumerate(estimates)
    )
    observed = estimates[0].observed if len({e.observed for e in estimates}) == 1 else None
    return IntervalChart(
        width=width, height=round(30 + len(rows) * row_height + 20, 1), left=left, rows=rows,
        ticks=tuple((x(t), t) for t in ticks), observed_x=None if observed is None else x(observed),
        observed=observed,
    )


@dataclass(frozen=True)
class TimelineMark:
    x: float
    y: float
    w: float  # width of an incident's span (at least 4)
    event_type: str
    count: int | None
    obj: Any


@dataclass(frozen=True)
class Timeline:
    width: float
    height: float
    left: float
    lanes: tuple[tuple[float, str], ...]  # y, event type
    ticks: tuple[tuple[float, dt.date], ...]
    incidents: tuple[TimelineMark, ...]
    claims: tuple[TimelineMark, ...]


def _month_ticks(start: dt.date, end: dt.date, most: int = 6) -> list[dt.date]:
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    step = max(1, math.ceil(months / most))
    ticks, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        ticks.append(dt.date(year, month, 1))
        month += step
        while month > 12:
            month -= 12
            year += 1
    return ticks


def timeline(incidents: Iterable[Any], claims: Iterable[tuple[dt.date, str, int | None]], *,
             width: float = 720, lane_height: float = 30, left: float = 150) -> Timeline | None:
    """Incidents (spans) and claims (dots) on a time axis, one lane per event type."""
    incidents = [i for i in incidents if i.date_start is not None]
    claims = list(claims)
    dates = [i.date_start for i in incidents] + [i.date_end or i.date_start for i in incidents]
    dates += [d for d, _, _ in claims]
    if not dates:
        return None
    types = sorted({i.event_type for i in incidents} | {t for _, t, _ in claims})
    start = min(dates).replace(day=1)
    last = max(dates)
    end = (last.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    span = max(1, (end - start).days)
    right = width - 20

    def x(d: dt.date) -> float:
        return round(float(left + (d - start).days / span * (right - left)), 1)

    lane = {t: 24 + i * lane_height for i, t in enumerate(types)}
    inc_marks = tuple(
        TimelineMark(x(i.date_start), lane[i.event_type],
                     round(max(4.0, x(i.date_end or i.date_start) - x(i.date_start)), 1),
                     i.event_type, i.count_high, i)
        for i in incidents
    )
    claim_marks = tuple(
        TimelineMark(x(d), lane[t] + 9, 0.0, t, n, None) for d, t, n in claims
    )
    ticks = tuple((x(t), t) for t in _month_ticks(start, end) if t <= end)
    return Timeline(
        width=width, height=round(24 + len(types) * lane_height + 30, 1), left=left,
        lanes=tuple((y, t) for t, y in lane.items()), ticks=ticks, incidents=inc_marks, claims=claim_marks,
    )
