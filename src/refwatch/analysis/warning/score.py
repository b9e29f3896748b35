"""A transparent statistical risk score beside the rules: a discrete-time hazard model.

Model: for each day ``d`` the probability that a documented repatriation
starts that day is ``logit p_d = b0 + b . x_d``, where the inputs ``x_d``
are computed from ``indicators.as_of(d)`` only:

* ``border_open``: 1 if the border is open, 0.5 if partly open, 0 otherwise;
* ``backlog``: log10(1 + largest low-end count of people held, among claims
  published in the last 1095 days) / 3, so 1,000 people is about 1;
* ``event``: 1 if a major event hosted by China ends within 14 days or ended
  within 3 days, or a state visit starts within 14 days or ended within 14
  days; else 0;
* ``recent_return``: 1 if a repatriation that happened in the last 45 days
  has been reported; else 0.

Outcomes: an incident dated to a single day counts 1 on that day; one dated
to a window of up to 62 days spreads 1 evenly over its days; incidents dated
more loosely (a year) and contested ones are left out.  Only incidents
published by the fitting day are used.

With a handful of events, maximum likelihood is unstable (separation), so the
coefficients are Firth-penalised (Jeffreys prior) and their 95% intervals are
profile penalised-likelihood intervals; the interval for a day's risk is a
Wald interval on the linear predictor.  With under ten events per input the
score is descriptive, not predictive: :class:`RiskScore` says so.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import optimize, stats

from refwatch.analysis.warning.backtest import Incident, incidents_of
from refwatch.analysis.warning.indicators import (
    BorderState,
    EventKind,
    EventStatus,
    Indicators,
    KnownIndicators,
)

FloatArray = NDArray[np.float64]

INPUTS: tuple[str, ...] = ("border_open", "backlog", "event", "recent_return")
HOST = "CN"


def covariates(view: KnownIndicators, host: str = HOST) -> dict[str, float]:
    """The model inputs for ``view.day`` (see the module docstring); ``host`` is
    the state whose events count (the state concerned: China by default)."""
    day = view.day
    status = view.border_state()
    border = 0.0
    if status is not None:
        border = {BorderState.OPEN: 1.0, BorderState.PARTLY_OPEN: 0.5}.get(status.state, 0.0)
    floors = [c.floor for c in view.backlog if (day - c.known).days <= 1095]
    backlog = math.log10(1 + max(floors, default=0)) / 3
    event = 0.0
    for e in view.calendar:
        if e.status is not EventStatus.SCHEDULED:
            continue
        to_end = (e.refers_to - day).days
        to_start = (e.refers_from - day).days
        if (
            e.major
            and e.host == host
            and e.kind is EventKind.INTERNATIONAL_EVENT
            and -3 <= to_end <= 14
        ):
            event = 1.0
        if e.kind is EventKind.STATE_VISIT and (0 <= to_start <= 14 or -14 <= to_end <= 14):
            event = 1.0
    recent = any((day - r.refers_to).days <= 45 and not r.contested for r in view.repatriations)
    return {
        "border_open": border,
        "backlog": backlog,
        "event": event,
        "recent_return": float(recent),
    }


@dataclass(frozen=True)
class Coefficient:
    name: str
    estimate: float
    low: float
    high: float


@dataclass(frozen=True)
class RiskScore:
    """The model's risk for one day, with its inputs, fit and caveats."""

    as_of: dt.date
    inputs: dict[str, float]
    daily_risk: float
    daily_interval: tuple[float, float]
    risk_30d: float
    risk_30d_interval: tuple[float, float]
    coefficients: tuple[Coefficient, ...]
    n_days: int
    n_events: float
    incidents_used: tuple[str, ...]
    events_per_input: float
    caveats: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "as_of": self.as_of.isoformat(),
            "inputs": self.inputs,
            "daily_risk": self.daily_risk,
            "daily_interval": list(self.daily_interval),
            "risk_30d": self.risk_30d,
            "risk_30d_interval": list(self.risk_30d_interval),
            "coefficients": [
                {"name": c.name, "estimate": c.estimate, "interval": [c.low, c.high]}
                for c in self.coefficients
            ],
            "n_days": self.n_days,
            "n_events": self.n_events,
            "incidents_used": list(self.incidents_used),
            "events_per_input": self.events_per_input,
            "caveats": list(self.caveats),
        }


def _expit(eta: FloatArray) -> FloatArray:
    out: FloatArray = 1.0 / (1.0 + np.exp(-np.clip(eta, -35.0, 35.0)))
    return out


def _penalised_loglik(x: FloatArray, y: FloatArray, beta: FloatArray) -> float:
    p = _expit(x @ beta)
    info = x.T @ (x * (p * (1 - p))[:, None])
    sign, logdet = np.linalg.slogdet(info)
    if sign <= 0:
        return -math.inf
    ll = float(np.sum(y * np.log(p) + (1 - y) * np.log1p(-p)))
    return ll + 0.5 * float(logdet)


