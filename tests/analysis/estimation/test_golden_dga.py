"""Decomposable-graph averaging reproduces dga 2.0.2 exactly on the reference data."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.special import gammaln

from refwatch.analysis.estimation import CaptureHistories
from refwatch.analysis.estimation.dga import decomposable_graphs, dga_estimate, dga_posterior

from .golden import load, results, same_to_4_digits

ROWS = results("results_dga")


@pytest.mark.parametrize(("p", "count"), [(3, 8), (4, 61), (5, 822)])
def test_it_enumerates_the_decomposable_graphs_dga_ships(p: int, count: int) -> None:
    assert len(decomposable_graphs(p)) == count


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r['dataset']}:{r['settings']}")
def test_it_reproduces_dga_posterior_summaries(row: dict[str, str]) -> None:
    histories = load(row["dataset"])
    delta = 2.0**-histories.k_lists if row["settings"].startswith("default") else 1.0
    post = dga_posterior(histories, delta=delta)
    assert len(post.graphs) == int(row["n_graphs"])
    assert post.quantile(0.5) == float(row["median"])
    assert post.quantile(0.025) == float(row["lo95"])
    assert post.quantile(0.975) == float(row["hi95"])
    assert post.mode() == float(row["mode"])
    assert same_to_4_digits(post.mean(), float(row["mean"]))
    assert same_to_4_digits(post.bayes_relative_squared(), float(row["bayes_relsq"]))
    top_graph, top_probability = post.top_graphs(1)[0]
    reference_name, reference_probability = row["top_models"].split()[0].split(":")
    assert {frozenset(c) for c in top_graph.name.strip("[]").split(",")} == {
        frozenset(c) for c in reference_name.strip("[]").split(",")
    }
    assert round(top_probability, 3) == pytest.approx(float(reference_probability))


def test_it_passes_dga_own_madigan_york_test() -> None:
    # dga's tests/testthat/test-BMAfunctions.R: Y = array(c(0, 60, 49, 4, 247, 112, 142, 12))
    counts = [0, 60, 49, 4, 247, 112, 142, 12]
    rows = [(tuple((i >> j) & 1 for j in range(3)), counts[i]) for i in range(1, 8)]
    histories = CaptureHistories.from_rows(["L1", "L2", "L3"], rows)
    a, b = 13.14, 55.17

    def log_prior(n: np.ndarray) -> np.ndarray:
        return (
            n * np.log(b) - (n + a) * np.log(1 + b) + gammaln(n + a) - gammaln(n + 1) - gammaln(a)
        )

    post = dga_posterior(histories, delta=1.0, n_missing=np.arange(1, 301), log_prior=log_prior)
    graph_probabilities = post.graph_probabilities
    top = post.weights[int(np.argmax(graph_probabilities))]
    assert round(float(graph_probabilities.max()), 2) == 0.37
    assert round(post.bayes_relative_squared(top)) == 731
    assert post.mode(top) == 729
    assert round(post.bayes_relative_squared()) == 731
    assert post.mode() == 728


def test_it_reports_the_posterior_median_and_quantiles() -> None:
    estimate = dga_estimate(load("kosovo"))
    assert estimate.method == "dga"
    assert estimate.estimate == 12595
    assert estimate.interval == (9827, 16544)
    assert estimate.settings["delta"] == 2**-4
    assert estimate.diagnostics["top_graphs"][0]["probability"] == pytest.approx(0.986, abs=1e-3)
    assert estimate.warnings == []


def test_it_warns_when_delta_one_collapses_a_sparse_table_to_n() -> None:
    estimate = dga_estimate(load("hiv"), delta=1.0)
    assert any("complete graph" in w for w in estimate.warnings)
    assert any("within 5% of the observed count" in w for w in estimate.warnings)
