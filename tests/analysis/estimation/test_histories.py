"""Capture histories: the two input contracts and the errors users see."""

from __future__ import annotations

import io

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from refwatch.analysis.estimation import (
    CaptureHistories,
    ClusterRow,
    HistoriesError,
    read_clusters_csv,
)


def _csv(text: str) -> io.StringIO:
    return io.StringIO(text)


def test_it_reads_the_histories_contract() -> None:
    h = CaptureHistories.from_csv(_csv("A,B,C,count\n1,0,0,5\n0,1,1,3\n1,1,1,2\n"))
    assert h.lists == ("A", "B", "C")
    assert h.patterns.shape == (3, 3)
    assert h.n_observed == 10
    assert h.count_of((0, 1, 1)) == 3
    assert h.list_totals() == {"A": 7, "B": 5, "C": 5}


def test_it_puts_the_first_list_on_the_fastest_bit_of_the_full_table() -> None:
    h = CaptureHistories.from_csv(_csv("A,B,count\n1,0,5\n0,1,3\n1,1,2\n"))
    assert h.full_table().tolist() == [0, 5, 3, 2]


def test_it_refuses_fewer_than_two_lists() -> None:
    with pytest.raises(HistoriesError, match="at least 2 lists"):
        CaptureHistories.from_csv(_csv("A,count\n1,5\n"))


def test_it_refuses_the_all_zero_pattern() -> None:
    with pytest.raises(HistoriesError, match="all-zero pattern"):
        CaptureHistories.from_csv(_csv("A,B,count\n1,0,5\n0,0,3\n"))
    with pytest.raises(HistoriesError, match="all-zero pattern"):
        CaptureHistories(("A", "B"), np.array([[0, 0]]), np.array([3]))


def test_it_refuses_negative_counts() -> None:
    with pytest.raises(HistoriesError, match="negative"):
        CaptureHistories.from_csv(_csv("A,B,count\n1,0,-5\n"))
    with pytest.raises(HistoriesError, match="negative"):
        CaptureHistories(("A", "B"), np.array([[1, 0]]), np.array([-1]))


def test_it_refuses_cells_other_than_zero_and_one() -> None:
    with pytest.raises(HistoriesError, match="line 2, column 'B'"):
        CaptureHistories.from_csv(_csv("A,B,count\n1,2,5\n"))
    with pytest.raises(HistoriesError, match="0 or 1"):
        CaptureHistories(("A", "B"), np.array([[1, 2]]), np.array([3]))


def test_it_refuses_a_file_without_count() -> None:
    with pytest.raises(HistoriesError, match="'count' column"):
        CaptureHistories.from_csv(_csv("A,B\n1,0\n"))


def test_it_refuses_fractional_counts() -> None:
    with pytest.raises(HistoriesError, match="whole number"):
        CaptureHistories.from_csv(_csv("A,B,count\n1,0,2.5\n"))


def test_it_sums_repeated_patterns_and_keeps_strata_apart() -> None:
    h = CaptureHistories.from_csv(
        _csv("A,B,count,stratum\n1,0,5,north\n1,0,2,north\n1,0,4,south\n0,1,1,south\n")
    )
    assert h.stratum_names() == ("north", "south")
    assert h.count_of((1, 0), "north") == 7
    assert h.count_of((1, 0)) == 11
    parts = h.by_stratum()
    assert parts["north"].n_observed == 7 and parts["south"].n_observed == 5
    assert h.collapsed().n_observed == 12 and not h.collapsed().is_stratified


def test_it_reads_named_covariates_as_strata() -> None:
    text = "A,B,eth,count\n1,0,x,5\n0,1,y,3\n"
    with pytest.raises(HistoriesError, match="stratum column"):
        CaptureHistories.from_csv(_csv(text))
    h = CaptureHistories.from_csv(_csv(text), strata=["eth"])
    assert h.stratum_names() == ("x", "y")


def test_its_arrays_cannot_be_changed() -> None:
    h = CaptureHistories.from_rows(["A", "B"], [((1, 0), 3), ((0, 1), 2)])
    with pytest.raises(ValueError):
        h.counts[0] = 10


def test_it_round_trips_through_its_csv() -> None:
    h = CaptureHistories.from_rows(["A", "B"], [((1, 0), 3, "s"), ((0, 1), 2, "t")])
    back = CaptureHistories.from_csv(_csv(h.to_csv()))
    assert back == h
    assert back.fingerprint() == h.fingerprint()


def test_it_turns_clusters_into_one_history_per_entity() -> None:
    rows = read_clusters_csv(
        _csv(
            "list,record_id,entity_id,match_probability\n"
            "A,a1,e1,0.99\nB,b1,e1,0.6\nA,a2,e2,\nC,c1,e3,1.0\nA,a3,e3,0.95\nA,a4,e3,0.9\n"
        )
    )
    h = CaptureHistories.from_clusters(rows)
    assert h.lists == ("A", "B", "C")
    assert h.n_observed == 3
    assert h.count_of((1, 1, 0)) == 1 and h.count_of((1, 0, 1)) == 1
    split = CaptureHistories.from_clusters(rows, threshold=0.8)
    assert split.n_observed == 4
    assert split.count_of((0, 1, 0)) == 1


def test_it_refuses_a_record_listed_twice_in_clusters() -> None:
    with pytest.raises(HistoriesError, match="repeats"):
        read_clusters_csv(_csv("list,record_id,entity_id\nA,1,e\nA,1,f\n"))


def test_it_refuses_probabilities_outside_the_unit_interval() -> None:
    with pytest.raises(HistoriesError, match="outside"):
        read_clusters_csv(_csv("list,record_id,entity_id,match_probability\nA,1,e,1.5\n"))


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=200))
def test_its_csv_parser_never_crashes_on_garbage(text: str) -> None:
    try:
        h = CaptureHistories.from_csv(_csv(text))
    except HistoriesError:
        return
    assert h.k_lists >= 2 and h.n_observed > 0


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.lists(st.integers(0, 1), min_size=3, max_size=3), st.integers(0, 50)),
        min_size=1,
        max_size=20,
    )
)
def test_it_never_loses_people(rows: list[tuple[list[int], int]]) -> None:
    kept = [(p, c) for p, c in rows if any(p)]
    h = CaptureHistories.from_rows(["A", "B", "C"], kept)
    assert h.n_observed == sum(c for _, c in kept)
    assert int(h.full_table().sum()) == h.n_observed


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=200))
def test_its_clusters_parser_never_crashes_on_garbage(text: str) -> None:
    try:
        rows = read_clusters_csv(_csv("list,record_id,entity_id,match_probability\n" + text))
    except HistoriesError:
        return
    assert all(r.list and r.record_id and r.entity_id for r in rows)
    assert all(r.match_probability is None or 0 <= r.match_probability <= 1 for r in rows)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from("ABC"), st.integers(0, 30), st.integers(0, 10)),
        min_size=1,
        max_size=40,
        unique_by=lambda t: (t[0], t[1]),
    ),
    st.floats(0, 1),
)
def test_clusters_never_lose_records_at_any_threshold(
    records: list[tuple[str, int, int]], threshold: float
) -> None:
    rows = [ClusterRow(lst, str(rec), f"e{ent}", (rec % 10) / 10) for lst, rec, ent in records]
    h = CaptureHistories.from_clusters(rows, lists=("A", "B", "C"), threshold=threshold)
    entities = {r.entity_id for r in rows}
    assert len(entities) <= h.n_observed <= len(rows)
    assert sum(h.list_totals().values()) >= len(entities)
