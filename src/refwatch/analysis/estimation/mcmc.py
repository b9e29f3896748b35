"""Convergence diagnostics for Markov chain Monte Carlo draws: R-hat and effective sample size.

These follow Vehtari, Gelman, Simpson, Carpenter and Bürkner (2021), "Rank-normalization,
folding, and localization: an improved R-hat for assessing convergence of MCMC", Bayesian
Analysis 16(2): split chains in halves so that a trend inside one chain shows up as
disagreement between halves; rank-normalise the draws so that heavy tails (population
sizes have a long right tail) do not hide or fake disagreement; take the larger of the
"bulk" and the "tail" (folded) R-hat. The effective sample size uses Geyer's initial
monotone sequence over the multi-chain autocorrelation, as Stan does.

All functions take ``draws`` as a 2-d array, one row per chain (chains, draws per chain).
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.special import ndtri
from scipy.stats import rankdata

__all__ = [
    "effective_sample_size",
    "rank_normalized_rhat",
    "split_rhat",
]


def _as_chains(draws: ArrayLike) -> NDArray[np.float64]:
    array = np.asarray(draws, dtype=np.float64)
    if array.ndim == 1:
        array = array[np.newaxis, :]
    if array.ndim != 2:
        raise ValueError(f"draws must be 1-d or (chains, draws), got shape {array.shape}")
    if array.shape[1] < 4:
        raise ValueError("need at least 4 draws per chain")
    if not np.all(np.isfinite(array)):
        raise ValueError("draws must be finite")
    return array


def _split(chains: NDArray[np.float64]) -> NDArray[np.float64]:
    half = chains.shape[1] // 2
    # With an odd length the middle draw is dropped, as Stan does.
    return np.concatenate([chains[:, :half], chains[:, -half:]], axis=0)


def _plain_rhat(chains: NDArray[np.float64]) -> float:
    n = chains.shape[1]
    chain_means = chains.mean(axis=1)
    within = float(chains.var(axis=1, ddof=1).mean())
    between = n * float(chain_means.var(ddof=1))
    if within == 0.0:
        # Constant chains: they agree when they sit at the same value.
        return 1.0 if between == 0.0 else math.inf
    pooled = (n - 1) / n * within + between / n
    return math.sqrt(pooled / within)


def split_rhat(draws: ArrayLike) -> float:
    """Classic split R-hat (Gelman et al., BDA3): near 1 when chains agree.

    Assumes ``draws`` is (chains, draws per chain) or a single chain; returns infinity
    when each half-chain is constant but they differ.

    >>> split_rhat([[0.0, 1.0] * 50, [10.0, 11.0] * 50]) > 1.5
    True
    """
    return _plain_rhat(_split(_as_chains(draws)))


def _normal_scores(values: NDArray[np.float64]) -> NDArray[np.float64]:
    ranks = rankdata(values, method="average").reshape(values.shape)
    scores: NDArray[np.float64] = ndtri((ranks - 0.375) / (values.size + 0.25))
    return scores


def rank_normalized_rhat(draws: ArrayLike) -> float:
    """Rank-normalised split R-hat: the larger of the bulk and the tail (folded) version.

    Robust to heavy tails and to chains that agree in location but not in spread.
    Vehtari et al. (2021) call chains converged below 1.01; this package flags 1.05.

    >>> rng = np.random.default_rng(0)
    >>> rank_normalized_rhat(rng.normal(size=(2, 500))) < 1.01
    True
    """
    chains = _split(_as_chains(draws))
    bulk = _plain_rhat(_normal_scores(chains))
    folded = np.abs(chains - np.median(chains))
    tail = _plain_rhat(_normal_scores(folded))
    return max(bulk, tail)


def _autocovariance(chain: NDArray[np.float64]) -> NDArray[np.float64]:
    n = chain.size
    centred = chain - chain.mean()
    size = 1 << (2 * n - 1).bit_length()
    spectrum = np.fft.rfft(centred, size)
    acov: NDArray[np.float64] = np.fft.irfft(spectrum * np.conj(spectrum), size)[:n] / n
    return acov


def _ess(chains: NDArray[np.float64]) -> float:
    m, n = chains.shape
    acov = np.stack([_autocovariance(c) for c in chains])
    chain_var = acov[:, 0] * n / (n - 1)
    within = float(chain_var.mean())
    var_plus = within * (n - 1) / n
    if m > 1:
        var_plus += float(chains.mean(axis=1).var(ddof=1))
    if var_plus == 0.0:
        return float(m * n)
    rho = 1.0 - (within - acov.mean(axis=0)) / var_plus
    rho[0] = 1.0
    # Geyer's initial positive sequence over pairs, made monotone.
    pair_sums: list[float] = []
    t = 0
    while t + 1 < n:
        pair = float(rho[t] + rho[t + 1])
        if pair < 0.0:
            break
        if pair_sums and pair > pair_sums[-1]:
            pair = pair_sums[-1]
        pair_sums.append(pair)
        t += 2
    tau = -1.0 + 2.0 * sum(pair_sums)
    tau = max(tau, 1.0 / math.log10(m * n))
    return float(m * n / tau)


def effective_sample_size(draws: ArrayLike, *, rank_normalized: bool = True) -> float:
    """Multi-chain effective sample size (Stan's estimator; "bulk-ESS" when rank-normalised).

    Assumes ``draws`` is (chains, draws per chain) or a single chain. Returns the number of
    independent draws that would estimate the posterior mean (of the normal scores, for the
    bulk version) as precisely; it can exceed the number of draws for anticorrelated chains.

    >>> rng = np.random.default_rng(1)
    >>> 1500 < effective_sample_size(rng.normal(size=(2, 1000))) < 2500
    True
    """
    chains = _split(_as_chains(draws))
    if rank_normalized:
        chains = _normal_scores(chains)
    return _ess(chains)
