"""Early warning of repatriation waves: indicators, rules, risk score, backtest.

Pure Python over plain data (no Django).  The store's glue loads indicator
rows into :class:`Indicators`, calls :func:`evaluate` or :func:`backtest`, and
stores the :class:`Alert` objects; delivery lives in :mod:`refwatch.alerts`.

>>> from refwatch.analysis.warning import default_rules, example_history, evaluate
>>> import datetime as dt
>>> [a.rule_id for a in evaluate(default_rules(), example_history(), dt.date(2023, 10, 1))]
['backlog-border-open-event-end', 'border-reopened-with-backlog']
"""

from __future__ import annotations

from refwatch.analysis.warning.backtest import (
    AlertEpisode,
    BacktestReport,
    Incident,
    IncidentOutcome,
    backtest,
    incidents_of,
    render_text,
)
from refwatch.analysis.warning.history import (
    HistoryFormatError,
    example_history,
    load_history,
    observations_from_rows,
    read_csv_text,
    write_csv_text,
)
from refwatch.analysis.warning.indicators import (
    ArrestReport,
    BacklogClaim,
    BorderState,
    BorderStatus,
    CalendarEvent,
    EventKind,
    EventStatus,
    Indicators,
    Intervention,
    KnownIndicators,
    LookAheadError,
    Observation,
    RepatriationReport,
    SourceRef,
)
from refwatch.analysis.warning.rules import (
    Alert,
    Evidence,
    Level,
    Rule,
    RuleSet,
    RulesFormatError,
    default_rules,
    evaluate,
    explain,
    load_rules,
    parse_rules,
)
from refwatch.analysis.warning.score import RiskScore, ScoreCheck, risk_score, score_backtest

__all__ = [
    "Alert",
    "AlertEpisode",
    "ArrestReport",
    "BacklogClaim",
    "BacktestReport",
    "BorderState",
    "BorderStatus",
    "CalendarEvent",
    "EventKind",
    "EventStatus",
    "Evidence",
    "HistoryFormatError",
    "Incident",
    "IncidentOutcome",
    "Indicators",
    "Intervention",
    "KnownIndicators",
    "Level",
    "LookAheadError",
    "Observation",
    "RepatriationReport",
    "RiskScore",
    "Rule",
    "RuleSet",
    "RulesFormatError",
    "ScoreCheck",
    "SourceRef",
    "backtest",
    "default_rules",
    "evaluate",
    "example_history",
    "explain",
    "incidents_of",
    "load_history",
    "load_rules",
    "observations_from_rows",
    "parse_rules",
    "read_csv_text",
    "render_text",
    "risk_score",
    "score_backtest",
    "write_csv_text",
]
