"""Sensitivity across methods and across linkage thresholds."""

from __future__ import annotations

import io

import numpy as np
import pytest

from refwatch.analysis.estimation import (
    CaptureHistories,
    linkage_sensitivity,
    read_clusters_csv,
    sensitivity_table,
)

from .golden import load


def test_it_shows_the_kosovo_spread_instead_of_one_figure() -> None:
    table = sensitivity_table(load("kosovo"), methods=("mt", "mth-darroch", "loglinear", "dga"))
    labels = [row.label for row in table.rows]
    assert labels[0] == "independence (Mt)"
    assert round(table.low) == 7395
    assert round(table.high) == 12797
    assert table.ratio > 1.7
    assert table.to_json_dict()["rows"][2]["settings"]["model"] == "[123,14,34]"


def test_it_skips_methods_that_do_not_apply() -> None:
    h = CaptureHistories.from_rows(["A", "B"], [((1, 0), 60), ((0, 1), 40), ((1, 1), 20)])
    table = sensitivity_table(h, methods=("chapman", "mth-chao", "mt"))
    assert [row.estimate.method for row in table.rows] == ["chapman", "mt"]


def _clusters(seed: int) -> str:
    """Three lists over 400 synthetic people; some links carry low match probabilities."""
    rng = np.random.default_rng(seed)
    lines = ["list,record_id,entity_id,match_probability"]
    for person in range(400):
        for list_name, p in (("A", 0.5), ("B", 0.4), ("C", 0.3)):
            if rng.random() < p:
                probability = 0.6 if rng.random() < 0.15 else 0.99
                lines.append(f"{list_name},{list_name}{person},p{person},{probability}")
    return "\n".join(lines) + "\n"


def test_it_pools_estimates_over_linkage_thresholds() -> None:
    rows = read_clusters_csv(io.StringIO(_clusters(3)))
    result = linkage_sensitivity(rows, method="mt", thresholds=(0.5, 0.7, 0.95))
    assert [label for label, _ in result.runs] == [
        "threshold 0.5",
        "threshold 0.7",
        "threshold 0.95",
    ]
    loose, strict = result.runs[0][1], result.runs[2][1]
    assert strict.observed > loose.observed  # unlinking makes more "people"
    low, high = result.spread
    assert low < result.pooled.estimate < high
    assert 0 < result.pooled.diagnostics["linkage_variance_share"] <= 1
    assert result.pooled.interval[0] < low and result.pooled.interval[1] > high


def test_it_samples_clusterings_reproducibly() -> None:
    rows = read_clusters_csv(io.StringIO(_clusters(4)))
    first = linkage_sensitivity(rows, method="mt", thresholds=None, draws=4, seed=11)
    second = linkage_sensitivity(rows, method="mt", thresholds=None, draws=4, seed=11)
    assert [e.estimate for _, e in first.runs] == [e.estimate for _, e in second.runs]
    assert len(first.runs) == 4


def test_it_refuses_to_pool_nothing() -> None:
    rows = read_clusters_csv(io.StringIO(_clusters(5)))
    with pytest.raises(ValueError, match="at least one"):
        linkage_sensitivity(rows, thresholds=None, draws=0)
