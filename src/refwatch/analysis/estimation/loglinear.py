"""Log-linear capture-recapture models (Fienberg 1972; Baillargeon & Rivest 2007).

The observed ``2**k - 1`` pattern counts are Poisson with
``log mu(pattern) = intercept + sum of the terms the pattern switches on``; the
unobserved count is ``exp(intercept)``, so ``N_hat = n + exp(intercept)``. List
dependence enters through interaction terms (a hierarchical model names its maximal
terms, ``[123,14,34]`` in Rcapture's notation with lists numbered from 1);
heterogeneous catchability through an extra column that depends on how many lists a
pattern is on (Chao's lower bound, Darroch, Poisson, Gamma).

This module reproduces Rcapture 1.4-4: ``closedpMS.t`` (all hierarchical models,
AIC/BIC), ``closedpCI.t`` (Poisson fit and multinomial profile-likelihood interval with
Cormack's correction) and the ``Mth`` heterogeneity models of ``closedp.t``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Literal

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import brentq, minimize_scalar
from scipy.special import gammaln
from scipy.stats import chi2, norm

from refwatch.analysis.estimation.glm import FloatArray, PoissonFit, fit_poisson
from refwatch.analysis.estimation.histories import CaptureHistories, HistoriesError
from refwatch.analysis.estimation.results import Estimate

__all__ = [
    "HETEROGENEITY",
    "HierarchicalModel",
    "LoglinearFit",
    "ModelAverage",
    "all_hierarchical_models",
    "chapman_estimate",
    "default_max_order",
    "fit_all_models",
    "fit_loglinear",
    "heterogeneity_estimate",
    "loglinear_estimate",
    "model_average",
    "profile_interval",
]

Heterogeneity = Literal["chao", "darroch", "poisson", "gamma"]
HETEROGENEITY: tuple[str, ...] = ("chao", "darroch", "poisson", "gamma")
_DEFAULT_THETA = {"poisson": 2.0, "gamma": 3.5}
Term = tuple[int, ...]


# --------------------------------------------------------------------------- models
@dataclass(frozen=True)
class HierarchicalModel:
    """A hierarchical log-linear model over ``k_lists`` lists, named by its maximal terms.

    ``generators`` hold 0-based list indices; every main effect is always in the model.
    ``name`` uses Rcapture's notation (1-based digits, highest order first):
    ``HierarchicalModel.parse("[123,14,34]", 4)``.
    """

    k_lists: int
    generators: tuple[Term, ...]

    def __post_init__(self) -> None:
        gens = {tuple(sorted(set(g))) for g in self.generators if g}
        for g in gens:
            if any(not 0 <= i < self.k_lists for i in g):
                raise ValueError(f"term {g} refers to a list outside 0..{self.k_lists - 1}")
        maximal = {g for g in gens if not any(set(g) < set(h) for h in gens)}
        covered = {i for g in maximal for i in g}
        maximal |= {(i,) for i in range(self.k_lists) if i not in covered}
        ordered = tuple(sorted(maximal, key=lambda g: (-len(g), g)))
        object.__setattr__(self, "generators", ordered)

    @property
    def name(self) -> str:
        """Rcapture's name, e.g. ``[123,14,34]``."""
        return "[" + ",".join("".join(str(i + 1) for i in g) for g in self.generators) + "]"

    @property
    def order(self) -> int:
        """Highest interaction order (1 = independence)."""
        return max(len(g) for g in self.generators)

    def interaction_terms(self) -> tuple[Term, ...]:
        """All terms of order 2 and more implied by the generators, in a fixed order."""
        terms: set[Term] = set()
        for g in self.generators:
            for r in range(2, len(g) + 1):
                terms.update(combinations(g, r))
        return tuple(sorted(terms, key=lambda t: (len(t), t)))

    def term_names(self, lists: Sequence[str]) -> list[list[str]]:
        """The generators spelled with list names."""
        return [[lists[i] for i in g] for g in self.generators]

    @classmethod
    def parse(cls, name: str, k_lists: int) -> HierarchicalModel:
        """Read Rcapture's notation (``"[123,14,34]"``, digits 1..9)."""
        body = name.strip().lstrip("[").rstrip("]")
        gens: list[Term] = []
        for part in body.split(","):
            part = part.strip()
            if not part:
                continue
            if not part.isdigit():
                raise ValueError(f"cannot read model term {part!r} in {name!r}")
            gens.append(tuple(int(c) - 1 for c in part))
        return cls(k_lists, tuple(gens))

    @classmethod
    def independence(cls, k_lists: int) -> HierarchicalModel:
        """The model with main effects only (Rcapture's ``Mt``)."""
        return cls(k_lists, tuple((i,) for i in range(k_lists)))


