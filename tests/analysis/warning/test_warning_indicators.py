"""Indicators and the as-of view: nothing published after the day is visible."""

from __future__ import annotations

import pytest

from refwatch.analysis.warning import Indicators, KnownIndicators, LookAheadError

from .warning_synth import D, backlog, border, event


def test_it_keeps_only_what_was_published_by_the_end_of_the_day() -> None:
    claim = backlog("b1", 2000, known=D(2023, 9, 5), refers=D(2023, 6, 1))
    history = Indicators(backlog=(claim,))
    assert history.as_of(D(2023, 9, 4)).backlog == ()
    assert history.as_of(D(2023, 9, 5)).backlog == (claim,)


def test_it_refuses_to_build_a_view_that_holds_a_future_observation() -> None:
    claim = backlog("b1", 2000, known=D(2023, 9, 5))
    with pytest.raises(LookAheadError, match="after the evaluation day"):
        KnownIndicators(day=D(2023, 9, 4), backlog=(claim,))


def test_it_uses_the_latest_revision_known_on_each_day() -> None:
    v1 = event("e1", D(2022, 9, 10), D(2022, 9, 25), D(2015, 9, 16), key="games")
    v2 = event("e2", D(2022, 9, 10), D(2022, 9, 25), D(2022, 5, 6), key="games", status="postponed")
    v3 = event("e3", D(2023, 9, 23), D(2023, 10, 8), D(2022, 7, 19), key="games")
    history = Indicators(calendar=(v3, v1, v2))
    assert history.as_of(D(2022, 1, 1)).calendar == (v1,)
    assert history.as_of(D(2022, 6, 1)).calendar == (v2,)
    assert history.as_of(D(2023, 1, 1)).calendar == (v3,)


def test_it_knows_the_border_state_in_force_and_when_it_started() -> None:
    history = Indicators(
        border=(
            border("s0", D(2019, 1, 1), "open"),
            border("s1", D(2020, 1, 22), "closed"),
            border("s2", D(2023, 8, 27), "open", known=D(2023, 8, 28)),
        )
    )
    view = history.as_of(D(2023, 8, 27))
    state = view.border_state()
    assert state is not None and state.id == "s1"
    view = history.as_of(D(2023, 9, 1))
    state = view.border_state()
    assert state is not None and state.id == "s2"
    assert [t.id for t in view.border_transitions()] == ["s0", "s1", "s2"]


def test_it_rejects_duplicate_ids_and_impossible_ranges() -> None:
    with pytest.raises(ValueError, match="duplicate"):
        Indicators(backlog=(backlog("b", 1, D(2020, 1, 1)), backlog("b", 2, D(2020, 1, 2))))
    with pytest.raises(ValueError, match="before refers_from"):
        event("e", D(2020, 2, 1), D(2020, 1, 1), D(2019, 1, 1))
