"""Indicators for early warning: dated observations and the as-of view.

Every observation carries two kinds of date:

* ``refers_from`` / ``refers_to``: the days the fact is about (the border
  reopened on 2023-08-27; a repatriation happened on 2023-10-09; a claim of
  2,000 people held covers 2020-01..2023-08);
* ``known``: the day the fact became public (the first publication we can
  document).  When only the month of publication is known, ``known`` is the
  last day of that month, so a backtest can never use it too early.

A backtest may only use what was known on the day it evaluates.  This is
enforced by types: rules and scores read a :class:`KnownIndicators`, which can
only be built by :meth:`Indicators.as_of` and refuses to hold an observation
published after its day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import TypeVar


class LookAheadError(ValueError):
    """An observation published after the evaluation day reached the as-of view."""


class BorderState(StrEnum):
    """Status of the crossing used for handovers (for the driving case: China–DPRK)."""

    CLOSED = "closed"
    PARTLY_OPEN = "partly_open"
    OPEN = "open"


class EventKind(StrEnum):
    """Kinds of entries in the events calendar."""

    INTERNATIONAL_EVENT = "international_event"
    STATE_VISIT = "state_visit"
    ANNIVERSARY = "anniversary"
    POLITICAL_MEETING = "political_meeting"


class EventStatus(StrEnum):
    """Whether a calendar entry still stands (a postponement is a later revision)."""

    SCHEDULED = "scheduled"
    POSTPONED = "postponed"
    CANCELLED = "cancelled"


@dataclass(frozen=True, kw_only=True)
class SourceRef:
    """Where an observation comes from: publisher, publication date, URL when known."""

    publisher: str
    published: dt.date
    url: str = ""


@dataclass(frozen=True, kw_only=True)
class Observation:
    """One dated fact of an indicator series.

    ``key`` groups revisions of the same fact (for example an event whose
    dates changed when it was postponed); among the revisions known on a day,
    the one published last wins.  ``key`` defaults to ``id``.
    """

    id: str
    refers_from: dt.date
    refers_to: dt.date
    known: dt.date
    source: SourceRef
    key: str = ""
    uncertain: bool = False
    note: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            raise ValueError("an observation needs an id")
        if self.refers_to < self.refers_from:
            raise ValueError(f"{self.id}: refers_to {self.refers_to} is before refers_from")
        if not self.key:
            object.__setattr__(self, "key", self.id)

    @property
    def indicator(self) -> str:
        """The indicator family name used in rules and CSV files."""
        return INDICATOR_NAMES[type(self)]

    def describe(self) -> str:
        """A one-line human summary (our own words, never source text)."""
        return f"{self.indicator} {self.id}"


@dataclass(frozen=True, kw_only=True)
class BorderStatus(Observation):
    """The border's state from ``refers_from`` until the next status observation."""

    state: BorderState
    crossing: str = "CN-KP"

    def describe(self) -> str:
        return f"border {self.crossing} {self.state.value} from {self.refers_from}"


@dataclass(frozen=True, kw_only=True)
class CalendarEvent(Observation):
    """An event in the calendar, running from ``refers_from`` to ``refers_to``."""

    name: str
    kind: EventKind
    host: str
    major: bool = False
    status: EventStatus = EventStatus.SCHEDULED

    def describe(self) -> str:
        flag = "" if self.status is EventStatus.SCHEDULED else f" [{self.status.value}]"
        return f"{self.name} ({self.kind.value}, {self.host}) {self.refers_from}..{self.refers_to}{flag}"


@dataclass(frozen=True, kw_only=True)
class CountedObservation(Observation):
    """An observation with a reported count range (either end may be unknown)."""

    low: int | None = None
    high: int | None = None
    qualifier: str = ""
    place: str = ""
    asserted_by: str = ""

    def __post_init__(self) -> None:
        super().__post_init__()
        for value in (self.low, self.high):
            if value is not None and value < 0:
                raise ValueError(f"{self.id}: negative count")
        if self.low is not None and self.high is not None and self.high < self.low:
            raise ValueError(f"{self.id}: count high {self.high} below low {self.low}")

    @property
    def floor(self) -> int:
        """The most cautious count: the low end, else the high end, else 0."""
        if self.low is not None:
            return self.low
        return self.high if self.high is not None else 0

    def count_text(self) -> str:
        """The count range as text, e.g. ``'500-600'``, ``'>=2000'`` or ``'?'``."""
        if self.low is not None and self.high is not None:
            return str(self.low) if self.low == self.high else f"{self.low}-{self.high}"
        if self.low is not None:
            return f">={self.low}"
        if self.high is not None:
            return f"<={self.high}"
        return "?"


@dataclass(frozen=True, kw_only=True)
class BacklogClaim(CountedObservation):
    """A claim or estimate of how many people are held awaiting return."""

    def describe(self) -> str:
        who = f" per {self.asserted_by}" if self.asserted_by else ""
        return f"{self.count_text()} held{who} ({self.refers_from}..{self.refers_to})"


@dataclass(frozen=True, kw_only=True)
class ArrestReport(CountedObservation):
    """A report of arrests in the period ``refers_from``..``refers_to``."""

    def describe(self) -> str:
        return f"{self.count_text()} arrested {self.refers_from}..{self.refers_to}"


@dataclass(frozen=True, kw_only=True)
class RepatriationReport(CountedObservation):
    """A report of a forced repatriation.

    ``incident`` groups the reports that describe the same return (several
    outlets reporting the 9 October 2023 return); ``contested`` marks a report
    that other sources dispute and that a backtest does not score.
    """

    incident: str = ""
    contested: bool = False

    def __post_init__(self) -> None:
        super().__post_init__()
        if not self.incident:
            object.__setattr__(self, "incident", self.key)

    def describe(self) -> str:
        flag = " (contested)" if self.contested else ""
        return f"{self.count_text()} returned {self.refers_from}..{self.refers_to}{flag}"


