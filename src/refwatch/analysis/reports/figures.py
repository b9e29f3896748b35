"""Vector figures as plain geometry: a timeline, a map and a bar chart.

Each function returns a frozen description (positions in SVG user units, labels
already in the report's language); the templates draw it as inline SVG with
autoescaping, so no markup is ever assembled from strings here.

>>> from datetime import date, timedelta
>>> from refwatch.analysis.reports.model import Bilingual, Incident, Period
>>> inc = Incident("i1", Bilingual("Mass return"), "forced_repatriation", date(2023, 10, 9))
>>> fig = timeline_figure((inc,), Period(date(2023, 1, 1), date(2023, 12, 31)), "en")
>>> [lane.label for lane in fig.lanes]
['Forced repatriation']
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from refwatch.analysis.reports import basemap
from refwatch.analysis.reports.model import Incident, Lang, Period
from refwatch.analysis.reports.text import event_label, format_count, format_range


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Lane:
    y: float
    label: str


@dataclass(frozen=True)
class TimelineItem:
    x: float
    x2: float
    y: float
    r: float
    label: str
    title: str
    event_type: str
    number: int


@dataclass(frozen=True)
class TimelineFigure:
    width: float
    height: float
    left: float
    right: float
    axis_y: float
    lanes: tuple[Lane, ...]
    ticks: tuple[Tick, ...]
    items: tuple[TimelineItem, ...]


def _day_x(day: date, period: Period, left: float, right: float) -> float:
    span = max((period.end - period.start).days, 1)
    offset = min(max((day - period.start).days, 0), span)
    return left + (right - left) * offset / span


def _ticks(period: Period, left: float, right: float, lang: Lang) -> tuple[Tick, ...]:
    years = period.end.year - period.start.year
    ticks: list[Tick] = []
    if years >= 2:
        step = max(1, math.ceil(years / 10))
        for year in range(period.start.year + 1, period.end.year + 1, step):
            ticks.append(Tick(_day_x(date(year, 1, 1), period, left, right), str(year)))
    else:
        year, month = period.start.year, period.start.month
        months = (period.end.year - year) * 12 + period.end.month - month + 1
        step = max(1, math.ceil(months / 12))
        for index in range(0, months, step):
            y, m = divmod(month - 1 + index, 12)
            day = date(year + y, m + 1, 1)
            if period.contains(day):
                label = f"{year + y}.{m + 1}" if lang == "ko" else day.strftime("%b %Y")
                ticks.append(Tick(_day_x(day, period, left, right), label))
    return tuple(ticks)


def _fitted(incidents: Sequence[Incident], period: Period) -> Period:
    """The part of the period the incidents occupy, padded by a month each side.

    A report asked for 2000-2030 whose incidents all fall in 2023 gets an axis
    over 2023, not three decades with every mark in one spot.
    """
    if not incidents:
        return period
    pad = timedelta(days=31)
    first = min(i.start for i in incidents) - pad
    last = max(i.end or i.start for i in incidents) + pad
    start, end = max(period.start, first), min(period.end, last)
    return Period(start, end) if start < end else period


def timeline_figure(
    incidents: Sequence[Incident],
    period: Period,
    lang: Lang,
    *,
    width: float = 680.0,
    ranges: Mapping[str, tuple[int | None, int | None]] | None = None,
) -> TimelineFigure:
    """One lane per event type present, one mark per incident sized by its largest figure.

    Incidents are numbered in the order given (the report's incident order), so the
    chart's numbers match the incident headings. The axis covers the part of the
    period the incidents occupy (a month's margin each side); marks outside the
    period are clamped to its edges. ``ranges`` overrides each incident's count range (the
    renderer passes the ranges that survived disclosure control).
    """

    def count_range(incident: Incident) -> tuple[int | None, int | None]:
        return (
            ranges.get(incident.key, (None, None)) if ranges is not None else incident.count_range
        )

    left, right = 150.0, width - 20.0
    period = _fitted(incidents, period)
    kinds = [code for code in dict.fromkeys(i.event_type for i in incidents)]
    lane_gap = 34.0
    top = 20.0
    lanes = tuple(
        Lane(top + lane_gap * (k + 0.5), event_label(code, lang)) for k, code in enumerate(kinds)
    )
    axis_y = top + lane_gap * max(len(kinds), 1) + 6
    biggest = max((count_range(i)[1] or 0 for i in incidents), default=0)
    items: list[TimelineItem] = []
    for number, incident in enumerate(incidents, start=1):
        low, high = count_range(incident)
        top_count = high or 0
        r = 4.0 + (10.0 * math.sqrt(top_count / biggest) if biggest else 0.0)
        y = lanes[kinds.index(incident.event_type)].y
        x = _day_x(incident.start, period, left, right)
        x2 = _day_x(incident.end, period, left, right) if incident.end else x
        items.append(
            TimelineItem(
                x=round(x, 1),
                x2=round(x2, 1),
                y=round(y, 1),
                r=round(r, 1),
                label=f"{number}",
                title=f"{number}. {incident.title.text(lang)} ({format_range(low, high, lang)})",
                event_type=incident.event_type,
                number=number,
            )
        )
    return TimelineFigure(
        width=width,
        height=axis_y + 28,
        left=left,
        right=right,
        axis_y=axis_y,
        lanes=lanes,
        ticks=_ticks(period, left, right, lang),
        items=tuple(items),
    )


@dataclass(frozen=True)
class MapPath:
    kind: str
    points: str


@dataclass(frozen=True)
class MapMarker:
    x: float
    y: float
    number: int
    name: str
    incidents: str


@dataclass(frozen=True)
class MapText:
    x: float
    y: float
    text: str


@dataclass(frozen=True)
class MapFigure:
    width: float
    height: float
    paths: tuple[MapPath, ...]
    seas: tuple[MapPath, ...]
    labels: tuple[MapText, ...]
    graticule: tuple[MapPath, ...]
    graticule_labels: tuple[MapText, ...]
    markers: tuple[MapMarker, ...]
    outside: tuple[MapMarker, ...]
    provenance: str


def map_figure(incidents: Sequence[Incident], lang: Lang, *, width: float = 680.0) -> MapFigure:
    """Incident places as numbered markers over the schematic base map.

    Equirectangular projection scaled by the cosine of the frame's middle
    latitude. Places sharing coordinates (to 0.01°) share a marker. Places with
    coordinates outside the frame are listed in ``outside`` instead (numbered on
    with the others); places without coordinates are left out.
    """
    lat0, lat1, lon0, lon1 = basemap.EXTENT
    scale_x = math.cos(math.radians((lat0 + lat1) / 2))
    height = width * (lat1 - lat0) / ((lon1 - lon0) * scale_x)

    def project(lat: float, lon: float) -> tuple[float, float]:
        return (
            round((lon - lon0) / (lon1 - lon0) * width, 1),
            round((lat1 - lat) / (lat1 - lat0) * height, 1),
        )

    paths = tuple(
        MapPath(line.kind, " ".join(f"{x},{y}" for x, y in (project(*p) for p in line.points)))
        for line in basemap.LINES
    )
    seas = tuple(
        MapPath("sea", " ".join(f"{x},{y}" for x, y in (project(*p) for p in sea)))
        for sea in basemap.SEAS
    )
    labels = tuple(MapText(*project(lb.lat, lb.lon), lb.text.text(lang)) for lb in basemap.LABELS)
    graticule: list[MapPath] = []
    grat_labels: list[MapText] = []
    for lat in range(math.ceil(lat0), math.floor(lat1) + 1):
        (xa, y), (xb, _) = project(lat, lon0), project(lat, lon1)
        graticule.append(MapPath("graticule", f"{xa},{y} {xb},{y}"))
        grat_labels.append(MapText(xa + 2, y - 2, f"{lat}°N"))
    for lon in range(math.ceil(lon0), math.floor(lon1) + 1):
        (x, ya), (_, yb) = project(lat1, lon), project(lat0, lon)
        graticule.append(MapPath("graticule", f"{x},{ya} {x},{yb}"))
        grat_labels.append(MapText(x + 2, yb - 3, f"{lon}°E"))
    spots: dict[tuple[float, float], tuple[str, list[str]]] = {}
    for number, incident in enumerate(incidents, start=1):
        for place in incident.places:
            if place.lat is None or place.lon is None:
                continue
            key = (round(place.lat, 2), round(place.lon, 2))
            name, numbers = spots.setdefault(key, (place.name.text(lang), []))
            if str(number) not in numbers:
                numbers.append(str(number))

    def inside(spot: tuple[float, float]) -> bool:
        return lat0 <= spot[0] <= lat1 and lon0 <= spot[1] <= lon1

    ordered = [s for s in spots if inside(s)] + [s for s in spots if not inside(s)]
    markers: list[MapMarker] = []
    outside: list[MapMarker] = []
    for index, spot in enumerate(ordered, start=1):
        name, numbers = spots[spot]
        x, y = project(*spot)
        marker = MapMarker(x, y, index, name, ", ".join(numbers))
        (markers if inside(spot) else outside).append(marker)
    return MapFigure(
        width=width,
        height=round(height, 1),
        paths=paths,
        seas=seas,
        labels=labels,
        graticule=tuple(graticule),
        graticule_labels=tuple(grat_labels),
        markers=tuple(markers),
        outside=tuple(outside),
        provenance=basemap.PROVENANCE.text(lang),
    )


@dataclass(frozen=True)
class Bar:
    y: float
    width: float
    label: str
    value: str
    suppressed: bool


@dataclass(frozen=True)
class BarFigure:
    width: float
    height: float
    left: float
    bar_height: float
    bars: tuple[Bar, ...]


def bar_figure(
    rows: Sequence[tuple[str, int | None]], lang: Lang, *, width: float = 680.0, mark: str = "‡"
) -> BarFigure:
    """Horizontal bars for published counts; a withheld count (``None``) gets a hatched stub.

    Bar lengths are proportional to the largest published count; a withheld
    bar's length says nothing about its value.
    """
    left, gap, bar_height = 190.0, 24.0, 16.0
    biggest = max((v for _, v in rows if v is not None), default=0)
    span = width - left - 70
    bars = tuple(
        Bar(
            y=round(8 + gap * index, 1),
            width=round(span * value / biggest, 1) if value is not None and biggest else 12.0,
            label=label,
            value=format_count(value, lang) if value is not None else mark,
            suppressed=value is None,
        )
        for index, (label, value) in enumerate(rows)
    )
    return BarFigure(width, 16 + gap * len(rows), left, bar_height, bars)