def default_max_order(k_lists: int) -> int:
    """Rcapture's practical default: ``k - 1`` up to 4 lists, pairs for 5 and 6 lists.

    From 7 lists even pairs give over two million models (Rcapture stops too), so the
    default falls back to independence (1); LCMCR is the method for that many lists.
    """
    if k_lists <= 4:
        return k_lists - 1
    return 2 if k_lists <= 6 else 1


def all_hierarchical_models(k_lists: int, max_order: int | None = None) -> list[HierarchicalModel]:
    """Every hierarchical model containing all main effects, terms up to ``max_order``.

    Gives 8 models for 3 lists (max order 2), 113 for 4 lists (max order 3) and 1,024 for
    5 lists (max order 2), as ``closedpMS.t``. Refuses enumerations above 50,000 models.
    """
    order = default_max_order(k_lists) if max_order is None else max_order
    if not 1 <= order <= k_lists - 1:
        raise ValueError(f"max_order must be between 1 and {k_lists - 1}, got {order}")
    if (k_lists >= 7 and order >= 2) or (k_lists == 6 and order >= 3):
        raise ValueError(
            f"enumerating all models of order {order} over {k_lists} lists is too long; "
            "use max_order=1 or a latent-class method"
        )
    complexes: list[frozenset[Term]] = [frozenset()]
    for r in range(2, order + 1):
        grown: list[frozenset[Term]] = []
        for chosen in complexes:
            candidates = [
                t
                for t in combinations(range(k_lists), r)
                if r == 2 or all(s in chosen for s in combinations(t, r - 1))
            ]
            for size in range(len(candidates) + 1):
                for subset in combinations(candidates, size):
                    grown.append(chosen | frozenset(subset))
            if len(grown) > 50_000:
                raise ValueError("too many hierarchical models to enumerate")
        complexes = grown
    return [HierarchicalModel(k_lists, tuple(c)) for c in complexes]


# ------------------------------------------------------------------------ design
def _cell_patterns(k_lists: int) -> NDArray[np.int64]:
    """Patterns of cells 1..2**k-1; bit j of the cell index is list j."""
    index = np.arange(1, 2**k_lists)
    return ((index[:, None] >> np.arange(k_lists)) & 1).astype(np.int64)


def _heterogeneity_columns(
    captures: NDArray[np.int64], k_lists: int, kind: str | None, theta: float | None
) -> FloatArray:
    f = captures.astype(float)
    if kind is None:
        return np.zeros((f.shape[0], 0))
    if kind == "chao":
        if k_lists < 3:
            raise ValueError("Chao's lower bound model needs at least 3 lists")
        return np.column_stack([np.maximum(f - j + 1, 0.0) for j in range(3, k_lists + 1)])
    if kind == "darroch":
        return (f**2 / 2.0)[:, None]
    th = _DEFAULT_THETA.get(kind, 0.0) if theta is None else theta
    if kind == "poisson":
        column: FloatArray = th**f - 1.0
        return column[:, None]
    if kind == "gamma":
        column = -np.log(th + f) + np.log(th)
        return column[:, None]
    raise ValueError(f"heterogeneity must be one of {HETEROGENEITY}, got {kind!r}")


def _design(
    model: HierarchicalModel, kind: str | None, theta: float | None
) -> tuple[FloatArray, int]:
    """Design over cells 1..2**k-1 (intercept first) and the number of non-eta columns."""
    patterns = _cell_patterns(model.k_lists)
    columns = [np.ones(patterns.shape[0]), *(patterns[:, j] for j in range(model.k_lists))]
    for term in model.interaction_terms():
        columns.append(np.prod(patterns[:, list(term)], axis=1))
    base = np.column_stack(columns).astype(float)
    het = _heterogeneity_columns(patterns.sum(axis=1), model.k_lists, kind, theta)
    return np.hstack([base, het]), base.shape[1]


def _observed_cells(histories: CaptureHistories) -> FloatArray:
    return histories.collapsed().full_table()[1:].astype(float)


