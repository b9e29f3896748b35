"""Clustering scored pairs into entities, honouring reviewers, and counting histories."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from refwatch.analysis.linkage.clusters import capture_histories, cluster_pairs


def test_it_joins_records_linked_at_or_above_the_threshold() -> None:
    result = cluster_pairs(5, [(0, 1, 0.95), (1, 2, 0.9), (3, 4, 0.89)], threshold=0.9)
    assert result.entity == (0, 0, 0, 1, 2)
    assert result.n_entities == 3


def test_it_keeps_each_records_best_link_probability() -> None:
    result = cluster_pairs(4, [(0, 1, 0.95), (1, 2, 0.91), (0, 2, 0.99)], threshold=0.9)
    assert result.probability == (0.99, 0.95, 0.99, None)


def test_it_forces_accepted_pairs_even_below_the_threshold() -> None:
    result = cluster_pairs(3, [(0, 1, 0.2)], threshold=0.9, accepted=[(1, 2)])
    assert result.entity == (0, 1, 1)
    assert result.probability[1] == 1.0


def test_it_never_puts_a_rejected_pair_in_one_entity_even_through_a_chain() -> None:
    pairs = [(0, 1, 0.99), (1, 2, 0.98)]
    result = cluster_pairs(3, pairs, threshold=0.5, rejected=[(0, 2)])
    assert result.entity[0] != result.entity[2]
    # the stronger link wins: 0-1 joins first, then 1-2 would bring 0 and 2 together
    assert result.entity[0] == result.entity[1]


edges = st.lists(
    st.tuples(st.integers(0, 11), st.integers(0, 11), st.floats(0.0, 1.0)), max_size=40
)


@settings(max_examples=60, deadline=None)
@given(edges, st.lists(st.tuples(st.integers(0, 11), st.integers(0, 11)), max_size=6))
def test_it_respects_every_rejection_and_ignores_input_order(
    pairs: list[tuple[int, int, float]], rejected: list[tuple[int, int]]
) -> None:
    result = cluster_pairs(12, pairs, threshold=0.5, rejected=rejected)
    for a, b in rejected:
        if a != b:
            assert result.entity[a] != result.entity[b]
    again = cluster_pairs(12, list(reversed(pairs)), threshold=0.5, rejected=rejected)
    assert again == result


@settings(max_examples=60, deadline=None)
@given(edges)
def test_it_equals_connected_components_without_decisions(
    pairs: list[tuple[int, int, float]],
) -> None:
    result = cluster_pairs(12, pairs, threshold=0.5)
    for a, b, p in pairs:
        if p >= 0.5:
            assert result.entity[a] == result.entity[b]
    # entities are numbered by their first record
    seen: list[int] = []
    for e in result.entity:
        if e not in seen:
            seen.append(e)
    assert seen == list(range(result.n_entities))


def test_it_counts_entities_by_capture_pattern_without_the_all_zero_row() -> None:
    table = capture_histories(
        ["A", "B"], ["A", "B", "A", "B", "B"], [0, 0, 1, 2, 2]
    )
    assert table.header() == ["A", "B", "count"]
    assert sorted(table.csv_rows()) == [["0", "1", "1"], ["1", "0", "1"], ["1", "1", "1"]]
    assert all(any(v for v in pattern) for pattern, _, _ in table.rows)


def test_it_gives_an_entity_its_records_most_common_stratum() -> None:
    table = capture_histories(
        ["A", "B", "C"],
        ["A", "B", "C", "A"],
        [0, 0, 0, 1],
        strata=["North Hamgyong", "North Hamgyong", None, None],
    )
    assert table.header()[-1] == "stratum"
    assert sorted(table.csv_rows()) == [
        ["1", "0", "0", "1", "unknown"],
        ["1", "1", "1", "1", "North Hamgyong"],
    ]


def test_it_keeps_two_records_of_one_list_apart_unless_they_link_directly() -> None:
    # 0 and 2 are on list A; 1 on list B links to both: a chain, not a duplicate
    pairs = [(0, 1, 0.99), (1, 2, 0.95)]
    lists = ["A", "B", "A"]
    chained = cluster_pairs(3, pairs, threshold=0.9, groups=lists)
    assert chained.entity == (0, 0, 1)
    duplicate = cluster_pairs(3, [*pairs, (0, 2, 0.93)], threshold=0.9, groups=lists)
    assert duplicate.entity == (0, 0, 0)
