"""Incidents: claims from many documents that describe the same real-world event.

Two claims describe the same incident when they have the same event type, their
date windows overlap and their places are compatible (one names a place inside the
other's, or one names no place). Dates of reduced precision are windows ("2023-10"
is 1-31 October). A claim with a narrow window (a month or less) joins only narrow
windows it overlaps; claims with wide windows ("since 2020", "during the pandemic")
are totals or periods and join only claims whose window is nearly the same (overlap
at least half of the union). A claim without a date joins the one incident of its
own document with the same event type, if there is exactly one; otherwise it stays
unassigned.

Conflicting figures are never averaged: an incident keeps every figure with its
source document and states the lowest and highest number given.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from refwatch.reference.places import load_places

__all__ = ["Figure", "Incident", "IncidentReport", "date_window", "group_incidents"]

NARROW_DAYS = 31


@dataclass(frozen=True)
class Figure:
    """One count given for an incident, with where it comes from."""

    doc_id: str
    claim_id: str
    low: int | None
    high: int | None
    qualifier: str | None
    count_text: str | None
    attributed_to: str | None
    hedging: str | None


@dataclass(frozen=True)
class Incident:
    """A reconciled incident.

    ``count_low``/``count_high`` are the lowest and highest numbers any source gave
    (vague counts such as "hundreds" are kept as figures but do not set the range); ``date_start``/``date_end`` the
    narrowest window the dated claims agree on (their intersection, or their union
    when they do not intersect); ``claims`` are "doc_id/claim_id" keys.
    """

    incident_id: str
    event_type: str
    date_start: str | None
    date_end: str | None
    places: tuple[str, ...]
    place_ids: tuple[str, ...]
    count_low: int | None
    count_high: int | None
    figures: tuple[Figure, ...]
    claims: tuple[str, ...]
    documents: tuple[str, ...]
    corroborated_by: tuple[str, ...]
    denied_by: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return {
            "incident_id": self.incident_id,
            "event_type": self.event_type,
            "date_start": self.date_start,
            "date_end": self.date_end,
            "places": list(self.places),
            "place_ids": list(self.place_ids),
            "count_low": self.count_low,
            "count_high": self.count_high,
            "figures": [f.__dict__ for f in self.figures],
            "claims": list(self.claims),
            "documents": list(self.documents),
            "corroborated_by": list(self.corroborated_by),
            "denied_by": list(self.denied_by),
        }


@dataclass(frozen=True)
class IncidentReport:
    """The incidents found and the keys of claims that could not be placed in one."""

    incidents: tuple[Incident, ...]
    unassigned: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return {"incidents": [i.to_dict() for i in self.incidents], "unassigned": list(self.unassigned)}


def date_window(start: str | None, end: str | None) -> tuple[date, date] | None:
    """Day window of a reduced-precision ISO range ("2023-10" -> 1..31 Oct 2023).

    An open end ("2023-08", None) is the start's own window. Returns None when the
    start is missing or unreadable.
    """
    first = _bounds(start)
    if first is None:
        return None
    last = _bounds(end) if end else first
    if last is None:
        last = first
    low, high = first[0], max(first[1], last[1])
    return (low, high) if low <= high else (high, low)


def _bounds(value: str | None) -> tuple[date, date] | None:
    if not value:
        return None
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value.strip())
    if not match:
        return None
    year = int(match.group(1))
    try:
        if match.group(3):
            day = date(year, int(match.group(2)), int(match.group(3)))
            return day, day
        if match.group(2):
            month = int(match.group(2))
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    except ValueError:
        return None
    return date(year, 1, 1), date(year, 12, 31)


def _get(claim: Any, name: str) -> Any:
    if isinstance(claim, Mapping):
        return claim.get(name)
    return getattr(claim, name, None)


@dataclass(frozen=True)
class _Item:
    key: str
    doc_id: str
    claim: Any
    event_type: str
    window: tuple[date, date] | None
    place_ids: frozenset[str]


def _ancestors(place_id: str) -> set[str]:
    places = load_places()
    seen: set[str] = set()
    current: str | None = place_id
    while current and current not in seen and current in places:
        seen.add(current)
        current = places[current].parent_id
    return seen


def _places_compatible(a: frozenset[str], b: frozenset[str]) -> bool:
    if not a or not b:
        return True
    if a & b:
        return True
    lineage_a = set().union(*(_ancestors(i) for i in a))
    lineage_b = set().union(*(_ancestors(i) for i in b))
    return bool(a & lineage_b) or bool(b & lineage_a)


def _width(window: tuple[date, date]) -> int:
    return (window[1] - window[0]).days + 1


def _windows_compatible(a: tuple[date, date], b: tuple[date, date]) -> bool:
    overlap = (min(a[1], b[1]) - max(a[0], b[0])).days + 1
    if overlap <= 0:
        return False
    if _width(a) <= NARROW_DAYS and _width(b) <= NARROW_DAYS:
        return True
    union = (max(a[1], b[1]) - min(a[0], b[0])).days + 1
    return overlap / union >= 0.5


def _compatible(a: _Item, b: _Item) -> bool:
    if a.event_type != b.event_type or a.window is None or b.window is None:
        return False
    return _windows_compatible(a.window, b.window) and _places_compatible(a.place_ids, b.place_ids)


def _incident_dates(items: list[_Item]) -> tuple[str | None, str | None]:
    windows = [i.window for i in items if i.window is not None]
    if not windows:
        return None, None
    low = max(w[0] for w in windows)
    high = min(w[1] for w in windows)
    if low > high:
        low, high = min(w[0] for w in windows), max(w[1] for w in windows)
    if low == high:
        return low.isoformat(), high.isoformat()
    if low.day == 1 and high == low.replace(day=calendar.monthrange(low.year, low.month)[1]):
        month = f"{low.year:04d}-{low.month:02d}"
        return month, month
    return low.isoformat(), high.isoformat()


def _numeric(claim: Any) -> tuple[int | None, int | None] | None:
    if _get(claim, "qualifier") == "vague":
        return None
    low, high = _get(claim, "count_low"), _get(claim, "count_high")
    return (low, high) if low is not None or high is not None else None


def _build(index: int, items: list[_Item]) -> Incident:
    event_type = items[0].event_type
    figures: list[Figure] = []
    numbers: list[int] = []
    places: list[str] = []
    place_ids: list[str] = []
    corroborated: list[str] = []
    denied: list[str] = []
    for item in items:
        claim = item.claim
        low, high = _get(claim, "count_low"), _get(claim, "count_high")
        if low is not None or high is not None:
            if _get(claim, "qualifier") != "vague":
                numbers.extend(v for v in (low, high) if v is not None)
            figures.append(Figure(item.doc_id, str(_get(claim, "claim_id")), low, high,
                                  _get(claim, "qualifier"), _get(claim, "count_text"),
                                  _get(claim, "attributed_to"), _get(claim, "hedging")))
        for name in str(_get(claim, "place") or "").split("; "):
            if name and name not in places:
                places.append(name)
        place_ids.extend(i for i in item.place_ids if i not in place_ids)
        for value, target in ((_get(claim, "corroborated_by"), corroborated),
                              (_get(claim, "denied_by"), denied)):
            for part in str(value or "").split("; "):
                if part and part not in target:
                    target.append(part)
        if _get(claim, "hedging") == "denied":
            source = str(_get(claim, "attributed_to") or "unspecified")
            if source not in denied:
                denied.append(source)
    start, end = _incident_dates(items)
    documents = tuple(dict.fromkeys(i.doc_id for i in items))
    return Incident(
        incident_id=f"{event_type}-{start or 'undated'}-{index + 1}",
        event_type=event_type, date_start=start, date_end=end, places=tuple(places),
        place_ids=tuple(sorted(place_ids)), count_low=min(numbers) if numbers else None,
        count_high=max(numbers) if numbers else None, figures=tuple(figures),
        claims=tuple(i.key for i in items), documents=documents,
        corroborated_by=tuple(corroborated), denied_by=tuple(denied),
    )


def group_incidents(claims: Iterable[Any]) -> IncidentReport:
    """Group claims (``Claim`` objects or claim dicts of the JSONL contract) into incidents.

    Deterministic: the same claims in the same order give the same incidents, ordered
    by date. Claims of one document that repeat a figure are kept as separate figures
    (each sentence is its own statement).

    >>> a = {"doc_id": "a", "claim_id": "a-01", "event_type": "arrest", "count_low": 5,
    ...      "count_high": 5, "date_start": "2024-03-02", "date_end": "2024-03-02"}
    >>> b = dict(a, doc_id="b", claim_id="b-01", count_low=7, count_high=7)
    >>> [(i.count_low, i.count_high) for i in group_incidents([a, b]).incidents]
    [(5, 7)]
    """
    items: list[_Item] = []
    for claim in claims:
        doc_id = str(_get(claim, "doc_id"))
        window = date_window(_get(claim, "date_start"), _get(claim, "date_end"))
        ids = frozenset(i for i in (_get(claim, "place_ids") or ()) if i != "cn")
        items.append(_Item(f"{doc_id}/{_get(claim, 'claim_id')}", doc_id, claim,
                           str(_get(claim, "event_type")), window, ids))
    # Complete linkage: a claim joins a group only if it fits every member, so a
    # month-precision claim cannot chain two different days into one incident.
    widths = {i: _width(item.window) for i, item in enumerate(items) if item.window is not None}
    dated = sorted(widths, key=lambda i: (widths[i], i))
    clusters: list[list[int]] = []
    for i in dated:
        for cluster in clusters:
            if all(_compatible(items[i], items[j]) for j in cluster):
                cluster.append(i)
                break
        else:
            clusters.append([i])
    groups: dict[int, list[int]] = dict(enumerate(clusters))
    member_of = {i: n for n, cluster in groups.items() for i in cluster}
    unassigned: list[str] = []
    for i, item in enumerate(items):
        if item.window is not None:
            continue
        same_doc = {member_of[j] for j in dated if items[j].doc_id == item.doc_id
                    and items[j].event_type == item.event_type
                    and _places_compatible(items[j].place_ids, item.place_ids)}
        if len(same_doc) == 1:
            target = same_doc.pop()
            # An undated figure joins only if some dated claim of the incident gives it too.
            if _numeric(item.claim) and not any(
                    _numeric(items[j].claim) == _numeric(item.claim) for j in groups[target]):
                unassigned.append(item.key)
                continue
            groups[target].append(i)
        else:
            unassigned.append(item.key)
    ordered = sorted(groups.values(), key=lambda members: (
        min((w[0] for m in members if (w := items[m].window) is not None), default=date.max),
        items[members[0]].event_type, min(members)))
    incidents = tuple(_build(n, [items[m] for m in sorted(members)]) for n, members in enumerate(ordered))
    return IncidentReport(incidents, tuple(unassigned))