# --------------------------------------------------------------------------- fits
@dataclass(frozen=True)
class LoglinearFit:
    """One Poisson log-linear fit and the population estimate it implies.

    ``n_hat = n + exp(intercept)``; ``stderr`` is Rcapture's delta-method standard error;
    ``bias`` the asymptotic bias of ``n_hat``; ``ok`` is Rcapture's ``infoFit == 0``
    (converged, full rank, no numerically zero rates, bias under 10% of ``n_hat``).
    """

    model: HierarchicalModel
    heterogeneity: str | None
    theta: float | None
    n_observed: int
    n_hat: float
    stderr: float
    deviance: float
    df: int
    aic: float
    bic: float
    bias: float
    removed_eta: tuple[int, ...]
    warnings: tuple[str, ...]
    coefficients: tuple[float, ...] = field(repr=False, default=())

    @property
    def ok(self) -> bool:
        """Whether the fit raised no warning (Rcapture's ``infoFit == 0``)."""
        return not self.warnings

    @property
    def label(self) -> str:
        """Model name with its heterogeneity, e.g. ``[123,24] + Darroch``."""
        if self.heterogeneity is None:
            return self.model.name
        theta = "" if self.theta is None else f"{self.theta:g}"
        return f"{self.model.name} + {self.heterogeneity.capitalize()}{theta}"


def _fit_with_chao(
    x: FloatArray, y: FloatArray, nca: int, kind: str | None
) -> tuple[PoissonFit, NDArray[np.bool_]]:
    """Fit; for Chao, drop the first negative eta column and refit until none is negative."""
    columns = np.ones(x.shape[1], dtype=bool)
    fit = fit_poisson(x, y)
    while kind == "chao":
        eta = np.full(x.shape[1], np.nan)
        eta[columns] = fit.coef
        negative = [j for j in range(nca, x.shape[1]) if columns[j] and eta[j] < 0]
        if not negative:
            break
        columns[negative[0]] = False
        fit = fit_poisson(x[:, columns], y)
    return fit, columns


def _asymptotic_bias(x: FloatArray, fit: PoissonFit) -> float:
    xk = x[:, fit.kept]
    v = fit.vcov
    xi = -0.5 * np.einsum("ij,jk,ik->i", xk, v, xk)
    psi = -2.0 * xk.T @ (fit.mu * xi)
    psi[0] -= 1.0
    vec = -v @ psi
    return float(0.5 * math.exp(fit.coef[0]) * vec[0])


def fit_loglinear(
    histories: CaptureHistories,
    model: HierarchicalModel | str | None = None,
    *,
    heterogeneity: str | None = None,
    theta: float | None = None,
) -> LoglinearFit:
    """Fit one hierarchical model (default: independence) like ``closedpCI.t``.

    Strata are summed away. ``heterogeneity`` adds Rcapture's column for ``"chao"``
    (lower bound; negative eta parameters are set to zero), ``"darroch"``,
    ``"poisson"`` (``theta`` default 2) or ``"gamma"`` (``theta`` default 3.5).
    """
    k = histories.k_lists
    if model is None:
        model = HierarchicalModel.independence(k)
    elif isinstance(model, str):
        model = HierarchicalModel.parse(model, k)
    if model.k_lists != k:
        raise ValueError(f"model is over {model.k_lists} lists, data over {k}")
    kind = None if heterogeneity in (None, "none") else str(heterogeneity).lower()
    if kind is not None and kind not in HETEROGENEITY:
        raise ValueError(f"heterogeneity must be one of {HETEROGENEITY}, got {heterogeneity!r}")
    th = (_DEFAULT_THETA.get(kind) if theta is None else theta) if kind else None
    x, nca = _design(model, kind, th)
    y = _observed_cells(histories)
    n = histories.n_observed
    fit, columns = _fit_with_chao(x, y, nca, kind)
    xk = x[:, columns]
    warnings = list(fit.warnings)
    b0 = float(fit.coef[0])
    var0 = float(fit.vcov[0, 0]) if fit.vcov.size else math.nan
    n0 = math.exp(b0) if math.isfinite(b0) else math.inf
    n_hat = n + n0
    stderr = math.sqrt(n0 + n0**2 * var0) if math.isfinite(n0) else math.nan
    bias = math.nan if not fit.kept.all() else _asymptotic_bias(xk, fit)
    if math.isfinite(bias) and abs(bias) > 0.1 * n_hat:
        warnings.append("the asymptotic bias is large")
    bic = fit.aic + (math.log(n) - 2.0) * fit.rank
    return LoglinearFit(
        model=model,
        heterogeneity=kind,
        theta=th,
        n_observed=n,
        n_hat=n_hat,
        stderr=stderr,
        deviance=fit.deviance,
        df=fit.df_residual,
        aic=fit.aic,
        bic=bic,
        bias=bias,
        removed_eta=tuple(int(j - nca) for j in range(nca, x.shape[1]) if not columns[j]),
        warnings=tuple(warnings),
        coefficients=tuple(float(c) for c in fit.coef),
    )


