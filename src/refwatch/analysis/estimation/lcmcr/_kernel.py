"""The compiled LCMCR Gibbs sweep (numba): plain loops over patterns x classes x lists."""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from refwatch.analysis.estimation.lcmcr._variates import (
    State,
    jit,
    jit_inlined,
    log_beta,
    log_gamma,
    multinomial,
    negative_binomial,
)


@jit_inlined
def _sweep(
    state: State,
    cells: NDArray[np.int64],
    freq: NDArray[np.int64],
    n_seen: int,
    loglam1: NDArray[np.float64],
    loglam0: NDArray[np.float64],
    lognu: NDArray[np.float64],
    count_mk: NDArray[np.int64],
    count0: NDArray[np.int64],
    scratch: NDArray[np.float64],
    alpha: float,
    a_alpha: float,
    b_alpha: float,
    update_alpha: bool,
    n0_cap: int,
) -> tuple[int, float, int, int, int]:
    """One Gibbs sweep; updates the arrays in place and returns
    (n0, alpha, occupied classes, draws of n0 rejected above the cap, cap forced)."""
    n_cells, n_lists = cells.shape
    n_classes = lognu.size
    weights = scratch[0]
    tail = scratch[1]
    sizes = scratch[2]
    zero_log = scratch[3]
    # 1. classes of the observed, pattern by pattern
    for m in range(n_cells):
        top = -np.inf
        for k in range(n_classes):
            value = lognu[k]
            for j in range(n_lists):
                value += loglam1[j, k] if cells[m, j] == 1 else loglam0[j, k]
            weights[k] = value
            top = max(top, value)
        for k in range(n_classes):
            weights[k] = math.exp(weights[k] - top)
        multinomial(state, freq[m], weights, tail, count_mk[m])
    # 2. capture probabilities within classes; the unobserved count as not captured
    occupied = 0
    total = 0
    for k in range(n_classes):
        size_k = count0[k]
        for m in range(n_cells):
            size_k += count_mk[m, k]
        total += size_k
        if size_k > 0:
            occupied += 1
        sizes[k] = size_k
        for j in range(n_lists):
            caught = 0
            for m in range(n_cells):
                if cells[m, j] == 1:
                    caught += count_mk[m, k]
            loglam1[j, k], loglam0[j, k] = log_beta(state, 1.0 + caught, 1.0 + size_k - caught)
    # 3. stick-breaking weights
    before = 0.0
    so_far = 0.0
    for k in range(n_classes - 1):
        so_far += sizes[k]
        log_v, log_rest = log_beta(state, 1.0 + sizes[k], alpha + (total - so_far))
        lognu[k] = log_v + before
        before += log_rest
    lognu[n_classes - 1] = before
    # 4. number missed: NegBin(n, P(seen)) under the 1/N prior, redrawn above the cap
    p_seen = 0.0
    top = -np.inf
    for k in range(n_classes):
        missed = 0.0
        for j in range(n_lists):
            missed += loglam0[j, k]
        p_seen += math.exp(lognu[k]) * -math.expm1(missed)
        zero_log[k] = lognu[k] + missed
        top = max(top, zero_log[k])
    rejected = 0
    forced = 0
    if p_seen >= 1.0:
        n0 = 0
    elif p_seen <= 0.0 or n_seen * (1.0 - p_seen) > 50.0 * n0_cap * p_seen:
        # Expected number missed far above the cap: rejection would not end.
        n0 = n0_cap
        forced = 1
    else:
        n0 = negative_binomial(state, n_seen, p_seen)
        while n0 > n0_cap:
            rejected += 1
            if rejected >= 1000:
                n0 = n0_cap
                forced = 1
                break
            n0 = negative_binomial(state, n_seen, p_seen)
    # 5. classes of the unobserved
    for k in range(n_classes):
        weights[k] = math.exp(zero_log[k] - top)
    multinomial(state, n0, weights, tail, count0)
    # 6. Dirichlet process concentration: Gamma(a + K - 1, rate b - log pi_K)
    if update_alpha:
        rate = b_alpha - lognu[n_classes - 1]
        draw = math.exp(log_gamma(state, a_alpha + n_classes - 1.0)) / rate
        alpha = max(draw, 1e-300)
    return n0, alpha, occupied, rejected, forced


