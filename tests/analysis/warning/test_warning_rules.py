"""Declarative rules on synthetic histories."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from refwatch.analysis.warning import (
    Indicators,
    Level,
    RulesFormatError,
    default_rules,
    evaluate,
    explain,
    parse_rules,
)

from .warning_synth import HIGH_RULE, D, arrests, backlog, border, event, returned

LINEUP = Indicators(
    border=(border("closed", D(2020, 1, 22), "closed"), border("open", D(2023, 8, 27), "open")),
    backlog=(backlog("held", 2000, known=D(2023, 6, 30)),),
    calendar=(event("games", D(2023, 9, 23), D(2023, 10, 8), known=D(2022, 7, 19)),),
)


def test_it_fires_when_backlog_open_border_and_an_ending_event_line_up() -> None:
    rules = parse_rules(HIGH_RULE)
    assert evaluate(rules, LINEUP, D(2023, 9, 23)) == []  # 15 days before the end
    [alert] = evaluate(rules, LINEUP, D(2023, 9, 24))
    assert alert.level is Level.HIGH
    assert [a.rule_id for a in evaluate(rules, LINEUP, D(2023, 10, 11))] == [
        "lineup"
    ]  # 3 days after
    assert evaluate(rules, LINEUP, D(2023, 10, 12)) == []


def test_it_names_the_observations_and_sources_that_triggered_the_alert() -> None:
    [alert] = evaluate(parse_rules(HIGH_RULE), LINEUP, D(2023, 10, 1))
    assert {e.observation_id for e in alert.evidence} == {"held", "open", "games"}
    assert all(
        e.publisher == "Synthetic Monitor" and e.known <= D(2023, 10, 1) for e in alert.evidence
    )
    assert any("ends 2023-10-08 (in 7 days)" in r for r in alert.reasons)
    payload = alert.to_dict()
    assert payload["evidence"][0]["source"]["url"] == "https://example.org/synthetic"
    assert len(alert.fingerprint) == 16


def test_it_stays_silent_while_the_border_is_closed_and_says_why() -> None:
    closed = Indicators(border=LINEUP.border[:1], backlog=LINEUP.backlog, calendar=LINEUP.calendar)
    rules = parse_rules(HIGH_RULE)
    assert evaluate(rules, closed, D(2023, 10, 1)) == []
    [trace] = explain(rules, closed, D(2023, 10, 1))
    assert any("border closed since 2020-01-22" in u for u in trace.unmet())


def test_it_ignores_an_event_once_it_is_known_to_be_postponed() -> None:
    history = Indicators(
        border=LINEUP.border,
        backlog=LINEUP.backlog,
        calendar=(
            event("v1", D(2023, 9, 23), D(2023, 10, 8), D(2022, 1, 1), key="g"),
            event(
                "v2", D(2023, 9, 23), D(2023, 10, 8), D(2023, 9, 30), key="g", status="postponed"
            ),
        ),
    )
    rules = parse_rules(HIGH_RULE)
    assert len(evaluate(rules, history, D(2023, 9, 29))) == 1
    assert evaluate(rules, history, D(2023, 9, 30)) == []


def test_it_measures_how_long_the_border_has_been_open() -> None:
    rules = parse_rules(
        """
[[rule]]
id = "reopened"
level = "elevated"
  [[rule.all]]
  indicator = "border"
  states = ["open"]
  changed_within_days = 30
"""
    )
    assert evaluate(rules, LINEUP, D(2023, 8, 26)) == []
    assert len(evaluate(rules, LINEUP, D(2023, 9, 26))) == 1
    assert evaluate(rules, LINEUP, D(2023, 9, 27)) == []


def test_it_needs_one_of_the_any_conditions() -> None:
    rules = parse_rules(
        """
[[rule]]
id = "either"
level = "low"
  [[rule.any]]
  indicator = "repatriations"
  within_days = 30
  [[rule.any]]
  indicator = "arrests"
  min_people = 10
  within_days = 30
"""
    )
    quiet = Indicators(repatriations=(returned("r", D(2023, 1, 1), D(2023, 1, 3), contested=True),))
    assert evaluate(rules, quiet, D(2023, 1, 10)) == []  # contested reports do not count
    busy = Indicators(arrests=(arrests("a", D(2023, 1, 1), D(2023, 1, 5), D(2023, 1, 8), 12),))
    assert evaluate(rules, busy, D(2023, 1, 7)) == []  # not yet published
    assert len(evaluate(rules, busy, D(2023, 1, 8))) == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "no \\[\\[rule\\]\\] tables"),
        (
            '[[rule]]\nid = "x"\nlevel = "urgent"\n[[rule.all]]\nindicator = "border"',
            "level must be",
        ),
        (
            '[[rule]]\nid = "x"\nlevel = "low"\n[[rule.all]]\nindicator = "weather"',
            "indicator must be",
        ),
        (
            '[[rule]]\nid = "x"\nlevel = "low"\n[[rule.all]]\nindicator = "backlog"\nmin = 3',
            "unknown option",
        ),
        (
            '[[rule]]\nid = "x"\nlevel = "low"\n[[rule.all]]\nindicator = "border"\nstates = ["ajar"]',
            "rule x",
        ),
        ('[[rule]]\nid = "x"\nlevel = "low"', "needs at least one condition"),
    ],
)
def test_it_rejects_a_broken_rules_file_saying_where(text: str, message: str) -> None:
    with pytest.raises(RulesFormatError, match=message):
        parse_rules(text)


def test_the_shipped_rules_parse_and_cover_each_level() -> None:
    rules = default_rules()
    assert {r.level for r in rules} == {Level.LOW, Level.ELEVATED, Level.HIGH}
    assert len(rules.digest) == 16


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200))
def test_it_never_crashes_on_arbitrary_text(text: str) -> None:
    try:
        rules = parse_rules(text)
    except RulesFormatError:
        return
    assert len(rules) > 0


_values = st.one_of(
    st.integers(-5, 5000),
    st.booleans(),
    st.text("abcdefghijklmnopqrstuvwxyz_", max_size=12),
    st.lists(
        st.sampled_from(["open", "closed", "partly_open", "CN", "state_visit", "x"]), max_size=3
    ),
)


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from([*Level, "urgent"]),
    st.sampled_from(
        ["border", "calendar", "backlog", "arrests", "repatriations", "interventions", "x"]
    ),
    st.dictionaries(
        st.sampled_from(
            [
                "states",
                "changed_within_days",
                "kinds",
                "hosts",
                "major",
                "ends_within_days",
                "min_people",
                "max_age_days",
                "within_days",
                "min_incidents",
                "include_contested",
                "actions",
                "bogus",
            ]
        ),
        _values,
        max_size=4,
    ),
)
def test_it_accepts_or_refuses_any_condition_without_crashing(
    level: str, indicator: str, options: dict[str, object]
) -> None:
    body = "\n".join(f"{k} = {_toml(v)}" for k, v in options.items())
    text = (
        f'[[rule]]\nid = "r"\nlevel = "{level}"\n[[rule.all]]\nindicator = "{indicator}"\n{body}\n'
    )
    try:
        rules = parse_rules(text)
    except RulesFormatError as exc:
        assert "rule r" in str(exc) or "<rules>" in str(exc)
        return
    # A rule that parses can be evaluated on any day.
    evaluate(rules, LINEUP, D(2023, 10, 1))