def fit_all_models(
    histories: CaptureHistories,
    *,
    max_order: int | None = None,
    heterogeneity: str | None = None,
    theta: float | None = None,
) -> list[LoglinearFit]:
    """Fit every hierarchical model (``closedpMS.t``); sorted by BIC, warning-free fits first."""
    models = all_hierarchical_models(histories.k_lists, max_order)
    fits = [fit_loglinear(histories, m, heterogeneity=heterogeneity, theta=theta) for m in models]
    return sorted(fits, key=lambda f: (not f.ok, _finite(f.bic)))


def _finite(value: float) -> float:
    return value if math.isfinite(value) else math.inf


# ---------------------------------------------------------------- profile interval
def _cormack_term(n0: float, total: float) -> float:
    """Cormack's (1992) term turning a Poisson deviance into a multinomial likelihood."""
    if total > 100:
        if n0 in (0.0, 1.0):
            return -total + 0.5 * math.log(2 * math.pi * total)
        return n0 - total - 0.5 * math.log(n0 / total)
    n0_log_n0 = n0 * math.log(n0) if n0 > 0 else 0.0
    return float(n0_log_n0 + gammaln(total + 1) - total * math.log(total) - gammaln(n0 + 1))


@dataclass(frozen=True)
class ProfileInterval:
    """Multinomial profile-likelihood interval for N (``closedpCI.t``)."""

    low: float
    high: float
    n_max: float
    level: float
    warnings: tuple[str, ...]


def profile_interval(
    histories: CaptureHistories,
    model: HierarchicalModel | str | None = None,
    *,
    heterogeneity: str | None = None,
    theta: float | None = None,
    level: float = 0.95,
    fmax: float = 3.0,
) -> ProfileInterval:
    """Profile-likelihood interval for N under one model, as Rcapture computes it.

    For each candidate N the complete table (the unobserved cell set to ``N - n``) is
    fitted as Poisson and turned into a multinomial log-likelihood with Cormack's
    correction; the interval holds the N within ``chi2(level, 1) / 2`` of the maximum.
    The upper search stops at ``fmax * N_hat`` as in R; beyond it the search goes on
    (up to 1000 N_hat) and a warning says R would print ``> fmax N``.
    """
    fit = fit_loglinear(histories, model, heterogeneity=heterogeneity, theta=theta)
    if "design matrix not of full rank" in fit.warnings:
        return ProfileInterval(math.nan, math.nan, math.nan, level, ("design not of full rank",))
    x, nca = _design(fit.model, fit.heterogeneity, fit.theta)
    x_full = np.vstack([x, np.r_[1.0, np.zeros(x.shape[1] - 1)]])
    y = _observed_cells(histories)
    n = float(histories.n_observed)
    kind = fit.heterogeneity

    def loglik(big_n: float) -> float:
        n0 = big_n - n
        y_full = np.r_[y, n0]
        full, _ = _fit_with_chao(x_full, y_full, nca, kind)
        return _cormack_term(n0, float(y_full.sum())) - full.deviance / 2.0

    n_hat = fit.n_hat
    warnings: list[str] = []
    upper_search = 1.5 * n_hat if math.isfinite(n_hat) else 10 * n
    best = minimize_scalar(
        lambda v: -loglik(v),
        bounds=(n, upper_search),
        method="bounded",
        options={"xatol": 1e-5},
    )
    n_max = float(best.x)
    l_max = -float(best.fun)
    cut = l_max - float(chi2.ppf(level, 1)) / 2.0

    def gap(v: float) -> float:
        return loglik(v) - cut

    if gap(n) < 0:
        low = float(brentq(gap, n, n_max, xtol=1e-6))
    else:
        low = n
        warnings.append("the CI lower bound is set to the sample size n")
    high = math.inf
    top = fmax * n_hat
    if math.isfinite(top) and gap(top) < 0:
        high = float(brentq(gap, n_max, top, xtol=1e-6))
    else:
        warnings.append(f"the CI upper bound is larger than {fmax:g} N (R reports '>{top:.1f}')")
        lo = top if math.isfinite(top) else n_max
        for factor in (10.0, 100.0, 1000.0):
            hi = factor * max(n_hat, n) if math.isfinite(n_hat) else factor * n
            if gap(hi) < 0:
                high = float(brentq(gap, lo, hi, xtol=1e-6))
                break
            lo = hi
    return ProfileInterval(low, high, n_max, level, tuple(warnings))


