"""LCMCR (Manrique-Vallier 2016): the estimate, its diagnostics and its reproducibility."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest
from tests.analysis.estimation.golden import load

from refwatch.analysis.estimation import CaptureHistories
from refwatch.analysis.estimation.lcmcr import (
    HAVE_NUMBA,
    N0_CAP_FACTOR,
    LCMCRChains,
    estimate_lcmcr,
    sample_lcmcr,
    summarize_lcmcr,
)

# R 4.2.2, LCMCR 0.4.14 (shared/data/mse/reference/results_lcmcr.csv, script R/01_lcmcr.R):
# lcmCR(captures = tab, tabular = TRUE, K = 10, a_alpha = 0.25, b_alpha = 0.25, seed = 1,
#       thinning = 100) then lcmCR_PostSampl(burnin = 1e5, samples = 1e4, thinning = 100):
# posterior median 10,360, 2.5% 8,900.9, 97.5% 13,827.4 on Kosovo.
R_KOSOVO_LONG_MEDIAN = 10_360.0
R_KOSOVO_LONG_INTERVAL = (8_900.9, 13_827.4)

LISTS = ("A", "B", "C", "D")

# A table simulated with 2,000 people in two hidden groups (40% caught with probabilities
# 0.15/0.2/0.1/0.2, the rest 0.5/0.4/0.45/0.35), run through R 4.2.2 and LCMCR 0.4.14
# (built from CRAN's source): lcmCR(tab, tabular = TRUE, K = 5, a_alpha = 0.25,
# b_alpha = 0.25, seed = s, thinning = 50); lcmCR_PostSampl(burnin = 20000, samples = 5000,
# thinning = 50) gave medians 1,822 / 1,819 / 1,820 and intervals (1,738–2,021),
# (1,735–2,004), (1,739–2,016) for seeds 1–3: the model itself runs below the truth here.
SIMULATED_TABLE = [
    ((0, 0, 0, 1), 170), ((0, 0, 1, 0), 156), ((0, 0, 1, 1), 60), ((0, 1, 0, 0), 176),
    ((0, 1, 0, 1), 76), ((0, 1, 1, 0), 85), ((0, 1, 1, 1), 44), ((1, 0, 0, 0), 195),
    ((1, 0, 0, 1), 78), ((1, 0, 1, 0), 134), ((1, 0, 1, 1), 59), ((1, 1, 0, 0), 91),
    ((1, 1, 0, 1), 56), ((1, 1, 1, 0), 69), ((1, 1, 1, 1), 28),
]
R_SIMULATED_MEDIAN = 1_820.0
R_SIMULATED_INTERVAL = (1_737.0, 2_014.0)


def simulate_histories(seed: int, n_total: int = 2_000) -> CaptureHistories:
    """Four lists catching everyone independently with probabilities 0.3/0.25/0.35/0.3."""
    rng = np.random.default_rng(seed)
    caught = rng.random((n_total, 4)) < np.array([0.3, 0.25, 0.35, 0.3])
    seen = caught[caught.any(axis=1)].astype(int)
    patterns, counts = np.unique(seen, axis=0, return_counts=True)
    return CaptureHistories(LISTS, patterns, counts)


def test_it_covers_the_true_population_on_simulated_independent_lists() -> None:
    histories = simulate_histories(seed=11)
    est = estimate_lcmcr(histories, K=5, burn_in=2_000, samples=500, thinning=10, seed=3)
    low, high = est.interval
    assert low < 2_000 < high
    assert est.estimate == pytest.approx(2_000, rel=0.05)
    assert histories.n_observed < low


def test_it_matches_r_lcmcr_on_a_simulated_table_with_hidden_groups() -> None:
    histories = CaptureHistories.from_rows(LISTS, SIMULATED_TABLE)
    est = estimate_lcmcr(histories, K=5, burn_in=2_000, samples=1_000, thinning=10, seed=6)
    assert est.estimate == pytest.approx(R_SIMULATED_MEDIAN, rel=0.03)
    assert est.interval[0] == pytest.approx(R_SIMULATED_INTERVAL[0], rel=0.03)
    assert est.interval[1] == pytest.approx(R_SIMULATED_INTERVAL[1], rel=0.08)


def test_it_lands_near_r_lcmcr_on_kosovo_at_moderate_settings() -> None:
    est = estimate_lcmcr(load("kosovo"), burn_in=5_000, samples=1_000, thinning=10, seed=2024)
    assert est.estimate == pytest.approx(R_KOSOVO_LONG_MEDIAN, rel=0.05)
    assert est.interval[0] == pytest.approx(R_KOSOVO_LONG_INTERVAL[0], rel=0.10)
    assert est.interval[1] == pytest.approx(R_KOSOVO_LONG_INTERVAL[1], rel=0.15)


def test_it_returns_the_estimate_contract_with_settings_and_diagnostics() -> None:
    est = estimate_lcmcr(load("spina621"), burn_in=500, samples=200, thinning=5, seed=9)
    assert est.method == "lcmcr"
    assert est.observed == 621
    assert est.level == 0.95
    assert est.interval[0] <= est.estimate <= est.interval[1]
    assert est.seed == 9
    settings = est.settings
    assert (settings["K"], settings["a_alpha"], settings["b_alpha"]) == (10, 0.25, 0.25)
    assert (settings["burn_in"], settings["samples"], settings["thinning"]) == (500, 200, 5)
    assert settings["chains"] == 2
    assert settings["prior_N"] == "1/N"
    diag = est.diagnostics
    assert len(diag["chain_medians"]) == 2
    assert diag["rhat"] > 0.9 and diag["ess"] > 0
    assert isinstance(diag["warning"], bool)
    decoded = json.loads(est.to_json())
    assert decoded["settings"]["lists"] == ["S1", "S2", "S3"]


def test_it_gives_the_same_result_for_the_same_seed_and_another_for_another() -> None:
    histories = load("hiv")
    kwargs = {"burn_in": 300, "samples": 100, "thinning": 3}
    first = sample_lcmcr(histories.patterns, histories.counts, seed=42, **kwargs)
    again = sample_lcmcr(histories.patterns, histories.counts, seed=42, **kwargs)
    other = sample_lcmcr(histories.patterns, histories.counts, seed=43, **kwargs)
    np.testing.assert_array_equal(first.totals, again.totals)
    assert not np.array_equal(first.totals, other.totals)
    # chains are seeded independently: they do not repeat each other
    assert not np.array_equal(first.totals[0], first.totals[1])


def test_it_records_a_drawn_seed_that_reproduces_the_run() -> None:
    histories = load("spina621")
    kwargs = {"K": 4, "burn_in": 100, "samples": 50, "thinning": 2}
    drawn = estimate_lcmcr(histories, **kwargs)
    assert drawn.seed is not None
    replay = estimate_lcmcr(histories, seed=drawn.seed, **kwargs)
    assert (replay.estimate, replay.interval) == (drawn.estimate, drawn.interval)


def synthetic_run(totals: np.ndarray, n_observed: int = 1_000) -> LCMCRChains:
    shape = totals.shape
    return LCMCRChains(
        n_observed=n_observed,
        totals=totals.astype(np.int64),
        alpha=np.ones(shape),
        occupied_classes=np.full(shape, 3, dtype=np.int64),
        n0_rejections=(0,) * shape[0],
        n0_cap_hits=(0,) * shape[0],
        settings={"K": 10, "n0_cap": N0_CAP_FACTOR * n_observed},
        seed=1,
    )


def test_it_flags_chains_that_disagree() -> None:
    rng = np.random.default_rng(0)
    agree = synthetic_run(rng.normal(5_000, 300, size=(2, 400)).round())
    disagree = synthetic_run(
        np.stack([rng.normal(5_000, 300, 400), rng.normal(6_000, 300, 400)]).round()
    )
    calm = summarize_lcmcr(agree).diagnostics
    alarmed = summarize_lcmcr(disagree).diagnostics
    assert not calm["flags"]["chains_disagree"] and not calm["warning"]
    assert alarmed["flags"]["chains_disagree"] and alarmed["warning"]
    assert alarmed["rhat"] > 1.05
    assert any("disagree" in w for w in alarmed["warnings"])


def test_it_flags_a_posterior_piled_at_either_bound() -> None:
    rng = np.random.default_rng(1)
    at_n = synthetic_run(1_000 + rng.poisson(0.2, size=(2, 400)))
    at_cap = synthetic_run(1_000 + rng.integers(5_000, 20_001, size=(2, 400)))
    low = summarize_lcmcr(at_n).diagnostics
    high = summarize_lcmcr(at_cap).diagnostics
    assert low["flags"]["lower_bound"] and low["warning"]
    assert high["flags"]["upper_bound"] and high["warning"]


def test_it_collapses_to_n_when_every_list_holds_everyone() -> None:
    histories = CaptureHistories(LISTS, np.ones((1, 4), dtype=int), np.array([300]))
    est = estimate_lcmcr(histories, K=3, burn_in=300, samples=200, thinning=2, seed=5)
    assert est.estimate == pytest.approx(300, abs=1)
    assert est.diagnostics["flags"]["lower_bound"]


@pytest.mark.parametrize(
    ("patterns", "counts", "message"),
    [
        ([[1], [1]], [3, 4], "at least 2 lists"),
        ([[1, 0], [0, 0]], [3, 4], "all-zero pattern"),
        ([[1, 0], [0, 1]], [3, -1], "non-negative"),
        ([[1, 2], [0, 1]], [3, 1], "only 0 and 1"),
        ([[1, 0], [0, 1]], [0, 0], "no one was observed"),
    ],
)
def test_it_refuses_tables_it_cannot_use(
    patterns: list[list[int]], counts: list[int], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        sample_lcmcr(patterns, counts, samples=4, seed=1)


@pytest.mark.parametrize(
    "settings",
    [{"K": 0}, {"a_alpha": 0.0}, {"thinning": 0}, {"samples": 2}, {"chains": 0}],
)
def test_it_refuses_impossible_settings(settings: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        sample_lcmcr([[1, 0], [0, 1], [1, 1]], [5, 5, 2], seed=1, **settings)  # type: ignore[arg-type]


@pytest.mark.skipif(not HAVE_NUMBA, reason="compares the numba sampler with the NumPy one")
def test_the_numpy_fallback_samples_the_same_posterior_as_the_compiled_sampler() -> None:
    histories = simulate_histories(seed=4, n_total=1_000)
    kwargs = {"K": 4, "burn_in": 300, "samples": 300, "thinning": 2, "chains": 2, "seed": 8}
    compiled = sample_lcmcr(histories.patterns, histories.counts, backend="numba", **kwargs)
    vectorised = sample_lcmcr(histories.patterns, histories.counts, backend="numpy", **kwargs)
    assert vectorised.settings["backend"] == "numpy"
    fast, slow = np.median(compiled.totals), np.median(vectorised.totals)
    assert slow == pytest.approx(fast, rel=0.08)
    assert np.quantile(vectorised.totals, 0.9) == pytest.approx(
        np.quantile(compiled.totals, 0.9), rel=0.15
    )


WITHOUT_NUMBA = """
import sys
sys.modules["numba"] = None  # as if the optional 'fast' extra were not installed
from refwatch.analysis.estimation import CaptureHistories
from refwatch.analysis.estimation.lcmcr import HAVE_NUMBA, estimate_lcmcr
h = CaptureHistories.from_rows(["A", "B", "C"], [((1, 0, 0), 40), ((0, 1, 0), 35),
    ((0, 0, 1), 30), ((1, 1, 0), 12), ((1, 0, 1), 10), ((0, 1, 1), 9), ((1, 1, 1), 3)])