def firth_logistic(
    x: FloatArray, y: FloatArray, *, fixed: dict[int, float] | None = None, max_iter: int = 200
) -> tuple[FloatArray, float]:
    """Firth-penalised logistic regression by modified-score Newton steps.

    ``x`` includes the intercept column; ``y`` may be fractional in [0, 1].
    ``fixed`` holds coefficients at given values (for profile likelihood).
    Returns the coefficients and the penalised log-likelihood at them.
    """
    k = x.shape[1]
    beta = np.zeros(k)
    fixed = fixed or {}
    for j, value in fixed.items():
        beta[j] = value
    free = np.array([j for j in range(k) if j not in fixed], dtype=int)
    current = _penalised_loglik(x, y, beta)
    for _ in range(max_iter):
        p = _expit(x @ beta)
        w = p * (1 - p)
        info = x.T @ (x * w[:, None])
        info_inv = np.linalg.pinv(info)
        hat = w * np.einsum("ij,jk,ik->i", x, info_inv, x)
        score = x.T @ (y - p + hat * (0.5 - p))
        step = np.zeros(k)
        step[free] = np.linalg.lstsq(info[np.ix_(free, free)], score[free], rcond=None)[0]
        step = np.clip(step, -5.0, 5.0)
        scale = 1.0
        for _ in range(30):
            candidate = beta + scale * step
            value = _penalised_loglik(x, y, candidate)
            if value >= current - 1e-12:
                break
            scale /= 2
        beta, current = candidate, value
        if float(np.max(np.abs(scale * step))) < 1e-9:
            break
    return beta, current


def _profile_interval(
    x: FloatArray, y: FloatArray, beta: FloatArray, best: float, j: int, level: float
) -> tuple[float, float]:
    cut = float(stats.chi2.ppf(level, 1)) / 2

    def excess(value: float) -> float:
        _, ll = firth_logistic(x, y, fixed={j: value})
        return best - ll - cut

    bounds: list[float] = []
    for direction in (-1.0, 1.0):
        step = 0.5
        edge = float(beta[j])
        found = math.nan
        for _ in range(12):
            trial = float(beta[j]) + direction * step
            if excess(trial) > 0:
                found = optimize.brentq(excess, min(edge, trial), max(edge, trial), xtol=1e-4)
                break
            edge = trial
            step *= 2
        bounds.append(found if not math.isnan(found) else direction * math.inf)
    return bounds[0], bounds[1]


@dataclass(frozen=True)
class DesignMatrix:
    """Daily inputs for ``days`` (computed once from as-of views)."""

    days: tuple[dt.date, ...]
    x: FloatArray

    @classmethod
    def build(
        cls, indicators: Indicators, start: dt.date, end: dt.date, host: str = HOST
    ) -> DesignMatrix:
        """Compute the inputs of every day in ``start..end``, each from its own as-of view."""
        days: list[dt.date] = []
        rows: list[list[float]] = []
        day = start
        while day <= end:
            values = covariates(indicators.as_of(day), host)
            days.append(day)
            rows.append([1.0, *(values[name] for name in INPUTS)])
            day += dt.timedelta(days=1)
        return cls(tuple(days), np.array(rows, dtype=float))


def _outcomes(
    days: tuple[dt.date, ...], incidents: tuple[Incident, ...], known_by: dt.date
) -> tuple[FloatArray, tuple[str, ...]]:
    index = {d: i for i, d in enumerate(days)}
    y = np.zeros(len(days))
    used: list[str] = []
    for inc in incidents:
        if inc.contested or inc.window_days > 62 or inc.known > known_by:
            continue
        cells = [
            index[d]
            for d in (inc.start + dt.timedelta(days=k) for k in range(inc.window_days))
            if d in index
        ]
        if not cells:
            continue
        used.append(inc.incident)
        for c in cells:
            y[c] += 1.0 / inc.window_days
    return np.clip(y, 0.0, 1.0), tuple(used)


def default_history_start(indicators: Indicators) -> dt.date | None:
    """Where a fit starts: the first border status, else the first publication."""
    if indicators.border:
        return min(o.refers_from for o in indicators.border)
    dates = indicators.knowledge_dates()
    return dates[0] if dates else None


