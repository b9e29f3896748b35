"""Poisson log-linear regression by iteratively reweighted least squares.

Written to behave like R's ``glm(family = poisson)`` where it matters for matching
published capture-recapture results: the same starting values (``mu = y + 0.1``), the
same convergence rule (relative change of deviance below ``1e-8``, at most 25
iterations), aliased columns dropped left to right, and the same warnings (did not
converge, fitted rates numerically 0, design not of full rank).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.special import gammaln

__all__ = ["PoissonFit", "fit_poisson", "poisson_deviance"]

FloatArray = NDArray[np.float64]

_EPSILON = 1e-8
_MAX_ITER = 25
_RANK_TOL = 1e-7
_ZERO_RATE = 10 * np.finfo(float).eps


@dataclass(frozen=True)
class PoissonFit:
    """A fitted Poisson GLM with log link.

    Attributes:
        coef: coefficients of the kept columns (``nan`` for aliased columns).
        kept: boolean mask of the design columns used.
        mu: fitted means.
        deviance: residual deviance.
        loglik: Poisson log-likelihood at the fit.
        rank: number of estimated coefficients.
        df_residual: rows minus rank.
        vcov: inverse Fisher information of the kept coefficients.
        converged: whether R's convergence rule was met within 25 iterations.
        warnings: R-like warning texts.
    """

    coef: FloatArray
    kept: NDArray[np.bool_]
    mu: FloatArray
    deviance: float
    loglik: float
    rank: int
    df_residual: int
    vcov: FloatArray
    converged: bool
    warnings: tuple[str, ...]

    @property
    def aic(self) -> float:
        """Akaike information criterion, ``-2 loglik + 2 rank`` (R's ``glm`` AIC)."""
        return -2.0 * self.loglik + 2.0 * self.rank

    def bic(self, n: float) -> float:
        """Bayesian information criterion with ``log(n)`` per parameter (Rcapture's BIC)."""
        return -2.0 * self.loglik + float(np.log(n)) * self.rank


def poisson_deviance(y: FloatArray, mu: FloatArray) -> float:
    """Residual deviance ``2 * sum(y log(y/mu) - (y - mu))`` with ``0 log 0 = 0``."""
    ratio = np.where(y > 0, y / np.where(mu > 0, mu, 1.0), 1.0)
    return float(2.0 * np.sum(y * np.log(ratio) - (y - mu)))


def _kept_columns(x: FloatArray) -> NDArray[np.bool_]:
    """Greedy left-to-right choice of linearly independent columns (R drops later aliases)."""
    if np.linalg.matrix_rank(x, tol=_RANK_TOL * float(np.abs(x).max())) == x.shape[1]:
        return np.ones(x.shape[1], dtype=bool)
    kept = np.zeros(x.shape[1], dtype=bool)
    basis: list[FloatArray] = []
    for j in range(x.shape[1]):
        column = x[:, j].astype(float)
        norm = float(np.linalg.norm(column))
        if norm == 0.0:
            continue
        residual = column.copy()
        for q in basis:
            residual -= (q @ residual) * q
        if float(np.linalg.norm(residual)) > _RANK_TOL * norm:
            basis.append(residual / np.linalg.norm(residual))
            kept[j] = True
    return kept


def fit_poisson(
    x: FloatArray,
    y: FloatArray,
    *,
    max_iter: int = _MAX_ITER,
    polish: bool = True,
) -> PoissonFit:
    """Fit ``log E[y] = x @ coef`` by IRLS, the way R's ``glm.fit`` does.

    Assumes ``x`` already holds the intercept column. Aliased columns get ``nan``
    coefficients and a warning. With ``polish`` a converged fit takes two more Newton
    steps, which moves the estimates only below R's own tolerance.
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    warnings: list[str] = []
    kept = _kept_columns(x)
    if not kept.all():
        warnings.append("design matrix not of full rank")
    xk = x[:, kept]
    mu = y + 0.1
    eta = np.log(mu)
    dev_old = poisson_deviance(y, mu)
    beta = np.zeros(xk.shape[1])
    converged = False
    for _ in range(max_iter):
        beta, eta, mu = _irls_step(xk, y, eta, mu)
        dev = poisson_deviance(y, mu)
        if abs(dev - dev_old) / (abs(dev) + 0.1) < _EPSILON:
            converged = True
            break
        dev_old = dev
    if converged and polish:
        for _ in range(2):
            beta, eta, mu = _irls_step(xk, y, eta, mu)
    if not converged:
        warnings.append("glm.fit: algorithm did not converge")
    if np.any(mu < _ZERO_RATE):
        warnings.append("glm.fit: fitted rates numerically 0 occurred")
    info = xk.T @ (xk * mu[:, None])
    try:
        vcov: FloatArray = np.asarray(np.linalg.inv(info), dtype=np.float64)
    except np.linalg.LinAlgError:
        vcov = np.full(info.shape, np.nan)
    coef = np.full(x.shape[1], np.nan)
    coef[kept] = beta
    loglik = float(np.sum(y * np.log(np.where(mu > 0, mu, 1.0)) - mu - gammaln(y + 1.0)))
    return PoissonFit(
        coef=coef,
        kept=kept,
        mu=mu,
        deviance=poisson_deviance(y, mu),
        loglik=loglik,
        rank=int(kept.sum()),
        df_residual=int(x.shape[0] - kept.sum()),
        vcov=vcov,
        converged=converged,
        warnings=tuple(warnings),
    )


def _irls_step(
    x: FloatArray, y: FloatArray, eta: FloatArray, mu: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    z = eta + (y - mu) / mu
    xw = x * mu[:, None]
    try:
        beta = np.linalg.solve(x.T @ xw, xw.T @ z)
    except np.linalg.LinAlgError:
        w = np.sqrt(mu)
        beta = np.linalg.lstsq(x * w[:, None], z * w, rcond=None)[0]
    new_eta: FloatArray = np.clip(x @ beta, -700.0, 700.0)
    return np.asarray(beta, dtype=np.float64), new_eta, np.exp(new_eta)
