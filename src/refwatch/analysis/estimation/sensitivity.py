"""How much the answer depends on the method and on the record linkage.

Capture-recapture estimates rest on untestable assumptions about the unobserved, so a
single figure hides how much it moves when the assumptions change. These functions
put the figures side by side instead:

* :func:`sensitivity_table`: the same data through every method, with the spread;
* :func:`linkage_sensitivity`: the same method over clusterings made at several
  match-probability thresholds (or sampled from the match probabilities), pooled with
  Rubin's rules, reporting how far linkage alone moves N-hat.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.stats import norm

from refwatch.analysis.estimation.histories import CaptureHistories, ClusterRow
from refwatch.analysis.estimation.population import estimate_population
from refwatch.analysis.estimation.results import Estimate

__all__ = [
    "LinkageSensitivity",
    "SensitivityRow",
    "SensitivityTable",
    "linkage_sensitivity",
    "sensitivity_table",
]

DEFAULT_METHODS: tuple[str, ...] = (
    "mt",
    "mth-chao",
    "mth-poisson",
    "mth-darroch",
    "loglinear",
    "loglinear-average",
    "dga",
    "lcmcr",
    "bict",
)

Progress = Callable[[str], None]


@dataclass(frozen=True)
class SensitivityRow:
    """One method's answer in a sensitivity table."""

    label: str
    estimate: Estimate


@dataclass(frozen=True)
class SensitivityTable:
    """Several methods on the same data, with the range of their point estimates."""

    observed: int
    rows: tuple[SensitivityRow, ...]

    @property
    def low(self) -> float:
        """Smallest finite point estimate."""
        return min(r.estimate.estimate for r in self._finite())

    @property
    def high(self) -> float:
        """Largest finite point estimate."""
        return max(r.estimate.estimate for r in self._finite())

    @property
    def ratio(self) -> float:
        """Largest over smallest point estimate (1.0 when the methods agree)."""
        return self.high / self.low

    def _finite(self) -> list[SensitivityRow]:
        rows = [r for r in self.rows if math.isfinite(r.estimate.estimate)]
        if not rows:
            raise ValueError("no method produced a finite estimate")
        return rows

    def to_json_dict(self) -> dict[str, Any]:
        """Plain JSON: the rows as estimate objects plus the spread."""
        return {
            "observed": self.observed,
            "low": self.low,
            "high": self.high,
            "ratio": self.ratio,
            "rows": [{"label": r.label, **r.estimate.to_json_dict()} for r in self.rows],
        }


_LABELS = {
    "mt": "independence (Mt)",
    "mth-chao": "heterogeneity, Chao lower bound (Mth)",
    "mth-poisson": "heterogeneity, Poisson2 (Mth)",
    "mth-darroch": "heterogeneity, Darroch (Mth)",
    "mth-gamma": "heterogeneity, Gamma3.5 (Mth)",
    "loglinear": "log-linear, BIC-best model",
    "loglinear-average": "log-linear, BIC-weighted average",
    "dga": "decomposable graphs, Bayesian average",
    "lcmcr": "latent classes (LCMCR)",
    "bict": "log-linear, Bayesian model averaging (conting)",
    "chapman": "Chapman (two lists)",
}


def sensitivity_table(
    histories: CaptureHistories,
    methods: Sequence[str] = DEFAULT_METHODS,
    *,
    seed: int | None = None,
    progress: Progress | None = None,
    **settings: Any,
) -> SensitivityTable:
    """Run every method in ``methods`` on the same (collapsed) data.

    ``"loglinear-average"`` is the BIC-weighted average reported by the log-linear run.
    Methods that cannot run on these data (Chapman on three lists, dga on six) are left
    out; a method that fails is kept as a row with a NaN estimate and the error as warning.
    """
    data = histories.collapsed()
    rows: list[SensitivityRow] = []
    loglinear: Estimate | None = None
    for method in methods:
        if method == "chapman" and data.k_lists != 2:
            continue
        if method == "dga" and not 2 <= data.k_lists <= 5:
            continue
        if (method.startswith("mth-") or method == "bict") and data.k_lists < 3:
            continue
        if progress is not None:
            progress(method)
        if method == "loglinear-average":
            if loglinear is None:
                loglinear = estimate_population(data, "loglinear", **settings)
            rows.append(SensitivityRow(_LABELS[method], _average_of(loglinear)))
            continue
        try:
            result = estimate_population(data, method, seed=seed, **settings)
        except (ValueError, RuntimeError) as exc:
            result = Estimate(
                method=method,
                observed=data.n_observed,
                estimate=math.nan,
                interval=(math.nan, math.nan),
                diagnostics={"warnings": [f"failed: {exc}"]},
            )
        if method == "loglinear":
            loglinear = result
        rows.append(SensitivityRow(_LABELS.get(method, method), result))
    return SensitivityTable(data.n_observed, tuple(rows))


def _average_of(loglinear: Estimate) -> Estimate:
    average = loglinear.diagnostics["model_average"]
    low, high = average["interval"]
    return Estimate(
        method="loglinear-average",
        observed=loglinear.observed,
        estimate=float(average["estimate"]),
        interval=(float(low), float(high)),
        level=loglinear.level,
        settings={"criterion": average["criterion"], "max_order": loglinear.settings["max_order"]},
        diagnostics={"stderr": average["stderr"], "top_weights": average["top_weights"]},
    )


