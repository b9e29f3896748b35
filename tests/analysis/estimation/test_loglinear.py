"""Log-linear models: model space, fits, averaging and Chapman."""

from __future__ import annotations

import numpy as np
import pytest

from refwatch.analysis.estimation import CaptureHistories, HistoriesError
from refwatch.analysis.estimation.loglinear import (
    HierarchicalModel,
    all_hierarchical_models,
    chapman_estimate,
    fit_loglinear,
    loglinear_estimate,
)

from .golden import load


@pytest.mark.parametrize(
    ("k", "order", "count"), [(3, 2, 8), (4, 3, 113), (4, 2, 64), (5, 2, 1024)]
)
def test_it_enumerates_rcapture_model_space(k: int, order: int, count: int) -> None:
    models = all_hierarchical_models(k, order)
    assert len(models) == count
    assert len({m.name for m in models}) == count


def test_it_names_models_like_rcapture() -> None:
    model = HierarchicalModel(4, ((0, 2), (0, 1, 2), (2, 3), (0, 3)))
    assert model.name == "[123,14,34]"
    assert HierarchicalModel.parse("[23,1]", 3).name == "[23,1]"
    assert HierarchicalModel.independence(3).name == "[1,2,3]"


def test_it_refuses_enumerations_that_would_never_finish() -> None:
    with pytest.raises(ValueError, match="too long"):
        all_hierarchical_models(7, 2)


def test_it_recovers_a_known_population_under_independence() -> None:
    # expected counts of an independent 3-list design with N = 1000 and p = (0.5, 0.4, 0.3)
    p = np.array([0.5, 0.4, 0.3])
    rows = []
    for cell in range(1, 8):
        pattern = tuple((cell >> j) & 1 for j in range(3))
        prob = np.prod([p[j] if pattern[j] else 1 - p[j] for j in range(3)])
        rows.append((pattern, round(1000 * prob * 100)))
    h = CaptureHistories.from_rows(["A", "B", "C"], rows)
    fit = fit_loglinear(h)
    assert fit.n_hat == pytest.approx(100_000, rel=1e-3)
    assert fit.ok


def test_it_reports_the_bic_average_next_to_the_best_model() -> None:
    estimate = loglinear_estimate(load("kosovo"))
    average = estimate.diagnostics["model_average"]
    weights = [w["weight"] for w in average["top_weights"]]
    assert weights == sorted(weights, reverse=True)
    assert average["interval"][0] < average["estimate"] < average["interval"][1]
    assert average["interval"][0] >= estimate.observed


def test_it_uses_a_given_model_instead_of_searching() -> None:
    estimate = loglinear_estimate(load("kosovo"), model="[123,134]")
    assert estimate.settings["model"] == "[123,134]"
    assert estimate.settings["n_models"] == 1


def test_chapman_matches_its_formula() -> None:
    h = CaptureHistories.from_rows(["A", "B"], [((1, 0), 60), ((0, 1), 40), ((1, 1), 20)])
    estimate = chapman_estimate(h)
    assert estimate.estimate == pytest.approx(81 * 61 / 21 - 1)
    assert estimate.interval[0] > h.n_observed
    assert estimate.interval[0] < estimate.estimate < estimate.interval[1]


def test_chapman_refuses_three_lists() -> None:
    with pytest.raises(HistoriesError, match="exactly 2"):
        chapman_estimate(load("spina621"))


def test_it_flags_a_model_whose_estimate_runs_away() -> None:
    # no one is on both A and B although the lists are large: the A:B term is unbounded
    h = CaptureHistories.from_rows(
        ["A", "B", "C"],
        [((1, 0, 0), 50), ((0, 1, 0), 50), ((0, 0, 1), 50), ((1, 0, 1), 10), ((0, 1, 1), 10)],
    )
    fit = fit_loglinear(h, "[12,13,23]")
    assert not fit.ok
    assert "the asymptotic bias is large" in fit.warnings
