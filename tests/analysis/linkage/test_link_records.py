"""link_records: entities from synthetic Korean lists, reproducible, honouring reviewers."""

from __future__ import annotations

import json
from itertools import combinations

import pytest

from refwatch.analysis.linkage.run import PairDecision, link_records, record_field

from .conftest import LinkedLists

# The synthetic lists include an .xlsx file; openpyxl sometimes leaves its handle to the
# garbage collector, which pytest reports as an unraisable ResourceWarning.
pytestmark = pytest.mark.filterwarnings(
    r"ignore:Exception ignored in. <_io.FileIO name='.*\.xlsx':pytest.PytestUnraisableExceptionWarning"
)


def pairwise_f1(truth: dict[tuple[str, str], str], entity: dict[tuple[str, str], str]) -> float:
    def pairs(labels: dict[tuple[str, str], str]) -> set[tuple[tuple[str, str], tuple[str, str]]]:
        groups: dict[str, list[tuple[str, str]]] = {}
        for key, label in labels.items():
            groups.setdefault(label, []).append(key)
        return {tuple(sorted(p)) for g in groups.values() for p in combinations(g, 2)}  # type: ignore[misc]

    gold, found = pairs(truth), pairs({k: entity[k] for k in truth})
    tp = len(gold & found)
    precision, recall = tp / len(found), tp / len(gold)
    return 2 * precision * recall / (precision + recall)


def test_it_links_korean_lists_written_in_different_scripts(linked: LinkedLists) -> None:
    # a floor, not a target: the benchmarks measure the real figure
    assert pairwise_f1(linked.truth, linked.result.entity_of()) > 0.9


def test_it_assigns_every_record_exactly_one_entity(linked: LinkedLists) -> None:
    keys = [(row.list, row.record_id) for row in linked.result.clusters]
    assert len(keys) == len(set(keys)) == sum(len(r) for r in linked.records.values())
    for row in linked.result.clusters:
        assert row.match_probability is None or linked.result.threshold <= row.match_probability <= 1


def test_it_finds_duplicates_within_one_list(linked: LinkedLists) -> None:
    by_person: dict[str, list[tuple[str, str]]] = {}
    for key, person in linked.truth.items():
        by_person.setdefault(person, []).append(key)
    entity = linked.result.entity_of()
    twins = [
        (a, b)
        for keys in by_person.values()
        for a, b in combinations(keys, 2)
        if a[0] == b[0]
    ]
    assert twins, "the synthetic lists should contain within-list duplicates"
    found = sum(entity[a] == entity[b] for a, b in twins)
    assert found / len(twins) > 0.8


def test_it_gives_the_same_clusters_for_the_same_seed(linked: LinkedLists) -> None:
    again = link_records(linked.records, seed=3)
    assert again.clusters == linked.result.clusters
    assert json.loads(again.model_json) == json.loads(linked.result.model_json)


def test_it_returns_a_trained_model_that_can_be_reused(linked: LinkedLists) -> None:
    model = json.loads(linked.result.model_json)
    levels = [lvl for c in model["comparisons"] for lvl in c["comparison_levels"]]
    assert {c["output_column_name"] for c in model["comparisons"]} >= {"surname", "given", "birth"}
    assert any(lvl.get("tf_adjustment_column") == "surname" for lvl in levels)
    reused = link_records(linked.records, seed=99, model_settings=model)
    assert reused.clusters == linked.result.clusters


def test_it_honours_reviewers_decisions(linked: LinkedLists) -> None:
    result = linked.result
    linked_pair = next(p for p in result.pairs if p.match_probability >= result.threshold)
    unlinked = next(
        p for p in result.pairs if p.match_probability < result.threshold
    )
    decided = link_records(
        linked.records,
        seed=3,
        model_settings=json.loads(result.model_json),
        decisions=[
            PairDecision(linked_pair.left, linked_pair.right, same=False),
            PairDecision(unlinked.left, unlinked.right, same=True),
        ],
    )
    entity = decided.entity_of()
    assert entity[linked_pair.left] != entity[linked_pair.right]
    assert entity[unlinked.left] == entity[unlinked.right]


def test_it_counts_capture_histories_per_entity(linked: LinkedLists) -> None:
    table = linked.result.histories()
    assert table.lists == tuple(sorted(linked.records))
    assert sum(count for _, _, count in table.rows) == linked.result.n_entities
    assert all(any(pattern) for pattern, _, _ in table.rows)


def test_it_stratifies_histories_by_a_record_field(linked: LinkedLists) -> None:
    table = linked.result.histories(record_field(linked.records, "sex"))
    assert {stratum for _, stratum, _ in table.rows} <= {"F", "M", "unknown"}
    assert sum(count for _, _, count in table.rows) == linked.result.n_entities


def test_it_refuses_a_threshold_outside_zero_and_one(linked: LinkedLists) -> None:
    with pytest.raises(ValueError, match="threshold"):
        link_records(linked.records, threshold=1.0)


def test_it_stratifies_by_home_province_whatever_the_spelling(linked: LinkedLists) -> None:
    strata = record_field(linked.records, "home")
    values = {v for v in strata.values() if v is not None}
    assert values and all(v.startswith("kp-") for v in values if "," not in v)
    assert len(values) < 30  # provinces, not every spelling of every town


def test_a_model_saved_with_other_comparisons_is_refused(linked: LinkedLists) -> None:
    """Same number of levels, other meaning: the trained probabilities must not be reused."""
    from refwatch.analysis.linkage.model import comparisons

    model = json.loads(linked.result.model_json)
    assert comparisons(model)  # the saved model itself loads
    surname = next(c for c in model["comparisons"] if c["output_column_name"] == "surname")
    level = next(lv for lv in surname["comparison_levels"] if "Levenshtein" in lv.get("label_for_charts", ""))
    level["label_for_charts"] = "Jaro-Winkler distance of surname_sound >= 0.8"
    with pytest.raises(ValueError, match="trained on other comparisons"):
        comparisons(model)