def risk_score(
    indicators: Indicators,
    as_of: dt.date,
    *,
    history_start: dt.date | None = None,
    design: DesignMatrix | None = None,
    level: float = 0.95,
    intervals: bool = True,
    host: str = HOST,
) -> RiskScore | None:
    """Fit the hazard model on ``history_start..as_of - 1`` with only incidents
    published by ``as_of`` and score ``as_of``.  ``history_start`` defaults to
    the first border status in the history (else its first publication).

    Returns None when fewer than two incidents are usable (no model can be
    fitted honestly).  ``design`` may carry precomputed inputs covering the
    fitting days (a backtest fits many times on the same days).  With
    ``intervals=False`` the profile intervals are skipped (reported as NaN).
    """
    last = as_of - dt.timedelta(days=1)
    history_start = history_start or default_history_start(indicators)
    if history_start is None or last < history_start:
        return None
    if design is None or design.days[0] > history_start or design.days[-1] < last:
        design = DesignMatrix.build(indicators, history_start, last, host)
    mask = np.array([history_start <= d <= last for d in design.days])
    days = tuple(d for d, keep in zip(design.days, mask, strict=True) if keep)
    x = design.x[mask]
    y, used = _outcomes(days, incidents_of(indicators.repatriations), as_of)
    if len(used) < 2:
        return None
    # An input that never varied over the fitting days cannot be estimated
    # (it is collinear with the intercept): leave it out and say so.
    names = ("intercept", *INPUTS)
    keep = [0, *(j for j in range(1, x.shape[1]) if float(np.ptp(x[:, j])) > 0)]
    dropped = [names[j] for j in range(1, x.shape[1]) if j not in keep]
    xk = x[:, keep]
    beta_k, best = firth_logistic(xk, y)
    beta = np.zeros(x.shape[1])
    beta[keep] = beta_k
    coefficients = tuple(
        Coefficient(
            names[j],
            float(beta[j]) if j in keep else math.nan,
            *(
                _profile_interval(xk, y, beta_k, best, keep.index(j), level)
                if intervals and j in keep
                else (math.nan, math.nan)
            ),
        )
        for j in range(x.shape[1])
    )
    inputs = covariates(indicators.as_of(as_of), host)
    x0 = np.array([1.0, *(inputs[name] for name in INPUTS)])[keep]
    p = _expit(xk @ beta_k)
    info_inv = np.linalg.pinv(xk.T @ (xk * (p * (1 - p))[:, None]))
    eta = float(x0 @ beta_k)
    se = math.sqrt(max(float(x0 @ info_inv @ x0), 0.0))
    z = float(stats.norm.ppf(0.5 + level / 2))
    lo, hi = (float(v) for v in _expit(np.array([eta - z * se, eta + z * se])))
    daily = float(_expit(np.array([eta]))[0])

    def over_30(q: float) -> float:
        return 1.0 - (1.0 - q) ** 30

    n_events = float(y.sum())
    epv = n_events / max(len(keep) - 1, 1)
    caveats = [
        f"{n_events:.1f} documented incidents over {len(days)} days: "
        f"{epv:.1f} events per input (under 10 means the estimates are unstable)",
        "only documented incidents count: undocumented returns (the usual case) bias every rate down",
        "the 30-day risk assumes the inputs stay as they are today",
        "recent days count as days without a return until reports arrive (reporting lag)",
    ]
    if dropped:
        caveats.append(f"left out (did not vary over the fitting days): {', '.join(dropped)}")
    if epv < 10:
        caveats.insert(0, "descriptive only: far too few events for a predictive model")
    return RiskScore(
        as_of=as_of,
        inputs=inputs,
        daily_risk=daily,
        daily_interval=(lo, hi),
        risk_30d=over_30(daily),
        risk_30d_interval=(over_30(lo), over_30(hi)),
        coefficients=coefficients,
        n_days=len(days),
        n_events=n_events,
        incidents_used=used,
        events_per_input=epv,
        caveats=tuple(caveats),
    )


@dataclass(frozen=True)
class ScoreCheck:
    """Out-of-sample score on the eve of one incident (fitted on what was known then)."""

    incident: str
    eve: dt.date
    daily_risk: float | None
    median_daily_risk: float | None
    ratio: float | None


def score_backtest(
    indicators: Indicators,
    start: dt.date,
    end: dt.date,
    *,
    history_start: dt.date | None = None,
) -> tuple[ScoreCheck, ...]:
    """For each precisely dated incident in ``start..end``, refit the model with only
    what was known on its eve and compare the eve's risk with the median daily
    risk over the fitting days (ratio > 1: the model ranked the eve as riskier)."""
    history_start = history_start or default_history_start(indicators) or start
    design = DesignMatrix.build(indicators, history_start, end)
    out: list[ScoreCheck] = []
    for inc in incidents_of(indicators.repatriations):
        if inc.contested or inc.window_days > 62 or not start <= inc.start <= end:
            continue
        eve = inc.start - dt.timedelta(days=1)
        score = risk_score(
            indicators, eve, history_start=history_start, design=design, intervals=False
        )
        if score is None:
            out.append(ScoreCheck(inc.incident, eve, None, None, None))
            continue
        # The median daily risk over the fitting days, from the same fit.
        beta = np.nan_to_num(np.array([c.estimate for c in score.coefficients]))
        mask = np.array([history_start <= d < eve for d in design.days])
        median = float(np.median(_expit(design.x[mask] @ beta)))
        out.append(
            ScoreCheck(inc.incident, eve, score.daily_risk, median, score.daily_risk / median)
        )
    return tuple(out)