@jit
def _relabel_by_weight(
    loglam1: NDArray[np.float64],
    loglam0: NDArray[np.float64],
    lognu: NDArray[np.float64],
    count_mk: NDArray[np.int64],
    count0: NDArray[np.int64],
) -> None:
    # Stable insertion sort of the classes by decreasing weight, moving every per-class
    # array along (explicit loops: numba compiles fancy indexing slowly).
    n_classes = lognu.size
    for k in range(1, n_classes):
        j = k
        while j > 0 and lognu[j] > lognu[j - 1]:
            lognu[j], lognu[j - 1] = lognu[j - 1], lognu[j]
            count0[j], count0[j - 1] = count0[j - 1], count0[j]
            for row in range(loglam1.shape[0]):
                loglam1[row, j], loglam1[row, j - 1] = loglam1[row, j - 1], loglam1[row, j]
                loglam0[row, j], loglam0[row, j - 1] = loglam0[row, j - 1], loglam0[row, j]
            for row in range(count_mk.shape[0]):
                count_mk[row, j], count_mk[row, j - 1] = count_mk[row, j - 1], count_mk[row, j]
            j -= 1


@jit
def run_chain(
    state: State,
    cells: NDArray[np.int64],
    freq: NDArray[np.int64],
    n_classes: int,
    a_alpha: float,
    b_alpha: float,
    warmup: int,
    burn_in: int,
    samples: int,
    thinning: int,
    n0_cap: int,
    out_total: NDArray[np.int64],
    out_alpha: NDArray[np.float64],
    out_occupied: NDArray[np.int64],
) -> tuple[int, int]:
    """Run one chain, writing every ``thinning``-th draw after burn-in into the ``out_``
    arrays; returns (draws of n0 rejected above the cap, sweeps where n0 was forced)."""
    n_cells, n_lists = cells.shape
    n_seen = 0
    for m in range(n_cells):
        n_seen += freq[m]
    # Start as LCMCR does: every class at the lists' capture rates, weights from a uniform
    # stick-breaking draw, alpha small and fixed during warm-up.
    loglam1 = np.empty((n_lists, n_classes))
    loglam0 = np.empty((n_lists, n_classes))
    for j in range(n_lists):
        caught = 0
        for m in range(n_cells):
            if cells[m, j] == 1:
                caught += freq[m]
        rate = (caught + 0.5) / (n_seen + 1.0)
        for k in range(n_classes):
            loglam1[j, k] = math.log(rate)
            loglam0[j, k] = math.log1p(-rate)
    lognu = np.empty(n_classes)
    before = 0.0
    for k in range(n_classes - 1):
        log_v, log_rest = log_beta(state, 1.0, 1.0)
        lognu[k] = log_v + before
        before += log_rest
    lognu[n_classes - 1] = before
    count_mk = np.zeros((n_cells, n_classes), dtype=np.int64)
    count0 = np.zeros(n_classes, dtype=np.int64)
    scratch = np.empty((4, n_classes))
    alpha = 0.3 / n_classes
    rejected = 0
    forced = 0
    # One call site for the sweep keeps numba's compile time down.
    for it in range(warmup + burn_in + samples * thinning):
        if it == warmup:
            # Relabel classes by decreasing weight: the stick-breaking prior is not
            # exchangeable, and big classes first mix better.
            _relabel_by_weight(loglam1, loglam0, lognu, count_mk, count0)
        n0, alpha, occupied, rej, cap = _sweep(
            state,
            cells,
            freq,
            n_seen,
            loglam1,
            loglam0,
            lognu,
            count_mk,
            count0,
            scratch,
            alpha,
            a_alpha,
            b_alpha,
            it >= warmup,
            n0_cap,
        )
        if it < warmup:
            continue
        rejected += rej
        forced += cap
        done = it + 1 - warmup - burn_in
        if done > 0 and done % thinning == 0:
            s = done // thinning - 1
            out_total[s] = n_seen + n0
            out_alpha[s] = alpha
            out_occupied[s] = occupied
    return rejected, forced
