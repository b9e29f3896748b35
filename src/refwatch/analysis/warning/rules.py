"""Declarative warning rules (TOML) and their evaluation on an as-of view.

A rules file holds ``[[rule]]`` tables.  Each rule has an ``id``, a ``level``
(low / elevated / high), a ``title``, a ``rationale`` and conditions in
``[[rule.all]]`` (every one must hold) and optionally ``[[rule.any]]`` (at
least one must hold).  Each condition names an ``indicator`` and its options::

    [[rule]]
    id = "backlog-open-border-event-end"
    level = "high"
    title = "Detainees held, border open, a major event about to end"
    rationale = "Returns have followed the end of large events hosted by China."
      [[rule.all]]
      indicator = "backlog"
      min_people = 1000
      max_age_days = 1095
      [[rule.all]]
      indicator = "border"
      states = ["open"]
      [[rule.all]]
      indicator = "calendar"
      kinds = ["international_event"]
      major = true
      ends_within_days = 14
      ended_within_days = 3

Options per indicator:

* ``border``: ``states`` (list), ``changed_within_days`` (the current state
  took effect at most N days ago), ``crossing``.
* ``calendar``: ``kinds``, ``hosts``, ``major`` (only major events),
  ``ends_within_days``, ``ended_within_days``, ``starts_within_days``; with
  no window the event must be under way.
* ``backlog``: ``min_people`` (largest low-end count among claims published
  within ``max_age_days``, default 1095).
* ``arrests``: ``min_people`` (sum of low-end counts), ``within_days`` (the
  period reported ends at most N days ago, default 90).
* ``repatriations``: ``min_incidents`` (default 1), ``min_people``,
  ``within_days`` (default 30), ``include_contested`` (default false).
* ``interventions``: ``actions``, ``actors``, ``within_days`` (default 30).

Evaluation reads only a :class:`KnownIndicators`, so a rule cannot see
anything published after the day it evaluates.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import tomllib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

from refwatch.analysis.warning.indicators import (
    BorderState,
    EventKind,
    EventStatus,
    Indicators,
    KnownIndicators,
    Observation,
)


class RulesFormatError(ValueError):
    """The rules file is not valid; the message says where."""


class Level(StrEnum):
    """Alert levels, ordered low < elevated < high."""

    LOW = "low"
    ELEVATED = "elevated"
    HIGH = "high"

    @property
    def rank(self) -> int:
        return {"low": 1, "elevated": 2, "high": 3}[self.value]


@dataclass(frozen=True)
class ConditionResult:
    """Whether a condition held on a day, why, and the observations it rests on."""

    met: bool
    explanation: str
    evidence: tuple[Observation, ...] = ()


class Condition(Protocol):
    @property
    def indicator(self) -> str: ...

    def check(self, view: KnownIndicators) -> ConditionResult: ...

    def describe(self) -> str: ...


def _days(a: dt.date, b: dt.date) -> int:
    return (a - b).days


@dataclass(frozen=True)
class BorderCondition:
    states: frozenset[BorderState]
    changed_within_days: int | None = None
    crossing: str | None = None
    indicator: str = "border"

    def describe(self) -> str:
        text = "border " + " or ".join(sorted(s.value for s in self.states))
        if self.changed_within_days is not None:
            text += f", since at most {self.changed_within_days} days"
        return text

    def check(self, view: KnownIndicators) -> ConditionResult:
        statuses = [o for o in view.border if self.crossing is None or o.crossing == self.crossing]
        current = None
        for obs in statuses:
            if obs.refers_from <= view.day:
                current = obs
        if current is None:
            return ConditionResult(False, "border status unknown")
        if current.state not in self.states:
            return ConditionResult(
                False, f"border {current.state.value} since {current.refers_from}", (current,)
            )
        # The state took effect at the first observation of the current run.
        start = current
        for obs in reversed([o for o in statuses if o.refers_from <= current.refers_from]):
            if obs.state != current.state:
                break
            start = obs
        age = _days(view.day, start.refers_from)
        evidence = (start,) if start is current else (start, current)
        if self.changed_within_days is not None and age > self.changed_within_days:
            return ConditionResult(
                False,
                f"border {current.state.value} for {age} days (limit {self.changed_within_days})",
                evidence,
            )
        return ConditionResult(
            True, f"border {current.state.value} since {start.refers_from} ({age} days)", evidence
        )


@dataclass(frozen=True)
class CalendarCondition:
    kinds: frozenset[EventKind] = frozenset()
    hosts: frozenset[str] = frozenset()
    major_only: bool = False
    ends_within_days: int | None = None
    ended_within_days: int | None = None
    starts_within_days: int | None = None
    indicator: str = "calendar"

    def describe(self) -> str:
        what = ("major " if self.major_only else "") + (
            "/".join(sorted(k.value for k in self.kinds)) or "event"
        )
        if self.hosts:
            what += " hosted by " + "/".join(sorted(self.hosts))
        windows = []
        if self.ends_within_days is not None:
            windows.append(f"ends within {self.ends_within_days} days")
        if self.ended_within_days is not None:
            windows.append(f"ended within the last {self.ended_within_days} days")
        if self.starts_within_days is not None:
            windows.append(f"starts within {self.starts_within_days} days")
        return what + " " + (" or ".join(windows) if windows else "under way")

    def _in_window(self, start: dt.date, end: dt.date, day: dt.date) -> str | None:
        if self.ends_within_days is not None and 0 <= _days(end, day) <= self.ends_within_days:
            return f"ends {end} (in {_days(end, day)} days)"
        if self.ended_within_days is not None and 0 < _days(day, end) <= self.ended_within_days:
            return f"ended {end} ({_days(day, end)} days ago)"
        if (
            self.starts_within_days is not None
            and 0 <= _days(start, day) <= self.starts_within_days
        ):
            return f"starts {start} (in {_days(start, day)} days)"
        windowless = (
            self.ends_within_days is None
            and self.ended_within_days is None
            and self.starts_within_days is None
        )
        if windowless and start <= day <= end:
            return f"under way {start}..{end}"
        return None

    def check(self, view: KnownIndicators) -> ConditionResult:
        matches: list[Observation] = []
        reasons: list[str] = []
        for event in view.calendar:
            if event.status is not EventStatus.SCHEDULED:
                continue
            if self.kinds and event.kind not in self.kinds:
                continue
            if self.hosts and event.host not in self.hosts:
                continue
            if self.major_only and not event.major:
                continue
            why = self._in_window(event.refers_from, event.refers_to, view.day)
            if why:
                matches.append(event)
                reasons.append(f"{event.name} {why}")
        if not matches:
            return ConditionResult(False, f"no {self.describe()}")
        return ConditionResult(True, "; ".join(reasons), tuple(matches))


@dataclass(frozen=True)
class BacklogCondition:
    min_people: int
    max_age_days: int = 1095
    indicator: str = "backlog"

    def describe(self) -> str:
        return f"at least {self.min_people} held (claim published within {self.max_age_days} days)"

    def check(self, view: KnownIndicators) -> ConditionResult:
        fresh = [c for c in view.backlog if _days(view.day, c.known) <= self.max_age_days]
        if not fresh:
            return ConditionResult(False, "no recent claim of people held")
        top = max(fresh, key=lambda c: (c.floor, c.known))
        supporting = tuple(
            sorted((c for c in fresh if c.floor >= self.min_people), key=lambda c: c.known)
        )
        if top.floor < self.min_people:
            return ConditionResult(
                False,
                f"largest recent claim {top.count_text()} held, below {self.min_people}",
                (top,),
            )
        return ConditionResult(
            True,
            f"{len(supporting)} claim(s) of at least {self.min_people} held; largest {top.count_text()}",
            supporting,
        )


@dataclass(frozen=True)
class ArrestsCondition:
    min_people: int = 1
    within_days: int = 90
    indicator: str = "arrests"

    def describe(self) -> str:
        return f"at least {self.min_people} arrests reported for the last {self.within_days} days"

    def check(self, view: KnownIndicators) -> ConditionResult:
        recent = tuple(a for a in view.arrests if _days(view.day, a.refers_to) <= self.within_days)
        total = sum(a.floor for a in recent)
        if total < self.min_people or not recent:
            return ConditionResult(
                False, f"{total} arrests reported for the last {self.within_days} days", recent
            )
        return ConditionResult(True, f"{total} arrests reported in {len(recent)} report(s)", recent)


@dataclass(frozen=True)
class RepatriationsCondition:
    min_incidents: int = 1
    min_people: int = 0
    within_days: int = 30
    include_contested: bool = False
    indicator: str = "repatriations"

    def describe(self) -> str:
        return (
            f"at least {self.min_incidents} return(s) reported for the last {self.within_days} days"
        )

    def check(self, view: KnownIndicators) -> ConditionResult:
        recent = [
            r
            for r in view.repatriations
            if _days(view.day, r.refers_to) <= self.within_days
            and (self.include_contested or not r.contested)
        ]
        incidents = {r.incident for r in recent}
        people = sum(
            max((r.floor for r in recent if r.incident == i), default=0) for i in incidents
        )
        if len(incidents) < self.min_incidents or people < self.min_people:
            return ConditionResult(
                False, f"{len(incidents)} return(s) reported for the last {self.within_days} days"
            )
        return ConditionResult(
            True,
            f"{len(incidents)} return(s), at least {people} people, reported recently",
            tuple(recent),
        )


@dataclass(frozen=True)
class InterventionsCondition:
    actions: frozenset[str] = frozenset()
    actors: frozenset[str] = frozenset()
    within_days: int = 30
    indicator: str = "interventions"

    def describe(self) -> str:
        what = "/".join(sorted(self.actions)) or "intervention"
        return f"{what} within the last {self.within_days} days"

    def check(self, view: KnownIndicators) -> ConditionResult:
        recent = tuple(
            i
            for i in view.interventions
            if 0 <= _days(view.day, i.refers_from) <= self.within_days
            and (not self.actions or i.action in self.actions)
            and (not self.actors or i.actor in self.actors)
        )
        if not recent:
            return ConditionResult(False, f"no {self.describe()}")
        return ConditionResult(True, f"{len(recent)} {self.describe()}", recent)


@dataclass(frozen=True)
class Rule:
    """One rule: all of ``all_of`` and (if given) at least one of ``any_of``."""

    id: str
    level: Level
    title: str
    all_of: tuple[Condition, ...]
    any_of: tuple[Condition, ...] = ()
    rationale: str = ""

    def describe(self) -> str:
        parts = [c.describe() for c in self.all_of]
        if self.any_of:
            parts.append("(" + " or ".join(c.describe() for c in self.any_of) + ")")
        return " AND ".join(parts)


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    origin: str = ""
    digest: str = ""

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)


@dataclass(frozen=True)
class Evidence:
    """An observation behind an alert, with its source and publication day."""

    indicator: str
    observation_id: str
    summary: str
    refers_from: dt.date
    refers_to: dt.date
    known: dt.date
    publisher: str
    source_date: dt.date
    url: str
    uncertain: bool

    @classmethod
    def of(cls, obs: Observation) -> Evidence:
        return cls(
            indicator=obs.indicator,
            observation_id=obs.id,
            summary=obs.describe(),
            refers_from=obs.refers_from,
            refers_to=obs.refers_to,
            known=obs.known,
            publisher=obs.source.publisher,
            source_date=obs.source.published,
            url=obs.source.url,
            uncertain=obs.uncertain,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "indicator": self.indicator,
            "observation_id": self.observation_id,
            "summary": self.summary,
            "refers_from": self.refers_from.isoformat(),
            "refers_to": self.refers_to.isoformat(),
            "known": self.known.isoformat(),
            "source": {
                "publisher": self.publisher,
                "date": self.source_date.isoformat(),
                "url": self.url,
            },
            "uncertain": self.uncertain,
        }


@dataclass(frozen=True)
class Alert:
    """A rule that held on ``as_of``, with the reasons and observations behind it."""

    rule_id: str
    level: Level
    title: str
    as_of: dt.date
    reasons: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    rationale: str = ""
    fingerprint: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not self.fingerprint:
            ids = ",".join(sorted(e.observation_id for e in self.evidence))
            digest = hashlib.sha256(f"{self.rule_id}|{ids}".encode()).hexdigest()[:16]
            object.__setattr__(self, "fingerprint", digest)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (dates as ISO strings)."""
        return {
            "rule_id": self.rule_id,
            "level": self.level.value,
            "title": self.title,
            "as_of": self.as_of.isoformat(),
            "reasons": list(self.reasons),
            "rationale": self.rationale,
            "fingerprint": self.fingerprint,
            "evidence": [e.to_dict() for e in self.evidence],
        }


