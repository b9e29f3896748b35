"""The LCMCR Gibbs sweep vectorised with NumPy, for installs without numba.

Same full conditionals, order and start as the compiled sweep in ``_kernel``, drawn
through a ``numpy.random.Generator``; roughly 10-20 times slower per sweep.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray


def _log_gamma_draws(rng: np.random.Generator, shape: NDArray[np.float64]) -> NDArray[np.float64]:
    # Shapes below 1 are boosted (G(shape + 1) * U**(1/shape)) so that a tiny-alpha stick
    # does not underflow to log(0).
    small = shape < 1.0
    boosted = np.where(small, shape + 1.0, shape)
    draws: NDArray[np.float64] = np.log(rng.standard_gamma(boosted))
    uniforms = 1.0 - rng.random(shape.shape)
    return draws + np.where(small, np.log(uniforms) / np.where(small, shape, 1.0), 0.0)


def _log_sticks(
    rng: np.random.Generator, sizes: NDArray[np.float64], alpha: float
) -> NDArray[np.float64]:
    last = sizes.size - 1
    after = sizes.sum() - np.cumsum(sizes)[:-1]
    draws = _log_gamma_draws(rng, np.concatenate((1.0 + sizes[:-1], alpha + after)))
    a, b = draws[:last], draws[last:]
    norm = np.logaddexp(a, b)
    log_rest = np.cumsum(b - norm)
    lognu = np.empty(sizes.size)
    lognu[:-1] = a - norm + np.concatenate(([0.0], log_rest[:-1]))
    lognu[-1] = log_rest[-1] if log_rest.size else 0.0
    return lognu


def _normalised(log_weights: NDArray[np.float64]) -> NDArray[np.float64]:
    weights = np.exp(log_weights - log_weights.max(axis=-1, keepdims=True))
    result: NDArray[np.float64] = weights / weights.sum(axis=-1, keepdims=True)
    return result


class _NumpyChain:
    """State of one chain for the vectorised sampler."""

    def __init__(
        self,
        rng: np.random.Generator,
        cells: NDArray[np.int64],
        freq: NDArray[np.int64],
        n_classes: int,
        a_alpha: float,
        b_alpha: float,
        n0_cap: int,
    ) -> None:
        self.rng = rng
        self.cells = cells.astype(np.float64)
        self.freq = freq
        self.n_seen = int(freq.sum())
        self.a_alpha = a_alpha
        self.b_alpha = b_alpha
        self.n0_cap = n0_cap
        rate = (self.cells.T @ freq + 0.5) / (self.n_seen + 1.0)
        self.loglam1 = np.repeat(np.log(rate)[:, None], n_classes, axis=1)
        self.loglam0 = np.repeat(np.log1p(-rate)[:, None], n_classes, axis=1)
        self.lognu = _log_sticks(rng, np.zeros(n_classes), 1.0)
        self.count_mk = np.zeros((cells.shape[0], n_classes), dtype=np.int64)
        self.count0 = np.zeros(n_classes, dtype=np.int64)
        self.alpha = 0.3 / n_classes
        self.n0 = 0
        self.occupied = 0

    def sweep(self, update_alpha: bool) -> tuple[int, int]:
        rng = self.rng
        log_w = self.lognu + self.cells @ self.loglam1 + (1.0 - self.cells) @ self.loglam0
        self.count_mk = rng.multinomial(self.freq, _normalised(log_w))
        sizes = self.count_mk.sum(axis=0) + self.count0
        caught = self.cells.T @ self.count_mk
        # every shape is at least 1 here: plain gammas, one call for both sides
        draws = np.log(rng.standard_gamma(np.stack((1.0 + caught, 1.0 + sizes - caught))))
        a, b = draws[0], draws[1]
        norm = np.logaddexp(a, b)
        self.loglam1 = a - norm
        self.loglam0 = b - norm
        self.occupied = int(np.count_nonzero(sizes))
        self.lognu = _log_sticks(rng, sizes.astype(np.float64), self.alpha)
        missed = self.loglam0.sum(axis=0)
        p_seen = float(np.sum(np.exp(self.lognu) * -np.expm1(missed)))
        rejected, capped = 0, 0
        if p_seen >= 1.0:
            self.n0 = 0
        elif p_seen <= 0.0 or self.n_seen * (1.0 - p_seen) > 50.0 * self.n0_cap * p_seen:
            self.n0, capped = self.n0_cap, 1
        else:
            while True:
                self.n0 = int(rng.negative_binomial(self.n_seen, p_seen))
                if self.n0 <= self.n0_cap:
                    break
                rejected += 1
                if rejected >= 1000:
                    self.n0, capped = self.n0_cap, 1
                    break
        self.count0 = rng.multinomial(self.n0, _normalised(self.lognu + missed))
        if update_alpha:
            rate = self.b_alpha - self.lognu[-1]
            shape = self.a_alpha + self.lognu.size - 1.0
            self.alpha = max(float(rng.standard_gamma(shape)) / rate, 1e-300)
        return rejected, capped

    def relabel(self) -> None:
        order = np.argsort(-self.lognu, kind="stable")
        self.loglam1 = self.loglam1[:, order]
        self.loglam0 = self.loglam0[:, order]
        self.lognu = self.lognu[order]
        self.count_mk = self.count_mk[:, order]
        self.count0 = self.count0[order]


def run_chain(
    rng: np.random.Generator,
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
    chain = _NumpyChain(rng, cells, freq, n_classes, a_alpha, b_alpha, n0_cap)
    for _ in range(warmup):
        chain.sweep(update_alpha=False)
    chain.relabel()
    rejected, capped = 0, 0
    for s in range(samples * thinning + burn_in):
        rej, cap = chain.sweep(update_alpha=True)
        rejected += rej
        capped += cap
        done = s + 1 - burn_in
        if done > 0 and done % thinning == 0:
            index = done // thinning - 1
            out_total[index] = chain.n_seen + chain.n0
            out_alpha[index] = chain.alpha
            out_occupied[index] = chain.occupied
    return rejected, capped