est = estimate_lcmcr(h, K=3, burn_in=200, samples=100, thinning=2, seed=7)
print(HAVE_NUMBA, est.settings["backend"], est.estimate > h.n_observed)
"""


def test_it_runs_on_numpy_alone_when_numba_is_missing() -> None:
    done = subprocess.run(
        [sys.executable, "-c", WITHOUT_NUMBA], capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["False", "numpy", "True"]


@pytest.mark.slow
def test_it_matches_r_long_run_on_kosovo_at_the_default_settings() -> None:
    est = estimate_lcmcr(load("kosovo"), chains=4, seed=20240601)
    assert est.estimate == pytest.approx(R_KOSOVO_LONG_MEDIAN, rel=0.02)
    assert est.interval[0] == pytest.approx(R_KOSOVO_LONG_INTERVAL[0], rel=0.05)
    assert est.interval[1] == pytest.approx(R_KOSOVO_LONG_INTERVAL[1], rel=0.05)
    assert not est.diagnostics["warning"]


@pytest.mark.slow
def test_it_warns_that_chains_disagree_on_scotpwid_where_r_is_seed_dependent() -> None:
    # R's LCMCR gives medians 29,441 / 21,317 / 20,848 for seeds 1-3 at these settings.
    est = estimate_lcmcr(load("scotpwid"), chains=4, seed=4)
    assert est.diagnostics["flags"]["chains_disagree"]
    assert est.diagnostics["warning"]
    medians = est.diagnostics["chain_medians"]
    assert max(medians) / min(medians) > 1.05