# --------------------------------------------------------------- model averaging
@dataclass(frozen=True)
class ModelAverage:
    """Information-criterion weighted average over fitted models (Buckland et al. 1997).

    ``interval`` is log-normal on the unobserved count (Chao 1987) around the average,
    with Buckland's unconditional standard error, so it never goes below n.
    """

    estimate: float
    stderr: float
    interval: tuple[float, float]
    criterion: str
    weights: tuple[tuple[str, float, float], ...]


def _lognormal_interval(n: float, n_hat: float, se: float, level: float) -> tuple[float, float]:
    n0 = n_hat - n
    if n0 <= 0 or not math.isfinite(se):
        return (n_hat, n_hat) if math.isfinite(se) else (math.nan, math.nan)
    z = float(norm.ppf(0.5 + level / 2.0))
    c = math.exp(z * math.sqrt(math.log(1.0 + se**2 / n0**2)))
    return (n + n0 / c, n + n0 * c)


def model_average(
    fits: Sequence[LoglinearFit], *, criterion: str = "bic", level: float = 0.95
) -> ModelAverage:
    """Average ``n_hat`` over warning-free fits with weights ``exp(-IC/2)`` (AIC or BIC)."""
    usable = [f for f in fits if f.ok and math.isfinite(f.n_hat)] or [
        f for f in fits if math.isfinite(f.n_hat)
    ]
    if not usable:
        raise ValueError("no fitted model to average")
    ic = np.array([f.bic if criterion == "bic" else f.aic for f in usable])
    w = np.exp(-(ic - ic.min()) / 2.0)
    w /= w.sum()
    n_hats = np.array([f.n_hat for f in usable])
    ses = np.array([f.stderr for f in usable])
    avg = float(w @ n_hats)
    se = float(w @ np.sqrt(ses**2 + (n_hats - avg) ** 2))
    order = np.argsort(-w)
    weights = tuple((usable[i].label, float(w[i]), float(n_hats[i])) for i in order)
    n = float(usable[0].n_observed)
    return ModelAverage(avg, se, _lognormal_interval(n, avg, se, level), criterion, weights)


# ------------------------------------------------------------------- estimates
def loglinear_estimate(
    histories: CaptureHistories,
    *,
    max_order: int | None = None,
    heterogeneity: str | None = None,
    theta: float | None = None,
    criterion: str = "bic",
    level: float = 0.95,
    model: HierarchicalModel | str | None = None,
) -> Estimate:
    """Best hierarchical log-linear model with its profile interval, plus the average.

    Fits all hierarchical models up to ``max_order`` (default :func:`default_max_order`),
    picks the lowest ``criterion`` (``"bic"`` or ``"aic"``) among fits without warnings
    (as the reference R script does with ``infoFit == 0``), reports its Poisson estimate
    ``n + exp(intercept)`` and multinomial profile interval. The ``criterion``-weighted
    model average goes to ``diagnostics["model_average"]``. With ``model`` given, that
    model is fitted alone.
    """
    data = histories.collapsed()
    if criterion not in ("bic", "aic"):
        raise ValueError(f"criterion must be 'bic' or 'aic', got {criterion!r}")
    if model is not None:
        fits = [fit_loglinear(data, model, heterogeneity=heterogeneity, theta=theta)]
    else:
        fits = fit_all_models(data, max_order=max_order, heterogeneity=heterogeneity, theta=theta)
        if criterion == "aic":
            fits = sorted(fits, key=lambda f: (not f.ok, _finite(f.aic)))
    best = fits[0]
    ci = profile_interval(
        data, best.model, heterogeneity=best.heterogeneity, theta=best.theta, level=level
    )
    average = model_average(fits, criterion=criterion, level=level)
    warnings = [*best.warnings, *ci.warnings]
    order = (
        best.model.order
        if model is not None
        else (default_max_order(data.k_lists) if max_order is None else max_order)
    )
    settings = {
        "model": best.model.name,
        "model_terms": best.model.term_names(data.lists),
        "heterogeneity": best.heterogeneity,
        "theta": best.theta,
        "max_order": order,
        "criterion": criterion,
        "n_models": len(fits),
        "interval": "multinomial profile likelihood (Rcapture closedpCI.t)",
    }
    top = [
        {"model": f.label, "estimate": f.n_hat, "bic": f.bic, "aic": f.aic, "ok": f.ok}
        for f in fits[:10]
    ]
    diagnostics = {
        "stderr": best.stderr,
        "deviance": best.deviance,
        "df": best.df,
        "aic": best.aic,
        "bic": best.bic,
        "asymptotic_bias": best.bias,
        "multinomial_estimate": ci.n_max,
        "model_average": {
            "estimate": average.estimate,
            "interval": list(average.interval),
            "stderr": average.stderr,
            "criterion": criterion,
            "top_weights": [
                {"model": m, "weight": w, "estimate": e} for m, w, e in average.weights[:10]
            ],
        },
        "top_models": top,
        "warnings": warnings,
    }
    return Estimate(
        method="loglinear",
        observed=data.n_observed,
        estimate=best.n_hat,
        interval=(ci.low, ci.high),
        level=level,
        settings=settings,
        seed=None,
        diagnostics=diagnostics,
    )


