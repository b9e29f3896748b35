"""The compiled sampler's random variates follow their distributions (goodness-of-fit tests).

Each test draws from a fixed seed, so it is deterministic; a wrong algorithm or constant
would push the p-value of the test far below the threshold.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from refwatch.analysis.estimation.lcmcr import _variates as variates

pytestmark = pytest.mark.skipif(not variates.HAVE_NUMBA, reason="compiled variates need numba")

P_MIN = 1e-3


def state(seed: int) -> np.ndarray:
    return variates.new_state(np.random.SeedSequence(seed))


def chi2_pvalue(draws: np.ndarray, pmf: np.ndarray) -> float:
    observed = np.bincount(draws, minlength=pmf.size)[: pmf.size]
    expected = pmf * draws.size
    keep = expected > 5
    observed, expected = observed[keep], expected[keep]
    expected = expected * observed.sum() / expected.sum()
    return float(stats.chisquare(observed, expected).pvalue)


def test_the_bit_generator_is_xoshiro256starstar() -> None:
    words = np.array([1, 2, 3, 4], dtype=np.uint64)
    # Reference output of xoshiro256** from the state (1, 2, 3, 4), computed with Python
    # integers from the published algorithm.
    mask = (1 << 64) - 1

    def rotl(x: int, k: int) -> int:
        return ((x << k) | (x >> (64 - k))) & mask

    s = [1, 2, 3, 4]
    expected = []
    for _ in range(6):
        expected.append(rotl((s[1] * 5) & mask, 7) * 9 & mask)
        t = (s[1] << 17) & mask
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 45)
    assert [int(variates.next_word(words)) for _ in range(6)] == expected
    assert expected[0] == 11520


def test_uniforms_are_uniform_and_seeds_give_independent_streams() -> None:
    first, second = state(1), state(2)
    a = np.array([variates.uniform(first) for _ in range(20_000)])
    b = np.array([variates.uniform(second) for _ in range(20_000)])
    assert stats.kstest(a, "uniform").pvalue > P_MIN
    assert abs(np.corrcoef(a, b)[0, 1]) < 0.03
    again = state(1)
    assert variates.uniform(again) == a[0]


@pytest.mark.parametrize(("trials", "p"), [(3, 0.3), (40, 0.2), (500, 0.05), (1_131, 0.62),
                                            (60, 0.97), (25, 0.5)])
def test_binomial_draws_follow_the_binomial(trials: int, p: float) -> None:
    rng = state(trials)
    draws = np.array([variates.binomial(rng, trials, p) for _ in range(20_000)])
    assert draws.min() >= 0 and draws.max() <= trials
    assert chi2_pvalue(draws, stats.binom.pmf(np.arange(trials + 1), trials, p)) > P_MIN


@pytest.mark.parametrize("lam", [0.4, 6.0, 35.0, 5_000.0])
def test_poisson_draws_follow_the_poisson(lam: float) -> None:
    rng = state(int(lam * 10))
    draws = np.array([variates.poisson(rng, lam) for _ in range(20_000)])
    support = np.arange(int(lam + 12 * np.sqrt(lam) + 20))
    assert chi2_pvalue(draws, stats.poisson.pmf(support, lam)) > P_MIN


def test_negative_binomial_draws_count_failures_before_n_successes() -> None:
    rng = state(7)
    n, p = 40, 0.3
    draws = np.array([variates.negative_binomial(rng, n, p) for _ in range(20_000)])
    support = np.arange(400)
    assert chi2_pvalue(draws, stats.nbinom.pmf(support, n, p)) > P_MIN


@pytest.mark.parametrize("shape", [0.05, 0.7, 1.0, 3.5, 9.25, 4_400.0])
def test_log_gamma_draws_are_logs_of_gammas(shape: float) -> None:
    rng = state(int(shape * 100))
    draws = np.exp([variates.log_gamma(rng, shape) for _ in range(20_000)])
    assert stats.kstest(draws, stats.gamma(shape).cdf).pvalue > P_MIN


@pytest.mark.parametrize(("a", "b"), [(1.0, 1.0), (1.0, 7.0), (4.0, 1.0), (2.0, 3.0),
                                      (4.0, 5_001.0), (301.0, 2.0), (6.5, 0.3), (0.2, 0.2)])
def test_log_beta_draws_are_betas_and_their_complements(a: float, b: float) -> None:
    rng = state(int(a * 7 + b))
    pairs = np.array([variates.log_beta(rng, a, b) for _ in range(20_000)])
    x, rest = np.exp(pairs[:, 0]), np.exp(pairs[:, 1])
    np.testing.assert_allclose(x + rest, 1.0, atol=1e-12)
    assert stats.kstest(x, stats.beta(a, b).cdf).pvalue > P_MIN


@pytest.mark.parametrize("total", [1, 4, 300, 20_000])
def test_multinomial_draws_split_the_total_by_the_weights(total: int) -> None:
    rng = state(total)
    weights = np.array([5.0, 0.0, 2.0, 1.0, 0.5])
    tail = np.empty(5)
    out = np.zeros(5, dtype=np.int64)
    sums = np.zeros(5)
    repeats = 2_000
    for _ in range(repeats):
        variates.multinomial(rng, total, weights, tail, out)
        assert out.sum() == total and out[1] == 0
        sums += out
    expected = weights / weights.sum() * total * repeats
    keep = expected > 0
    assert stats.chisquare(sums[keep], expected[keep]).pvalue > P_MIN
