"""The geometry behind the server-drawn SVG: axis ticks, timeline, intervals, base map."""

from __future__ import annotations

import datetime as dt
import itertools
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from refwatch.reference.places import load_places
from refwatch.web.basemap import base_map, height, inside, project
from refwatch.web.charts import interval_chart, nice_ticks, timeline


@given(st.floats(0, 1e7), st.floats(0.001, 1e7))
def test_it_draws_ticks_that_cover_the_values(low: float, span: float) -> None:
    ticks = nice_ticks(low, low + span)
    assert ticks[0] <= low + 1e-6 and ticks[-1] >= low + span - 1e-6
    assert 2 <= len(ticks) <= 12
    steps = {round(b - a, 6) for a, b in itertools.pairwise(ticks)}
    assert len(steps) == 1


def _estimate(method: str, point: float, low: float, high: float) -> SimpleNamespace:
    return SimpleNamespace(method=method, stratum="", estimate=point, interval_low=low,
                           interval_high=high, observed=256)


def test_it_keeps_every_interval_inside_the_chart() -> None:
    chart = interval_chart([_estimate("lcmcr", 316, 283, 399), _estimate("dga", 296, 280, 320)])
    assert chart is not None and chart.observed == 256
    for row in chart.rows:
        assert chart.left <= row.x_low <= row.x_point <= row.x_high <= chart.width  # type: ignore[operator]
    assert chart.ticks[0][1] <= 256 and chart.ticks[-1][1] >= 399


def test_it_places_incidents_and_claims_on_their_dates() -> None:
    incident = SimpleNamespace(date_start=dt.date(2023, 10, 9), date_end=dt.date(2023, 10, 10),
                               event_type="forced_repatriation", count_high=600)
    drawn = timeline([incident], [(dt.date(2024, 4, 1), "arrest", 2)])
    assert drawn is not None
    assert {t for _, t in drawn.lanes} == {"forced_repatriation", "arrest"}
    assert drawn.incidents[0].x < drawn.claims[0].x <= drawn.width
    assert drawn.ticks[0][1] <= dt.date(2023, 10, 9)
    assert timeline([], []) is None


def test_it_puts_the_border_towns_on_the_map_and_the_rest_elsewhere() -> None:
    places = load_places()
    towns = [places[i] for i in ("cn-ln-dandong", "kp-np-sinuiju", "cn-jl-tumen", "kp-rg-hyesan")]
    drawn = base_map([(p, 1, 2) for p in [*towns, places["cn-yn-kunming"]]])
    assert len(drawn.markers) == 4 and len(drawn.elsewhere) == 1
    for m in drawn.markers:
        assert 0 <= m.x <= drawn.width and 0 <= m.y <= height()
    # Sinuiju lies south-east of Dandong across the Yalu; Hyesan east of both.
    dandong, sinuiju = project(40.12917, 124.39472), project(40.10056, 124.39806)
    assert sinuiju[1] > dandong[1]
    assert not inside(25.04, 102.71)