@dataclass(frozen=True)
class LinkageSensitivity:
    """Estimates over several clusterings and their pooled result.

    ``runs`` pairs each clustering's label (threshold or draw) with its estimate;
    ``pooled`` combines them with Rubin's rules; ``linkage_share`` is the part of the
    pooled variance that comes from linkage (between-clusterings variance).
    """

    runs: tuple[tuple[str, Estimate], ...]
    pooled: Estimate

    @property
    def spread(self) -> tuple[float, float]:
        """Smallest and largest point estimate over the clusterings."""
        points = [e.estimate for _, e in self.runs if math.isfinite(e.estimate)]
        return (min(points), max(points))


def linkage_sensitivity(
    rows: Sequence[ClusterRow],
    *,
    method: str | None = "loglinear",
    thresholds: Sequence[float] | None = (0.5, 0.7, 0.8, 0.9, 0.95, 0.99),
    draws: int = 0,
    seed: int | None = None,
    lists: Sequence[str] | None = None,
    progress: Progress | None = None,
    **settings: Any,
) -> LinkageSensitivity:
    """Estimate N over several clusterings of the same records and pool them.

    Args:
        rows: the clusters contract (``match_probability`` per record; records without
            one always stay linked).
        method: estimation method (see :func:`estimate_population`).
        thresholds: at each, records whose match probability is below it become people
            of their own (:meth:`CaptureHistories.from_clusters`).
        draws: additionally, this many clusterings drawn at random: each record stays in
            its cluster with its match probability (``seed`` fixes the draws).
        settings: passed to the method.

    Returns:
        The runs and a pooled :class:`Estimate` (Rubin's rules: mean of the points;
        variance = mean within-run variance, read from each interval's width, plus
        ``(1 + 1/m)`` times the between-run variance; log-normal interval on the
        unobserved count). ``diagnostics`` says how much linkage moves N-hat.
    """
    runs: list[tuple[str, Estimate]] = []
    for threshold in thresholds or ():
        if progress is not None:
            progress(f"threshold {threshold:g}")
        h = CaptureHistories.from_clusters(rows, lists=lists, threshold=threshold)
        runs.append(
            (f"threshold {threshold:g}", estimate_population(h, method, seed=seed, **settings))
        )
    rng = np.random.default_rng(seed)
    for draw in range(draws):
        if progress is not None:
            progress(f"draw {draw + 1}/{draws}")
        kept = [
            r
            if r.match_probability is None or rng.random() < r.match_probability
            else ClusterRow(r.list, r.record_id, f"\x00draw\x00{r.list}\x00{r.record_id}", None)
            for r in rows
        ]
        h = CaptureHistories.from_clusters(kept, lists=lists)
        draw_seed = None if seed is None else seed + draw + 1
        runs.append(
            (f"draw {draw + 1}", estimate_population(h, method, seed=draw_seed, **settings))
        )
    if not runs:
        raise ValueError("give at least one threshold or one draw")
    return LinkageSensitivity(tuple(runs), _pool(runs))


def _pool(runs: Sequence[tuple[str, Estimate]]) -> Estimate:
    usable = [e for _, e in runs if math.isfinite(e.estimate)]
    if not usable:
        raise ValueError("no clustering produced a finite estimate")
    level = usable[0].level
    z = float(norm.ppf(0.5 + level / 2))
    points = np.array([e.estimate for e in usable])
    observed = np.array([e.observed for e in usable], dtype=float)
    within = np.array(
        [((e.interval[1] - e.interval[0]) / (2 * z)) ** 2 for e in usable], dtype=float
    )
    m = len(usable)
    mean = float(points.mean())
    between = float(points.var(ddof=1)) if m > 1 else 0.0
    total_var = float(np.nanmean(within)) + (1 + 1 / m) * between
    n_ref = float(observed.mean())
    unobserved = mean - n_ref
    if unobserved > 0 and math.isfinite(total_var):
        c = math.exp(z * math.sqrt(math.log(1 + total_var / unobserved**2)))
        interval = (n_ref + unobserved / c, n_ref + unobserved * c)
    else:
        interval = (mean, mean)
    share = (1 + 1 / m) * between / total_var if total_var > 0 else 0.0
    warnings: list[str] = []
    if m > 1 and (points.max() - points.min()) > 0.1 * mean:
        warnings.append(
            f"linkage alone moves the estimate from {points.min():,.0f} to {points.max():,.0f}: "
            "review uncertain matches before publishing"
        )
    return Estimate(
        method=usable[0].method,
        observed=round(n_ref),
        estimate=mean,
        interval=interval,
        level=level,
        settings={**dict(usable[0].settings), "pooling": "Rubin's rules over clusterings"},
        seed=usable[0].seed,
        diagnostics={
            "runs": [{"label": label, **e.to_json_dict()} for label, e in runs],
            "linkage_range": [float(points.min()), float(points.max())],
            "observed_range": [int(observed.min()), int(observed.max())],
            "linkage_variance_share": share,
            "warnings": warnings,
        },
    )