@dataclass(frozen=True)
class RuleTrace:
    """How each condition of a rule fared on a day (for reports of misses)."""

    rule: Rule
    fired: bool
    results: tuple[tuple[str, ConditionResult], ...]

    def unmet(self) -> tuple[str, ...]:
        return tuple(f"{desc}: {res.explanation}" for desc, res in self.results if not res.met)


def _int_option(
    table: Mapping[str, Any], name: str, where: str, default: int | None = None
) -> int | None:
    value = table.get(name, default)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise RulesFormatError(f"{where}: {name} must be a non-negative integer")
    return value


def _str_set(table: Mapping[str, Any], name: str, where: str) -> frozenset[str]:
    value = table.get(name, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RulesFormatError(f"{where}: {name} must be a string or a list of strings")
    return frozenset(value)


_ALLOWED: dict[str, set[str]] = {
    "border": {"states", "changed_within_days", "crossing"},
    "calendar": {
        "kinds",
        "hosts",
        "major",
        "ends_within_days",
        "ended_within_days",
        "starts_within_days",
    },
    "backlog": {"min_people", "max_age_days"},
    "arrests": {"min_people", "within_days"},
    "repatriations": {"min_incidents", "min_people", "within_days", "include_contested"},
    "interventions": {"actions", "actors", "within_days"},
}


def _condition(table: Mapping[str, Any], where: str) -> Condition:
    if not isinstance(table, Mapping):
        raise RulesFormatError(f"{where}: a condition must be a table")
    indicator = table.get("indicator")
    if indicator not in _ALLOWED:
        raise RulesFormatError(
            f"{where}: indicator must be one of {sorted(_ALLOWED)}, not {indicator!r}"
        )
    unknown = set(table) - _ALLOWED[indicator] - {"indicator"}
    if unknown:
        raise RulesFormatError(f"{where}: unknown option(s) for {indicator}: {sorted(unknown)}")
    try:
        if indicator == "border":
            states = _str_set(table, "states", where) or frozenset({"open"})
            return BorderCondition(
                states=frozenset(BorderState(s) for s in states),
                changed_within_days=_int_option(table, "changed_within_days", where),
                crossing=table.get("crossing"),
            )
        if indicator == "calendar":
            major = table.get("major", False)
            if not isinstance(major, bool):
                raise RulesFormatError(f"{where}: major must be true or false")
            return CalendarCondition(
                kinds=frozenset(EventKind(k) for k in _str_set(table, "kinds", where)),
                hosts=_str_set(table, "hosts", where),
                major_only=major,
                ends_within_days=_int_option(table, "ends_within_days", where),
                ended_within_days=_int_option(table, "ended_within_days", where),
                starts_within_days=_int_option(table, "starts_within_days", where),
            )
        if indicator == "backlog":
            minimum = _int_option(table, "min_people", where)
            if minimum is None:
                raise RulesFormatError(f"{where}: backlog needs min_people")
            return BacklogCondition(minimum, _int_option(table, "max_age_days", where, 1095) or 0)
        if indicator == "arrests":
            return ArrestsCondition(
                _int_option(table, "min_people", where, 1) or 0,
                _int_option(table, "within_days", where, 90) or 0,
            )
        if indicator == "repatriations":
            contested = table.get("include_contested", False)
            if not isinstance(contested, bool):
                raise RulesFormatError(f"{where}: include_contested must be true or false")
            return RepatriationsCondition(
                _int_option(table, "min_incidents", where, 1) or 0,
                _int_option(table, "min_people", where, 0) or 0,
                _int_option(table, "within_days", where, 30) or 0,
                contested,
            )
        return InterventionsCondition(
            _str_set(table, "actions", where),
            _str_set(table, "actors", where),
            _int_option(table, "within_days", where, 30) or 0,
        )
    except ValueError as exc:
        if isinstance(exc, RulesFormatError):
            raise
        raise RulesFormatError(f"{where}: {exc}") from exc


def parse_rules(text: str, *, origin: str = "<rules>") -> RuleSet:
    """Parse a rules TOML document; raises :class:`RulesFormatError` naming the rule at fault."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RulesFormatError(f"{origin}: {exc}") from exc
    tables = data.get("rule", [])
    if not isinstance(tables, list) or not tables:
        raise RulesFormatError(f"{origin}: no [[rule]] tables")
    rules: list[Rule] = []
    seen: set[str] = set()
    for n, table in enumerate(tables, 1):
        rule_id = table.get("id")
        where = f"{origin}: rule {rule_id or n}"
        if not isinstance(rule_id, str) or not rule_id or rule_id in seen:
            raise RulesFormatError(f"{where}: needs a unique string id")
        seen.add(rule_id)
        try:
            level = Level(table.get("level", ""))
        except ValueError as exc:
            raise RulesFormatError(f"{where}: level must be low, elevated or high") from exc
        all_of = tuple(
            _condition(c, f"{where}, all[{i}]") for i, c in enumerate(table.get("all", []))
        )
        any_of = tuple(
            _condition(c, f"{where}, any[{i}]") for i, c in enumerate(table.get("any", []))
        )
        if not all_of and not any_of:
            raise RulesFormatError(f"{where}: needs at least one condition")
        rules.append(
            Rule(
                id=rule_id,
                level=level,
                title=str(table.get("title", rule_id)),
                all_of=all_of,
                any_of=any_of,
                rationale=str(table.get("rationale", "")),
            )
        )
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    return RuleSet(tuple(rules), origin, digest)


def load_rules(path: Path | str) -> RuleSet:
    """Read and parse a rules TOML file."""
    target = Path(path)
    return parse_rules(target.read_text("utf-8"), origin=str(target))


def default_rules() -> RuleSet:
    """The shipped default rules (``data/rules.toml``)."""
    text = (resources.files("refwatch.analysis.warning") / "data" / "rules.toml").read_text("utf-8")
    return parse_rules(text, origin="default rules.toml")


def trace(rule: Rule, view: KnownIndicators) -> RuleTrace:
    """Check every condition of ``rule`` on ``view`` (no short-circuit, for explanations)."""
    results = tuple((c.describe(), c.check(view)) for c in (*rule.all_of, *rule.any_of))
    all_met = all(res.met for _, res in results[: len(rule.all_of)])
    any_met = not rule.any_of or any(res.met for _, res in results[len(rule.all_of) :])
    return RuleTrace(rule, all_met and any_met, results)


def _view(indicators: Indicators | KnownIndicators, as_of: dt.date) -> KnownIndicators:
    if isinstance(indicators, KnownIndicators):
        if indicators.day != as_of:
            raise ValueError(f"view is as of {indicators.day}, not {as_of}")
        return indicators
    return indicators.as_of(as_of)


def evaluate(
    rules: RuleSet | Iterable[Rule],
    indicators: Indicators | KnownIndicators,
    as_of: dt.date,
) -> list[Alert]:
    """Evaluate every rule on what was known at the end of ``as_of``.

    ``indicators`` is the full history (it is cut to the as-of view here) or an
    as-of view for the same day.  Returns the alerts of the rules that hold,
    highest level first, each with its reasons and evidence (observation ids,
    sources, publication days).

    >>> evaluate(default_rules(), example_history(), dt.date(2023, 10, 1))  # doctest: +SKIP
    """
    view = _view(indicators, as_of)
    alerts: list[Alert] = []
    for rule in rules:
        t = trace(rule, view)
        if not t.fired:
            continue
        evidence: dict[str, Evidence] = {}
        reasons: list[str] = []
        for desc, res in t.results:
            if res.met:
                reasons.append(f"{desc}: {res.explanation}")
                for obs in res.evidence:
                    evidence.setdefault(obs.id, Evidence.of(obs))
        alerts.append(
            Alert(
                rule_id=rule.id,
                level=rule.level,
                title=rule.title,
                as_of=as_of,
                reasons=tuple(reasons),
                evidence=tuple(evidence.values()),
                rationale=rule.rationale,
            )
        )
    alerts.sort(key=lambda a: (-a.level.rank, a.rule_id))
    return alerts


def explain(
    rules: Sequence[Rule] | RuleSet, indicators: Indicators | KnownIndicators, as_of: dt.date
) -> list[RuleTrace]:
    """The trace of every rule on ``as_of`` (fired or not)."""
    view = _view(indicators, as_of)
    return [trace(rule, view) for rule in rules]
