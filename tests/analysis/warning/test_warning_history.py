"""CSV import of indicator series and the shipped example history."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from refwatch.analysis.warning import (
    HistoryFormatError,
    example_history,
    load_history,
    read_csv_text,
    write_csv_text,
)
from refwatch.analysis.warning.history import KINDS

from .warning_synth import D, backlog, border, event, returned

HEADER = "id,refers_from,refers_to,known,low,high,source_publisher\n"


def test_it_reads_partial_dates_so_that_nothing_is_known_too_early() -> None:
    [claim] = read_csv_text(HEADER + "b1,2023-06,,2023-06,,2000,NKDB\n", kind="backlog")
    assert claim.refers_from == D(2023, 6, 1)
    assert claim.refers_to == D(2023, 6, 30)
    assert claim.known == D(2023, 6, 30)
    [whole_year] = read_csv_text(HEADER + "b2,2024,,2024,5,,X\n", kind="backlog")
    assert (whole_year.refers_from, whole_year.refers_to, whole_year.known) == (
        D(2024, 1, 1),
        D(2024, 12, 31),
        D(2024, 12, 31),
    )


def test_it_reports_every_bad_row_with_its_line_number() -> None:
    text = (
        HEADER + "b1,2023-06-01,,,,,X\nb2,June,,2023-07-01,,,X\nb3,2023-06-01,,2023-07-01,9,3,X\n"
    )
    with pytest.raises(HistoryFormatError) as info:
        read_csv_text(text, kind="backlog", origin="t.csv")
    problems = info.value.problems
    assert len(problems) == 3
    assert problems[0].startswith("t.csv:2: missing known")
    assert "t.csv:3" in problems[1] and "not a date" in problems[1]
    assert "t.csv:4" in problems[2] and "below low" in problems[2]


def test_it_needs_a_kind_for_every_row_of_a_combined_file() -> None:
    with pytest.raises(HistoryFormatError, match="unknown or missing kind"):
        read_csv_text("id,refers_from,known,source_publisher\nx,2020-01-01,2020-01-01,X\n")


def test_it_reads_a_directory_or_one_combined_file(tmp_path: Path) -> None:
    observations = [
        border("s1", D(2020, 1, 22), "closed"),
        backlog("b1", 1200, D(2021, 7, 22)),
        event("e1", D(2022, 2, 4), D(2022, 2, 20), D(2015, 7, 31)),
        returned("r1", D(2021, 7, 14), D(2021, 7, 19)),
    ]
    combined = tmp_path / "history.csv"
    combined.write_text(write_csv_text(observations), "utf-8")
    from_file = load_history(combined)
    folder = tmp_path / "dir"
    folder.mkdir()
    (folder / "border.csv").write_text(
        "id,refers_from,known,state,source_publisher\ns1,2020-01-22,2020-01-22,closed,Synthetic Monitor\n",
        "utf-8",
    )
    from_dir = load_history(folder)
    assert len(from_file) == 4
    assert from_dir.border[0].state == from_file.border[0].state
    assert load_history(folder / "border.csv").border == from_dir.border
    with pytest.raises(FileNotFoundError):
        load_history(tmp_path)  # a folder without indicator files


def test_the_shipped_history_has_a_source_and_a_publication_day_for_every_row() -> None:
    history = example_history()
    assert all(len(getattr(history, kind)) > 0 for kind in KINDS)
    for obs in history:
        assert obs.source.publisher
        if obs.known < obs.source.published:
            # Known before the source we cite: allowed only when the row says why.
            said = obs.known.isoformat() in obs.source.publisher
            assert said or (obs.uncertain and obs.note), obs.id
    for obs in (*history.backlog, *history.arrests, *history.repatriations):
        # Claims about people cannot be known before the period they describe began.
        assert obs.known >= obs.refers_from, obs.id


def test_the_shipped_history_dates_the_october_2023_return_and_its_first_report() -> None:
    history = example_history()
    october = [r for r in history.repatriations if r.incident == "rep-2023-10-09"]
    assert min(r.known for r in october) == D(2023, 10, 11)
    assert {r.refers_from for r in october} >= {D(2023, 10, 9)}
    games = history.as_of(D(2023, 10, 1)).calendar
    assert any(e.name == "Hangzhou Asian Games" and e.refers_to == D(2023, 10, 8) for e in games)


dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 12, 31))
texts = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=30
)


@st.composite
def backlog_claims(draw: st.DrawFn) -> list[object]:
    n = draw(st.integers(0, 5))
    out = []
    for i in range(n):
        start = draw(dates)
        end = start + dt.timedelta(days=draw(st.integers(0, 400)))
        low = draw(st.none() | st.integers(0, 10_000))
        high = None if low is None else low + draw(st.integers(0, 500))
        out.append(
            backlog(f"b{i}", 0, known=draw(dates), refers=start).__class__(
                id=f"b{i}",
                refers_from=start,
                refers_to=end,
                known=draw(dates),
                source=backlog("x", 0, start).source.__class__(
                    publisher=draw(texts.filter(lambda s: s.strip() == s and s != "")),
                    published=draw(dates),
                    url="",
                ),
                low=low,
                high=high,
                note=draw(texts.map(str.strip)),
            )
        )
    return out


@settings(max_examples=60, deadline=None)
@given(backlog_claims())
def test_it_reads_back_exactly_what_it_wrote(claims: list[object]) -> None:
    text = write_csv_text(claims)  # type: ignore[arg-type]
    assert read_csv_text(text) == claims


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300), st.sampled_from([None, *KINDS]))
def test_it_never_crashes_on_arbitrary_text(text: str, kind: str | None) -> None:
    try:
        observations = read_csv_text(text, kind=kind)
    except HistoryFormatError as exc:
        assert exc.problems
    else:
        assert all(o.id for o in observations)


def test_it_builds_observations_from_store_rows() -> None:
    from refwatch.analysis.warning import observations_from_rows

    rows = [
        {
            "kind": "border",
            "id": "s",
            "refers_from": D(2023, 8, 27),
            "known": D(2023, 8, 27),
            "state": "open",
            "source_publisher": "X",
        },
        {
            "kind": "backlog",
            "id": "b",
            "refers_from": "2023-06",
            "known": "2023-06",
            "low": 2000,
            "high": None,
            "source_publisher": "Y",
        },
    ]
    border_obs, claim = observations_from_rows(rows)
    assert (
        border_obs.refers_from == D(2023, 8, 27)
        and claim.floor == 2000
        and claim.known == D(2023, 6, 30)
    )
    with pytest.raises(HistoryFormatError, match=r"<rows>\[1\]: unknown or missing kind"):
        observations_from_rows([{"id": "x"}])
