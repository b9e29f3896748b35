"""Backtest: replay a history day by day using only what was known on each day.

For every day from ``start`` to ``end`` the rules are evaluated on
``indicators.as_of(day)`` (facts published by the end of that day).  The
alerts are then compared with the documented repatriations (the targets,
taken from the whole history, i.e. with hindsight):

* an incident is a **hit** when an alert at or above ``min_level`` was active
  on a day in ``[first possible day - horizon, first possible day - 1]``;
  the **lead time** counts the days from the start of the run of consecutive
  alert days that reached into that window (so an alert that had been on for
  months reports months, not the horizon), per rule and overall;
* for an incident dated only to a period (say "September 2025"), an alert
  inside the period before its last day is a **possible hit** (the return may
  have come before the alert);
* otherwise it is a **miss**, reported with the conditions of each rule that
  were not met the day before;
* incidents dated only to a span longer than ``max_window_days`` (a year),
  or outside the backtest range, are **not scored** and listed as such;
* an alert **episode** (consecutive alert days) followed by no documented
  incident within ``horizon`` days is a **false alarm**; one followed only by
  imprecisely dated or contested incidents is **undetermined**.

No parameter here is fitted to the incidents; rules come from the rules file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from refwatch.analysis.warning.indicators import Indicators, RepatriationReport
from refwatch.analysis.warning.rules import Alert, Level, Rule, RuleSet, evaluate, explain

Outcome = Literal["hit", "possible_hit", "miss", "not_scored"]
EpisodeStatus = Literal["followed", "false_alarm", "undetermined"]

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Incident:
    """A documented repatriation (all reports sharing an ``incident`` key).

    ``start``..``end`` is the narrowest date window any uncontested report
    gives; ``known`` the first day any report of it was published.
    """

    incident: str
    start: dt.date
    end: dt.date
    known: dt.date
    people: str
    report_ids: tuple[str, ...]
    contested: bool
    uncertain: bool

    @property
    def window_days(self) -> int:
        return (self.end - self.start).days + 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "incident": self.incident,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "known": self.known.isoformat(),
            "people": self.people,
            "reports": list(self.report_ids),
            "contested": self.contested,
            "uncertain": self.uncertain,
        }


def incidents_of(reports: Iterable[RepatriationReport]) -> tuple[Incident, ...]:
    """Group repatriation reports into incidents (see :class:`Incident`).

    An incident is contested only when every report of it is contested.
    """
    groups: dict[str, list[RepatriationReport]] = {}
    for report in reports:
        groups.setdefault(report.incident, []).append(report)
    out: list[Incident] = []
    for key, group in groups.items():
        solid = [r for r in group if not r.contested] or group
        narrowest = min(solid, key=lambda r: ((r.refers_to - r.refers_from).days, r.refers_from))
        floors = [r.floor for r in solid if r.low is not None or r.high is not None]
        highs = [r.high for r in solid if r.high is not None]
        people = "?"
        if floors:
            low, high = min(floors), max([*highs, *floors])
            people = str(low) if low == high else f"{low}-{high}"
        out.append(
            Incident(
                incident=key,
                start=narrowest.refers_from,
                end=narrowest.refers_to,
                known=min(r.known for r in group),
                people=people,
                report_ids=tuple(sorted(r.id for r in group)),
                contested=all(r.contested for r in group),
                uncertain=all(r.uncertain for r in solid),
            )
        )
    return tuple(sorted(out, key=lambda i: (i.start, i.incident)))


@dataclass(frozen=True)
class IncidentOutcome:
    """How the rules did on one documented incident."""

    incident: Incident
    outcome: Outcome
    first_alert: dt.date | None = None
    lead_days_min: int | None = None
    lead_days_max: int | None = None
    rules: tuple[str, ...] = ()
    evidence_known: tuple[tuple[str, dt.date], ...] = ()
    unmet: tuple[str, ...] = ()
    reason: str = ""
    rule_leads: tuple[tuple[str, dt.date, int], ...] = ()

    def lead_text(self) -> str:
        if self.lead_days_min is None or self.lead_days_max is None:
            return "-"
        if self.lead_days_min == self.lead_days_max:
            return f"{self.lead_days_min} d"
        return f"{self.lead_days_min}-{self.lead_days_max} d"

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.incident.to_dict(),
            "outcome": self.outcome,
            "first_alert": self.first_alert.isoformat() if self.first_alert else None,
            "lead_days": [self.lead_days_min, self.lead_days_max]
            if self.lead_days_min is not None
            else None,
            "rules": list(self.rules),
            "rule_leads": [
                {"rule": r, "alert_since": d.isoformat(), "lead_days": n}
                for r, d, n in self.rule_leads
            ],
            "evidence_known": [[i, d.isoformat()] for i, d in self.evidence_known],
            "unmet": list(self.unmet),
            "reason": self.reason,
        }


@dataclass(frozen=True)
class AlertEpisode:
    """A run of consecutive days with at least one alert at or above the level."""

    start: dt.date
    end: dt.date
    rules: tuple[str, ...]
    level: Level
    status: EpisodeStatus
    followed_by: tuple[str, ...]

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "days": self.days,
            "rules": list(self.rules),
            "level": self.level.value,
            "status": self.status,
            "followed_by": list(self.followed_by),
        }


@dataclass(frozen=True)
class BacktestReport:
    """Result of :func:`backtest`: outcomes per incident and per alert episode."""

    start: dt.date
    end: dt.date
    min_level: Level
    horizon_days: int
    rules_digest: str
    days: int
    alert_days: int
    outcomes: tuple[IncidentOutcome, ...]
    episodes: tuple[AlertEpisode, ...]

    def count(self, outcome: Outcome) -> int:
        return sum(1 for o in self.outcomes if o.outcome == outcome)

    @property
    def hits(self) -> int:
        return self.count("hit")

    @property
    def possible_hits(self) -> int:
        return self.count("possible_hit")

    @property
    def misses(self) -> int:
        return self.count("miss")

    @property
    def not_scored(self) -> int:
        return self.count("not_scored")

    @property
    def false_alarms(self) -> int:
        return sum(1 for e in self.episodes if e.status == "false_alarm")

    def summary(self) -> str:
        """Two lines: the range and share of days under alert, then the counts."""
        return "\n".join(render_text(self).splitlines()[:2])

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "min_level": self.min_level.value,
            "horizon_days": self.horizon_days,
            "rules_digest": self.rules_digest,
            "days": self.days,
            "alert_days": self.alert_days,
            "summary": {
                "hits": self.hits,
                "possible_hits": self.possible_hits,
                "misses": self.misses,
                "not_scored": self.not_scored,
                "false_alarms": self.false_alarms,
                "episodes": len(self.episodes),
            },
            "incidents": [o.to_dict() for o in self.outcomes],
            "episodes": [e.to_dict() for e in self.episodes],
        }


def _episodes(
    alert_days: dict[dt.date, list[Alert]],
    incidents: tuple[Incident, ...],
    horizon: int,
    max_window: int,
) -> tuple[AlertEpisode, ...]:
    days = sorted(alert_days)
    runs: list[list[dt.date]] = []
    for day in days:
        if runs and day - runs[-1][-1] == ONE_DAY:
            runs[-1].append(day)
        else:
            runs.append([day])
    out: list[AlertEpisode] = []
    for run in runs:
        first, last = run[0], run[-1]
        alerts = [a for d in run for a in alert_days[d]]
        # A warning issued at the end of a day can only precede what happens after it.
        following = [
            i for i in incidents if i.end > first and i.start <= last + dt.timedelta(days=horizon)
        ]
        precise = [i for i in following if not i.contested and i.window_days <= max_window]
        status: EpisodeStatus
        if precise:
            status = "followed"
        elif following:
            status = "undetermined"
        else:
            status = "false_alarm"
        out.append(
            AlertEpisode(
                start=first,
                end=last,
                rules=tuple(sorted({a.rule_id for a in alerts})),
                level=max((a.level for a in alerts), key=lambda lv: lv.rank),
                status=status,
                followed_by=tuple(i.incident for i in following),
            )
        )
    return tuple(out)


def _rule_leads(
    rule_days: dict[str, set[dt.date]], window: list[dt.date], start: dt.date
) -> tuple[tuple[str, dt.date, int], ...]:
    """For each rule that fired in ``window``: the first day of its run of
    consecutive alert days that reaches into the window, and the days from
    that day to ``start`` (the rule's lead time)."""
    out: list[tuple[str, dt.date, int]] = []
    in_window = set(window)
    for rule, days in sorted(rule_days.items()):
        hits = sorted(days & in_window)
        if not hits:
            continue
        since = hits[-1] if hits[-1] < start else hits[0]
        while since - ONE_DAY in days:
            since -= ONE_DAY
        out.append((rule, since, (start - since).days))
    return tuple(out)


def backtest(
    rules: RuleSet | Iterable[Rule],
    indicators: Indicators,
    start: dt.date,
    end: dt.date,
    *,
    min_level: Level = Level.ELEVATED,
    horizon_days: int = 30,
    max_window_days: int = 62,
) -> BacktestReport:
    """Replay ``start``..``end`` day by day with only what was known each day.

    Assumes the targets are the repatriation reports in ``indicators`` (read
    with hindsight: the truth to score against); the alerts of each day are
    computed from ``indicators.as_of(day)`` only.  Returns a
    :class:`BacktestReport` (hits, possible hits, misses, not-scored incidents,
    alert episodes and false alarms, lead times).
    """
    if end < start:
        raise ValueError("end is before start")
    rule_list = list(rules)
    digest = rules.digest if isinstance(rules, RuleSet) else ""
    alert_days: dict[dt.date, list[Alert]] = {}
    day = start
    n_days = 0
    while day <= end:
        n_days += 1
        fired = [
            a
            for a in evaluate(rule_list, indicators.as_of(day), day)
            if a.level.rank >= min_level.rank
        ]
        if fired:
            alert_days[day] = fired
        day += ONE_DAY

    incidents = incidents_of(indicators.repatriations)
    rule_days: dict[str, set[dt.date]] = {}
    for d, alerts in alert_days.items():
        for a in alerts:
            rule_days.setdefault(a.rule_id, set()).add(d)
    outcomes: list[IncidentOutcome] = []
    horizon = dt.timedelta(days=horizon_days)
    for inc in incidents:
        if inc.contested:
            outcomes.append(IncidentOutcome(inc, "not_scored", reason="contested by other sources"))
            continue
        if inc.window_days > max_window_days:
            outcomes.append(
                IncidentOutcome(inc, "not_scored", reason=f"dated only to {inc.start}..{inc.end}")
            )
            continue
        if inc.start - horizon < start or inc.end > end:
            outcomes.append(IncidentOutcome(inc, "not_scored", reason="outside the backtest range"))
            continue
        window = [d for d in sorted(alert_days) if inc.start - horizon <= d <= inc.end - ONE_DAY]
        if window:
            leads = _rule_leads(rule_days, window, inc.start)
            first = min(since for _, since, _ in leads)
            before = [d for d in window if d < inc.start]
            alerts = alert_days[before[-1] if before else window[0]]
            evidence = tuple(
                sorted(
                    {(e.observation_id, e.known) for a in alerts for e in a.evidence},
                    key=lambda x: x[1],
                )
            )
            rules_fired = tuple(rule for rule, _, _ in leads)
            if window[0] < inc.start:
                outcomes.append(
                    IncidentOutcome(
                        inc,
                        "hit",
                        first,
                        (inc.start - first).days,
                        (inc.end - first).days,
                        rules_fired,
                        evidence,
                        rule_leads=leads,
                    )
                )
            else:
                outcomes.append(
                    IncidentOutcome(
                        inc,
                        "possible_hit",
                        window[0],
                        0,
                        (inc.end - window[0]).days,
                        rules_fired,
                        evidence,
                        reason="first alert inside the incident's date window",
                        rule_leads=leads,
                    )
                )
            continue
        eve = inc.start - ONE_DAY
        unmet = tuple(
            f"{t.rule.id}: " + "; ".join(t.unmet())
            for t in explain(rule_list, indicators.as_of(eve), eve)
            if t.rule.level.rank >= min_level.rank
        )
        outcomes.append(
            IncidentOutcome(
                inc, "miss", unmet=unmet, reason=f"no alert in the {horizon_days} days before"
            )
        )

    return BacktestReport(
        start=start,
        end=end,
        min_level=min_level,
        horizon_days=horizon_days,
        rules_digest=digest,
        days=n_days,
        alert_days=len(alert_days),
        outcomes=tuple(outcomes),
        episodes=_episodes(alert_days, incidents, horizon_days, max_window_days),
    )


def render_text(report: BacktestReport) -> str:
    """A plain-text report: summary, each incident, each alert episode."""
    lines = [
        f"Backtest {report.start} .. {report.end}: {report.days} days, alerts at level "
        f">= {report.min_level.value} on {report.alert_days} days "
        f"({100 * report.alert_days / max(report.days, 1):.1f}%), horizon {report.horizon_days} days"
        + (f", rules {report.rules_digest}" if report.rules_digest else ""),
        f"hits {report.hits}, possible hits {report.possible_hits}, misses {report.misses}, "
        f"not scored {report.not_scored}, alert episodes {len(report.episodes)}, "
        f"false alarms {report.false_alarms}",
        "",
        "Documented repatriations:",
    ]
    for o in report.outcomes:
        inc = o.incident
        when = str(inc.start) if inc.start == inc.end else f"{inc.start}..{inc.end}"
        head = f"  {o.outcome.upper():12} {when:23} {inc.people:>9} people, first published {inc.known}"
        lines.append(head + (" [uncertain]" if inc.uncertain else ""))
        if o.outcome in ("hit", "possible_hit"):
            lines.append(f"      alert since {o.first_alert}, lead time {o.lead_text()}")
            for rule, since, lead in o.rule_leads:
                lines.append(
                    f"        {rule}: since {since} ({lead} d before the first possible day)"
                )
            lines.append(
                "      last alert before it based on: "
                + ", ".join(f"{i} (published {d})" for i, d in o.evidence_known)
            )
        if o.reason:
            lines.append(f"      {o.reason}")
        for u in o.unmet:
            lines.append(f"      not met {u}")
    lines += ["", "Alert episodes:"]
    for e in report.episodes:
        follow = f" -> {', '.join(e.followed_by)}" if e.followed_by else ""
        lines.append(
            f"  {e.start}..{e.end} ({e.days} d) {e.level.value:8} {e.status:12} {', '.join(e.rules)}{follow}"
        )
    return "\n".join(lines)
