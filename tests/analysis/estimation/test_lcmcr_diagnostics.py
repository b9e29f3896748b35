"""R-hat and effective sample size (refwatch.analysis.estimation.mcmc) on chains with known
behaviour."""

from __future__ import annotations

import numpy as np
import pytest

from refwatch.analysis.estimation.mcmc import (
    effective_sample_size,
    rank_normalized_rhat,
    split_rhat,
)


def ar1(rng: np.random.Generator, phi: float, shape: tuple[int, int]) -> np.ndarray:
    noise = rng.normal(size=shape)
    chains = np.zeros(shape)
    for t in range(1, shape[1]):
        chains[:, t] = phi * chains[:, t - 1] + noise[:, t]
    return chains


def test_rhat_is_one_for_chains_from_the_same_distribution() -> None:
    draws = np.random.default_rng(0).normal(size=(4, 1_000))
    assert split_rhat(draws) == pytest.approx(1.0, abs=0.01)
    assert rank_normalized_rhat(draws) == pytest.approx(1.0, abs=0.01)


def test_rhat_flags_chains_centred_apart() -> None:
    rng = np.random.default_rng(1)
    draws = rng.normal(size=(2, 1_000)) + np.array([[0.0], [1.0]])
    assert split_rhat(draws) > 1.1
    assert rank_normalized_rhat(draws) > 1.1


def test_rhat_flags_a_chain_that_drifts_within_itself() -> None:
    rng = np.random.default_rng(2)
    drift = np.linspace(0.0, 3.0, 1_000)
    draws = np.stack([rng.normal(size=1_000) + drift, rng.normal(size=1_000) + drift])
    assert split_rhat(draws) > 1.1


def test_rank_normalized_rhat_sees_chains_that_differ_only_in_spread() -> None:
    rng = np.random.default_rng(3)
    draws = np.stack([rng.normal(size=2_000), 4.0 * rng.normal(size=2_000)])
    assert split_rhat(draws) < 1.05
    assert rank_normalized_rhat(draws) > 1.1


def test_rhat_survives_heavy_tails_where_the_classic_version_wobbles() -> None:
    rng = np.random.default_rng(4)
    draws = rng.standard_cauchy(size=(2, 2_000))
    assert rank_normalized_rhat(draws) < 1.01


def test_ess_of_independent_draws_is_about_the_number_of_draws() -> None:
    draws = np.random.default_rng(5).normal(size=(2, 2_000))
    assert effective_sample_size(draws) == pytest.approx(4_000, rel=0.15)


def test_ess_of_an_autocorrelated_chain_matches_the_ar1_formula() -> None:
    phi = 0.9
    draws = ar1(np.random.default_rng(6), phi, (2, 20_000))
    theory = 40_000 * (1 - phi) / (1 + phi)
    assert effective_sample_size(draws, rank_normalized=False) == pytest.approx(theory, rel=0.2)


def test_it_refuses_draws_it_cannot_judge() -> None:
    with pytest.raises(ValueError):
        split_rhat(np.zeros((2, 2)))
    with pytest.raises(ValueError):
        effective_sample_size(np.array([[1.0, np.nan, 2.0, 3.0, 4.0]]))