def heterogeneity_estimate(
    histories: CaptureHistories,
    heterogeneity: str | None,
    *,
    theta: float | None = None,
    level: float = 0.95,
) -> Estimate:
    """Rcapture's ``Mth`` model (independent lists plus a heterogeneity column).

    ``heterogeneity=None`` gives ``Mt`` (independence); ``"chao"`` the lower bound,
    ``"darroch"``, ``"poisson"`` (theta 2), ``"gamma"`` (theta 3.5). Profile interval.
    """
    data = histories.collapsed()
    model = HierarchicalModel.independence(data.k_lists)
    fit = fit_loglinear(data, model, heterogeneity=heterogeneity, theta=theta)
    ci = profile_interval(
        data, model, heterogeneity=fit.heterogeneity, theta=fit.theta, level=level
    )
    name = "Mt" if fit.heterogeneity is None else f"Mth {fit.label.split(' + ')[1]}"
    return Estimate(
        method="loglinear",
        observed=data.n_observed,
        estimate=fit.n_hat,
        interval=(ci.low, ci.high),
        level=level,
        settings={
            "model": model.name,
            "model_terms": model.term_names(data.lists),
            "heterogeneity": fit.heterogeneity,
            "theta": fit.theta,
            "name": name,
        },
        diagnostics={
            "stderr": fit.stderr,
            "deviance": fit.deviance,
            "df": fit.df,
            "aic": fit.aic,
            "bic": fit.bic,
            "removed_eta": list(fit.removed_eta),
            "multinomial_estimate": ci.n_max,
            "warnings": [*fit.warnings, *ci.warnings],
        },
    )


def chapman_estimate(histories: CaptureHistories, *, level: float = 0.95) -> Estimate:
    """Chapman's (1951) nearly unbiased two-list estimator.

    ``N = (n1 + 1)(n2 + 1)/(m + 1) - 1`` with ``m`` people on both lists; Seber's variance
    and a log-normal interval on the unobserved count (Chao 1987). Assumes the two lists
    are independent and everyone equally likely to be listed.
    """
    data = histories.collapsed()
    if data.k_lists != 2:
        raise HistoriesError(f"Chapman's estimator needs exactly 2 lists, got {data.k_lists}")
    n1 = data.count_of((1, 0)) + data.count_of((1, 1))
    n2 = data.count_of((0, 1)) + data.count_of((1, 1))
    m = data.count_of((1, 1))
    n = data.n_observed
    n_hat = (n1 + 1) * (n2 + 1) / (m + 1) - 1
    var = (n1 + 1) * (n2 + 1) * (n1 - m) * (n2 - m) / ((m + 1) ** 2 * (m + 2))
    se = math.sqrt(var)
    low, high = _lognormal_interval(float(n), n_hat, se, level)
    warnings = []
    if m < 7:
        warnings.append(
            f"only {m} people are on both lists: Chapman's estimate is unstable below about 7"
        )
    return Estimate(
        method="chapman",
        observed=n,
        estimate=n_hat,
        interval=(low, high),
        level=level,
        settings={"lists": list(data.lists)},
        diagnostics={"n1": n1, "n2": n2, "m": m, "stderr": se, "warnings": warnings},
    )
