"""Timeline, map and bars: geometry inside the frame, numbers matching the incidents."""

from __future__ import annotations

from datetime import date

from refwatch.analysis.reports import Bilingual, Incident, Period, Place, sample_report_data
from refwatch.analysis.reports.figures import bar_figure, map_figure, timeline_figure


def test_it_places_timeline_marks_inside_the_axis_and_clamps_outsiders() -> None:
    period = Period(date(2022, 1, 1), date(2023, 12, 31))
    early = Incident("e", Bilingual("early"), "arrest", date(2019, 1, 1))
    data = sample_report_data()
    fig = timeline_figure((*data.incidents, early), period, "en")
    for item in fig.items:
        assert fig.left <= item.x <= fig.right
    assert fig.items[-1].x == fig.left
    assert [i.number for i in fig.items] == list(range(1, len(fig.items) + 1))
    assert {t.label for t in fig.ticks} >= {"Jan 2023"}


def test_it_uses_years_as_ticks_for_long_spans() -> None:
    period = Period(date(2000, 1, 1), date(2030, 12, 31))
    incidents = (
        Incident("a", Bilingual("a"), "arrest", date(2003, 10, 9)),
        Incident("b", Bilingual("b"), "arrest", date(2023, 10, 9)),
    )
    fig = timeline_figure(incidents, period, "ko")
    assert all(t.label.isdigit() for t in fig.ticks)
    assert len(fig.ticks) <= 16


def test_it_fits_the_axis_to_the_incidents_inside_a_long_period() -> None:
    period = Period(date(2000, 1, 1), date(2030, 12, 31))
    incidents = (
        Incident("a", Bilingual("a"), "arrest", date(2023, 3, 1)),
        Incident("b", Bilingual("b"), "arrest", date(2023, 10, 9)),
    )
    fig = timeline_figure(incidents, period, "en")
    assert fig.items[1].x - fig.items[0].x > (fig.right - fig.left) / 2
    assert any("2023" in t.label for t in fig.ticks)


def test_it_shares_a_marker_between_incidents_at_one_place_and_lists_far_places() -> None:
    tumen = Place(Bilingual("Tumen", "투먼"), "CN", 42.96611, 129.8425)
    bangkok = Place(Bilingual("Bangkok", "방콕"), "TH", 13.75, 100.5)
    incidents = (
        Incident("a", Bilingual("a"), "arrest", date(2023, 1, 1), places=(tumen,)),
        Incident("b", Bilingual("b"), "detention", date(2023, 2, 1), places=(tumen, bangkok)),
    )
    fig = map_figure(incidents, "ko")
    assert (
        len(fig.markers) == 1
        and fig.markers[0].incidents == "1, 2"
        and fig.markers[0].name == "투먼"
    )
    assert [m.name for m in fig.outside] == ["방콕"]
    marker = fig.markers[0]
    assert 0 <= marker.x <= fig.width and 0 <= marker.y <= fig.height
    assert "refwatch" in fig.provenance


def test_it_draws_withheld_bars_without_revealing_their_size() -> None:
    fig = bar_figure([("a", 100), ("b", None), ("c", 50)], "en")
    assert fig.bars[1].suppressed and fig.bars[1].value == "‡"
    assert fig.bars[0].width == 2 * fig.bars[2].width
