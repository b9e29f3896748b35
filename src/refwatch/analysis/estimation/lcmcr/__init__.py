"""LCMCR: Bayesian non-parametric latent-class capture–recapture (Manrique-Vallier 2016).

The model (D. Manrique-Vallier, "Bayesian population size estimation using Dirichlet
process mixtures", Biometrics 72(4), 2016) explains dependence between lists and
heterogeneous capture by a mixture of latent classes; inside a class the lists capture
independently::

    x_ij | z_i = k  ~  Bernoulli(lambda_jk)              list j catches person i
    z_i             ~  Categorical(pi_1, ..., pi_K)
    pi              ~  stick-breaking(alpha), truncated at K classes (Dirichlet process)
    alpha           ~  Gamma(a_alpha, b_alpha)            (shape, rate)
    lambda_jk       ~  Beta(1, 1)
    p(N)            ∝  1/N                                (improper)

The Gibbs sampler augments the data with the ``n0 = N - n`` people on no list. One sweep
draws, in this order: the class counts of each observed capture pattern (a multinomial per
pattern, since people with the same pattern are exchangeable), ``lambda`` (Beta), the
stick-breaking weights, ``n0`` from its negative binomial full conditional (the 1/N prior
makes it ``NegBin(n, 1 - pi_0)`` where ``pi_0`` is the probability of being on no list),
the classes of the unobserved, then ``alpha``. As in the R package LCMCR, each chain starts
with ``lambda`` at the lists' capture rates and ``alpha = 0.3 / K``, runs 500 warm-up
sweeps with ``alpha`` held fixed, relabels the classes by decreasing weight, and keeps
``n0 <= 20 n`` (a draw above is redrawn), which truncates the prior at ``N <= 21 n``.

The sweep runs in numba when it is installed (the ``fast`` extra) and in vectorised NumPy
otherwise; both sample the same posterior, but their random streams differ, so a seed
reproduces a result only on the same backend (recorded in ``settings["backend"]``).
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from refwatch.analysis.estimation.lcmcr import _kernel, _vectorised
from refwatch.analysis.estimation.lcmcr._variates import HAVE_NUMBA, new_state
from refwatch.analysis.estimation.mcmc import (
    effective_sample_size,
    rank_normalized_rhat,
    split_rhat,
)
from refwatch.analysis.estimation.results import Estimate

if TYPE_CHECKING:
    from refwatch.analysis.estimation.histories import CaptureHistories

__all__ = [
    "HAVE_NUMBA",
    "LCMCRChains",
    "estimate_lcmcr",
    "sample_lcmcr",
    "summarize_lcmcr",
]

WARMUP_SWEEPS = 500
"""Sweeps run before burn-in with alpha held fixed, after which classes are relabelled."""

N0_CAP_FACTOR = 20
"""The number missed is kept at or below this multiple of the number observed."""

RHAT_LIMIT = 1.05
"""Rank-normalised split R-hat above this flags chains that disagree."""

ESS_LIMIT = 100.0
"""Bulk effective sample size below this gets a note that the run is too short."""

Backend = Literal["auto", "numba", "numpy"]


# --------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class LCMCRChains:
    """Raw draws of one LCMCR run: the population size ``N`` per chain, and what made them.

    Attributes:
        n_observed: n, the number of people on at least one list.
        totals: draws of N, shape (chains, samples), integers >= n.
        alpha: draws of the Dirichlet process concentration, same shape.
        occupied_classes: number of latent classes holding anyone, same shape.
        n0_rejections: per chain, draws of the number missed that fell above the cap
            (``N0_CAP_FACTOR * n``) and were redrawn.
        n0_cap_hits: per chain, sweeps where the number missed had to be set to the cap
            because the chain had wandered where nearly everyone is missed.
        settings: the sampler settings, JSON-serialisable.
        seed: the root seed; chain i uses ``SeedSequence(seed).spawn(chains)[i]``.
        seconds: wall-clock time of the sampling (including numba compilation or cache
            loading on the first call of a process); not part of the result.
    """

    n_observed: int
    totals: NDArray[np.int64]
    alpha: NDArray[np.float64]
    occupied_classes: NDArray[np.int64]
    n0_rejections: tuple[int, ...]
    n0_cap_hits: tuple[int, ...]
    settings: Mapping[str, Any]
    seed: int
    seconds: float = field(default=0.0)

    @property
    def n_chains(self) -> int:
        """Number of chains."""
        return int(self.totals.shape[0])

    @property
    def n0_cap(self) -> int:
        """Largest number missed the sampler allows."""
        return int(self.settings["n0_cap"])


def _validated_table(
    patterns: ArrayLike, counts: ArrayLike
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    cells = np.asarray(patterns)
    freq = np.asarray(counts)
    if cells.ndim != 2 or cells.shape[0] == 0:
        raise ValueError("patterns must be a non-empty 2-d 0/1 array, one row per pattern")
    if cells.shape[1] < 2:
        raise ValueError(f"LCMCR needs at least 2 lists, got {cells.shape[1]}")
    if not np.isin(cells, (0, 1)).all():
        raise ValueError("patterns must hold only 0 and 1")
    if freq.shape != (cells.shape[0],):
        raise ValueError(f"counts must have one value per pattern ({cells.shape[0]})")
    if not np.all(np.equal(np.mod(freq, 1), 0)) or (freq < 0).any():
        raise ValueError("counts must be non-negative integers")
    cells = cells.astype(np.int64)
    freq = freq.astype(np.int64)
    if (freq[cells.sum(axis=1) == 0] > 0).any():
        raise ValueError("the all-zero pattern (on no list) cannot be observed")
    keep = freq > 0
    if not keep.any():
        raise ValueError("no one was observed: all counts are zero")
    return np.ascontiguousarray(cells[keep]), np.ascontiguousarray(freq[keep])


def _check_settings(
    k_classes: int,
    a_alpha: float,
    b_alpha: float,
    burn_in: int,
    samples: int,
    thinning: int,
    chains: int,
) -> None:
    if k_classes < 1:
        raise ValueError(f"K must be at least 1, got {k_classes}")
    if not (a_alpha > 0 and b_alpha > 0):
        raise ValueError("a_alpha and b_alpha must be positive")
    if burn_in < 0:
        raise ValueError(f"burn_in must be >= 0, got {burn_in}")
    if samples < 4:
        raise ValueError(f"samples must be at least 4, got {samples}")
    if thinning < 1:
        raise ValueError(f"thinning must be >= 1, got {thinning}")
    if chains < 1:
        raise ValueError(f"chains must be >= 1, got {chains}")


def sample_lcmcr(
    patterns: ArrayLike,
    counts: ArrayLike,
    *,
    K: int = 10,
    a_alpha: float = 0.25,
    b_alpha: float = 0.25,
    burn_in: int = 10_000,
    samples: int = 1_000,
    thinning: int = 100,
    chains: int = 2,
    seed: int | None = None,
    backend: Backend = "auto",
) -> LCMCRChains:
    """Run LCMCR Gibbs chains over a capture table and return the raw draws of N.

    Args:
        patterns: (patterns, lists) 0/1 array of observed capture patterns; the all-zero
            pattern must not carry a count. Repeated patterns are allowed.
        counts: number of people with each pattern (zero rows are dropped).
        K: number of latent classes (truncation of the Dirichlet process).
        a_alpha, b_alpha: Gamma prior (shape, rate) of the concentration alpha.
        burn_in: sweeps discarded after the 500 warm-up sweeps.
        samples: draws kept per chain, one every ``thinning`` sweeps.
        chains: independent chains; chain i is seeded with ``SeedSequence(seed).spawn``.
        seed: root seed; ``None`` draws one (recorded in the result) so the run can be
            repeated.
        backend: ``"numba"`` (compiled), ``"numpy"`` (vectorised) or ``"auto"`` (numba
            when installed).

    Returns:
        :class:`LCMCRChains` with ``totals`` of shape (chains, samples).

    Example:
        >>> run = sample_lcmcr([[1, 0], [0, 1], [1, 1]], [30, 30, 10], K=2, burn_in=100,
        ...                    samples=50, thinning=2, seed=1)
        >>> run.totals.shape, bool(run.totals.min() >= 70)
        ((2, 50), True)
    """
    _check_settings(K, a_alpha, b_alpha, burn_in, samples, thinning, chains)
    cells, freq = _validated_table(patterns, counts)
    if backend == "auto":
        backend = "numba" if HAVE_NUMBA else "numpy"
    if backend == "numba" and not HAVE_NUMBA:
        raise ImportError("the numba backend needs numba: pip install 'refwatch[fast]'")
    if backend not in ("numba", "numpy"):
        raise ValueError(f"unknown backend {backend!r}")
    if seed is None:
        seed = secrets.randbits(63)
    n_seen = int(freq.sum())
    n0_cap = N0_CAP_FACTOR * n_seen
    totals = np.zeros((chains, samples), dtype=np.int64)
    alphas = np.zeros((chains, samples), dtype=np.float64)
    occupied = np.zeros((chains, samples), dtype=np.int64)
    rejections: list[int] = []
    cap_hits: list[int] = []
    started = time.perf_counter()
    for index, child in enumerate(np.random.SeedSequence(seed).spawn(chains)):
        arguments = (
            cells,
            freq,
            K,
            float(a_alpha),
            float(b_alpha),
            WARMUP_SWEEPS,
            burn_in,
            samples,
            thinning,
            n0_cap,
            totals[index],
            alphas[index],
            occupied[index],
        )
        if backend == "numba":
            rejected, capped = _kernel.run_chain(new_state(child), *arguments)
        else:
            rejected, capped = _vectorised.run_chain(np.random.default_rng(child), *arguments)
        rejections.append(int(rejected))
        cap_hits.append(int(capped))
    settings = {
        "K": K,
        "a_alpha": float(a_alpha),
        "b_alpha": float(b_alpha),
        "burn_in": burn_in,
        "samples": samples,
        "thinning": thinning,
        "chains": chains,
        "warmup": WARMUP_SWEEPS,
        "n0_cap": n0_cap,
        "prior_N": "1/N",
        "prior_lambda": "Beta(1, 1)",
        "backend": backend,
    }
    return LCMCRChains(
        n_observed=n_seen,
        totals=totals,
        alpha=alphas,
        occupied_classes=occupied,
        n0_rejections=tuple(rejections),
        n0_cap_hits=tuple(cap_hits),
        settings=settings,
        seed=int(seed),
        seconds=time.perf_counter() - started,
    )


def _chain_disagreement(run: LCMCRChains) -> tuple[float, float, float]:
    totals = run.totals.astype(np.float64)
    return rank_normalized_rhat(totals), split_rhat(totals), effective_sample_size(totals)


def summarize_lcmcr(run: LCMCRChains, *, level: float = 0.95) -> Estimate:
    """Turn LCMCR draws into an :class:`Estimate`: posterior median and central interval.

    Pools the draws of all chains. ``diagnostics`` holds ``rhat`` (rank-normalised split
    R-hat of N across chains), ``rhat_classic``, ``ess`` (bulk effective sample size),
    per-chain ``chain_medians`` and ``chain_intervals``, ``posterior_mean``, the mixing
    notes in ``notes``, the ``flags`` that were raised, ``warning`` (True when chains
    disagree or the posterior piles up at a bound) and plain-language ``warnings``.

    Example:
        >>> run = sample_lcmcr([[1, 0], [0, 1], [1, 1]], [30, 30, 10], K=2, burn_in=100,
        ...                    samples=50, thinning=2, seed=1)
        >>> est = summarize_lcmcr(run)
        >>> est.method, est.interval[0] <= est.estimate <= est.interval[1]
        ('lcmcr', True)
    """
    if not 0.0 < level < 1.0:
        raise ValueError(f"level must be between 0 and 1, got {level}")
    tail = (1.0 - level) / 2.0
    pooled = run.totals.ravel()
    low, median, high = (float(v) for v in np.quantile(pooled, [tail, 0.5, 1.0 - tail]))
    rhat, rhat_classic, ess = _chain_disagreement(run)
    n_seen = run.n_observed
    missed = pooled - n_seen
    share_at_n = float(np.mean(missed == 0))
    share_high = float(np.mean(missed > run.n0_cap / 2))
    n_classes = int(run.settings["K"])
    share_all_classes = float(np.mean(run.occupied_classes == n_classes))
    flags = {
        "chains_disagree": bool(run.n_chains > 1 and rhat > RHAT_LIMIT),
        "lower_bound": share_at_n >= tail,
        "upper_bound": share_high >= tail or sum(run.n0_cap_hits) > 0,
        "low_ess": ess < ESS_LIMIT,
        "classes_exhausted": share_all_classes > 0.5,
    }
    warnings: list[str] = []
    if flags["chains_disagree"]:
        medians = ", ".join(f"{np.median(c):,.0f}" for c in run.totals)
        warnings.append(
            f"the {run.n_chains} chains disagree (R-hat {rhat:.3f} > {RHAT_LIMIT}; chain "
            f"medians {medians}): the posterior is not explored; run longer chains, more "
            "chains, and do not report this estimate alone"
        )
    if run.n_chains == 1:
        warnings.append("a single chain cannot show disagreement between chains; use 2 or more")
    if flags["lower_bound"]:
        warnings.append(
            f"{share_at_n:.0%} of the draws say no one was missed (N = n = {n_seen}): the "
            "estimate collapses to the observed count, which usually means the lists are "
            "too sparse or too dependent to say how many were missed"
        )
    if flags["upper_bound"]:
        warnings.append(
            f"the posterior reaches the sampler's cap on the number missed ({run.n0_cap:,} = "
            f"{N0_CAP_FACTOR} × n): the upper end of the interval is set by that cap, not by "
            "the data"
        )
    notes = [
        "Gibbs sampler: every update is a draw from its full conditional (nothing is "
        "rejected except draws of the number missed above the cap)",
        f"{sum(run.n0_rejections)} draws of the number missed were above the cap and redrawn",
    ]
    if flags["low_ess"]:
        notes.append(
            f"only {ess:.0f} effective draws of N: the quantiles are rough; increase "
            "samples or thinning"
        )
    if flags["classes_exhausted"]:
        notes.append(
            f"all K = {n_classes} latent classes were in use in {share_all_classes:.0%} of "
            "the draws: K may be too small; try a larger K"
        )
    diagnostics: dict[str, Any] = {
        "rhat": rhat,
        "rhat_classic": rhat_classic,
        "ess": ess,
        "draws": int(pooled.size),
        "posterior_mean": float(pooled.mean()),
        "chain_medians": [float(np.median(c)) for c in run.totals],
        "chain_intervals": [
            [float(v) for v in np.quantile(c, [tail, 1.0 - tail])] for c in run.totals
        ],
        "chain_seeds": "SeedSequence(seed).spawn(chains)",
        "alpha_median": float(np.median(run.alpha)),
        "occupied_classes_mean": float(run.occupied_classes.mean()),
        "occupied_classes_max": int(run.occupied_classes.max()),
        "share_draws_at_n": share_at_n,
        "share_draws_above_half_cap": share_high,
        "n0_cap_rejections": list(run.n0_rejections),
        "n0_cap_hits": list(run.n0_cap_hits),
        "flags": flags,
        "warning": bool(flags["chains_disagree"] or flags["lower_bound"] or flags["upper_bound"]),
        "warnings": warnings,
        "notes": notes,
    }
    return Estimate(
        method="lcmcr",
        observed=n_seen,
        estimate=median,
        interval=(low, high),
        level=level,
        settings=dict(run.settings),
        seed=run.seed,
        diagnostics=diagnostics,
    )


def estimate_lcmcr(
    histories: CaptureHistories,
    *,
    K: int = 10,
    a_alpha: float = 0.25,
    b_alpha: float = 0.25,
    burn_in: int = 10_000,
    samples: int = 1_000,
    thinning: int = 100,
    chains: int = 2,
    seed: int | None = None,
) -> Estimate:
    """Estimate the population size with LCMCR (Manrique-Vallier 2016).

    Assumes a closed population and lists that capture independently *within* latent
    classes (any dependence between lists must be explainable by heterogeneity across up
    to ``K`` classes); strata, if any, are pooled (estimate each stratum separately to
    keep them apart). The defaults are R LCMCR's documented example (K 10,
    a_alpha = b_alpha = 0.25, 10,000 burn-in sweeps, 1,000 draws every 100 sweeps) run as
    2 chains.

    Returns:
        An :class:`Estimate` with ``method="lcmcr"``, the posterior median of N as
        ``estimate``, the 2.5–97.5% posterior quantiles as ``interval`` (``level`` 0.95),
        the settings, the root ``seed`` (drawn and recorded when ``None``: the same seed
        gives the same result on the same backend) and diagnostics (see
        :func:`summarize_lcmcr`).

    Example:
        >>> from refwatch.analysis.estimation import CaptureHistories
        >>> h = CaptureHistories.from_rows(["A", "B", "C"],
        ...     [((1, 0, 0), 40), ((0, 1, 0), 35), ((0, 0, 1), 30), ((1, 1, 0), 12),
        ...      ((1, 0, 1), 10), ((0, 1, 1), 9), ((1, 1, 1), 3)])
        >>> est = estimate_lcmcr(h, K=3, burn_in=500, samples=200, thinning=5, seed=7)
        >>> est.estimate > h.n_observed
        True
    """
    table = histories.collapsed() if histories.is_stratified else histories
    run = sample_lcmcr(
        table.patterns,
        table.counts,
        K=K,
        a_alpha=a_alpha,
        b_alpha=b_alpha,
        burn_in=burn_in,
        samples=samples,
        thinning=thinning,
        chains=chains,
        seed=seed,
    )
    estimate = summarize_lcmcr(run)
    diagnostics = dict(estimate.diagnostics)
    if histories.is_stratified:
        diagnostics["notes"] = [
            *diagnostics["notes"],
            f"strata pooled: {len(histories.stratum_names())} strata estimated as one table",
        ]
    return Estimate(
        method=estimate.method,
        observed=estimate.observed,
        estimate=estimate.estimate,
        interval=estimate.interval,
        level=estimate.level,
        settings={**estimate.settings, "lists": list(histories.lists)},
        seed=estimate.seed,
        diagnostics=diagnostics,
    )