@dataclass(frozen=True, kw_only=True)
class Intervention(Observation):
    """A demand, statement, denial or UN communication about returns."""

    actor: str
    action: str
    summary: str = ""

    def describe(self) -> str:
        return f"{self.actor}: {self.action} ({self.refers_from})"


INDICATOR_NAMES: dict[type[Observation], str] = {
    BorderStatus: "border",
    CalendarEvent: "calendar",
    BacklogClaim: "backlog",
    ArrestReport: "arrests",
    RepatriationReport: "repatriations",
    Intervention: "interventions",
}

ObsT = TypeVar("ObsT", bound=Observation)


def _latest_revisions(observations: Iterable[ObsT]) -> tuple[ObsT, ...]:
    """Keep, for each key, the revision published last (ties: the later in input order)."""
    chosen: dict[str, ObsT] = {}
    for obs in observations:
        current = chosen.get(obs.key)
        if current is None or obs.known >= current.known:
            chosen[obs.key] = obs
    return tuple(sorted(chosen.values(), key=lambda o: (o.refers_from, o.known, o.id)))


@dataclass(frozen=True)
class Indicators:
    """All indicator series, including facts published at any time.

    Read it only through :meth:`as_of`; rules and scores accept nothing else.
    """

    border: tuple[BorderStatus, ...] = ()
    calendar: tuple[CalendarEvent, ...] = ()
    backlog: tuple[BacklogClaim, ...] = ()
    arrests: tuple[ArrestReport, ...] = ()
    repatriations: tuple[RepatriationReport, ...] = ()
    interventions: tuple[Intervention, ...] = ()

    def __post_init__(self) -> None:
        seen: set[str] = set()
        for obs in self:
            if obs.id in seen:
                raise ValueError(f"duplicate observation id {obs.id!r}")
            seen.add(obs.id)

    def __iter__(self) -> Iterator[Observation]:
        for f in fields(self):
            yield from getattr(self, f.name)

    def __len__(self) -> int:
        return sum(len(getattr(self, f.name)) for f in fields(self))

    @classmethod
    def from_observations(cls, observations: Iterable[Observation]) -> Indicators:
        """Sort mixed observations into their series."""
        buckets: dict[str, list[Observation]] = {name: [] for name in INDICATOR_NAMES.values()}
        for obs in observations:
            buckets[obs.indicator].append(obs)
        return cls(**{name: tuple(items) for name, items in buckets.items()})  # type: ignore[arg-type]

    def merged(self, other: Indicators) -> Indicators:
        """Both sets of observations together (ids must stay unique)."""
        return Indicators.from_observations([*self, *other])

    def as_of(self, day: dt.date) -> KnownIndicators:
        """What was known at the end of ``day``: observations with ``known <= day``,
        the latest revision of each key.  This is the only way to build the view
        that rules and scores read."""
        return KnownIndicators(
            day=day,
            border=_latest_revisions(o for o in self.border if o.known <= day),
            calendar=_latest_revisions(o for o in self.calendar if o.known <= day),
            backlog=_latest_revisions(o for o in self.backlog if o.known <= day),
            arrests=_latest_revisions(o for o in self.arrests if o.known <= day),
            repatriations=_latest_revisions(o for o in self.repatriations if o.known <= day),
            interventions=_latest_revisions(o for o in self.interventions if o.known <= day),
        )

    def knowledge_dates(self) -> tuple[dt.date, ...]:
        """Sorted distinct days on which something became known."""
        return tuple(sorted({o.known for o in self}))


@dataclass(frozen=True)
class KnownIndicators:
    """The indicators as known at the end of ``day``: nothing published later.

    Built by :meth:`Indicators.as_of`; the constructor re-checks that no
    observation is from the future, so even a hand-built view cannot leak.
    """

    day: dt.date
    border: tuple[BorderStatus, ...] = ()
    calendar: tuple[CalendarEvent, ...] = ()
    backlog: tuple[BacklogClaim, ...] = ()
    arrests: tuple[ArrestReport, ...] = ()
    repatriations: tuple[RepatriationReport, ...] = ()
    interventions: tuple[Intervention, ...] = ()
    _all: tuple[Observation, ...] = field(default=(), repr=False, compare=False)

    def __post_init__(self) -> None:
        everything: list[Observation] = [
            *self.border,
            *self.calendar,
            *self.backlog,
            *self.arrests,
            *self.repatriations,
            *self.interventions,
        ]
        for obs in everything:
            if obs.known > self.day:
                raise LookAheadError(
                    f"{obs.id} was published {obs.known}, after the evaluation day {self.day}"
                )
        object.__setattr__(self, "_all", tuple(everything))

    def __iter__(self) -> Iterator[Observation]:
        return iter(self._all)

    def border_state(self, on: dt.date | None = None) -> BorderStatus | None:
        """The status in force on ``on`` (default: the view's day), as known; None if unknown."""
        when = self.day if on is None else on
        current: BorderStatus | None = None
        for obs in self.border:  # sorted by refers_from
            if obs.refers_from <= when:
                current = obs
        return current

    def border_transitions(self) -> tuple[BorderStatus, ...]:
        """Known status observations where the state differs from the previous one."""
        out: list[BorderStatus] = []
        previous: BorderState | None = None
        for obs in self.border:
            if obs.state != previous:
                out.append(obs)
                previous = obs.state
        return tuple(out)
