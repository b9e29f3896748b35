"""Builders for synthetic indicator histories (no real people, no real events)."""

from __future__ import annotations

import datetime as dt

from refwatch.analysis.warning import (
    ArrestReport,
    BacklogClaim,
    BorderState,
    BorderStatus,
    CalendarEvent,
    EventKind,
    EventStatus,
    RepatriationReport,
    SourceRef,
)

D = dt.date


def src(day: dt.date) -> SourceRef:
    return SourceRef(
        publisher="Synthetic Monitor", published=day, url="https://example.org/synthetic"
    )


def border(oid: str, day: D, state: str, known: D | None = None) -> BorderStatus:
    k = known or day
    return BorderStatus(
        id=oid, refers_from=day, refers_to=day, known=k, source=src(k), state=BorderState(state)
    )


def backlog(oid: str, low: int, known: D, refers: D | None = None) -> BacklogClaim:
    r = refers or known
    return BacklogClaim(id=oid, refers_from=r, refers_to=r, known=known, source=src(known), low=low)


def event(
    oid: str,
    start: D,
    end: D,
    known: D,
    *,
    kind: str = "international_event",
    host: str = "CN",
    major: bool = True,
    key: str = "",
    status: str = "scheduled",
) -> CalendarEvent:
    return CalendarEvent(
        id=oid,
        key=key,
        refers_from=start,
        refers_to=end,
        known=known,
        source=src(known),
        name=f"Synthetic event {oid}",
        kind=EventKind(kind),
        host=host,
        major=major,
        status=EventStatus(status),
    )


def returned(
    oid: str,
    start: D,
    known: D,
    *,
    end: D | None = None,
    people: int = 100,
    contested: bool = False,
    incident: str = "",
) -> RepatriationReport:
    return RepatriationReport(
        id=oid,
        refers_from=start,
        refers_to=end or start,
        known=known,
        source=src(known),
        low=people,
        high=people,
        incident=incident,
        contested=contested,
    )


def arrests(oid: str, start: D, end: D, known: D, people: int) -> ArrestReport:
    return ArrestReport(
        id=oid, refers_from=start, refers_to=end, known=known, source=src(known), low=people
    )


HIGH_RULE = """
[[rule]]
id = "lineup"
level = "high"
title = "Backlog, open border, event ending"
  [[rule.all]]
  indicator = "backlog"
  min_people = 1000
  [[rule.all]]
  indicator = "border"
  states = ["open"]
  [[rule.all]]
  indicator = "calendar"
  kinds = ["international_event"]
  major = true
  ends_within_days = 14
  ended_within_days = 3
"""
