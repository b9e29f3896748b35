"""Bayesian model averaging over hierarchical log-linear models for an incomplete table.

This is the method of the R package conting (``bict``; Overstall & King 2014, "conting:
an R package for Bayesian analysis of complete and incomplete contingency tables", JSS
58(7)), written here from the papers:

* The full ``2**k`` table of capture patterns follows a Poisson log-linear model whose
  design uses sum-to-zero contrasts (a list's "not listed" level is +1, "listed" -1).
  The count of the unobserved pattern (nobody listed) is missing; the sampler treats it
  as an unknown and draws it (data augmentation, King & Brooks 2001), so each draw of
  it plus the observed n is a draw of the total N.
* Models are the hierarchical models between the main-effects model and a maximal
  model (all interactions up to ``max_order``; two-way by default), equally likely a
  priori. The intercept has a flat prior; the other parameters are normal with
  covariance ``sigma2 * n_cells * (X'X)^-1`` (the unit-information scale), and
  ``sigma2`` has an inverse-gamma(a/2, b/2) prior: the Sabanes Bove & Held (2011)
  hyper-g style prior ("SBH") with ``a = b = 0.001``.
* The Markov chain alternates, each iteration, between a within-model move (with
  probability ``null_move_prob``: a Metropolis-Hastings step whose proposal is one
  iteratively-weighted-least-squares step, Gamerman 1997) and a reversible-jump move
  that adds or removes one interaction term. The new term's coefficient is proposed
  from the orthogonal projection of the maximal model's posterior-mode linear
  predictor (Overstall & King 2014, section 3), and the coefficients kept are sheared
  so that the linear predictor changes only in the direction orthogonal to the smaller
  model (unit Jacobian). Then ``sigma2`` is drawn from its full conditional and the
  missing count from its Poisson full conditional. conting conditions the moves on the
  drawn count (data augmentation; here ``augment=True``); by default they use the
  observed cells' likelihood alone, which targets the same posterior and mixes far
  better (benchmarks/estimation/RESULTS.md).

The point reported is the posterior mean of N with the 95% highest posterior density
interval of the draws after burn-in, as ``conting::total_pop`` does; the median and the
equal-tailed quantiles are in the diagnostics.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import minimize
from scipy.special import logsumexp

from refwatch.analysis.estimation.histories import CaptureHistories, HistoriesError
from refwatch.analysis.estimation.mcmc import effective_sample_size, rank_normalized_rhat
from refwatch.analysis.estimation.results import Estimate

__all__ = [
    "BictRun",
    "LaplacePosterior",
    "LogLinearSpace",
    "bict_estimate",
    "hpd_interval",
    "laplace_posterior",
    "sample_bict",
]

FloatArray = NDArray[np.float64]
Term = tuple[int, ...]
Progress = Callable[[int, int], None]

RHAT_LIMIT = 1.05
_LOG_2PI = math.log(2 * math.pi)


@dataclass(frozen=True)
class LogLinearSpace:
    """The design of the full table and the hierarchical models inside a maximal one.

    Factors are the ``k`` lists (2 levels: not listed, listed) followed by any covariates
    (``covariate_levels``, each with its number of levels). Cell ``c`` has list ``j``'s
    bit ``(c >> j) & 1`` (the order of :meth:`CaptureHistories.full_table`) and the
    covariates' levels in mixed radix above the list bits. ``missing`` are the cells
    with nobody listed (cell 0 without covariates). ``terms[i]`` is an interaction
    (tuple of 0-based factors) whose design columns are ``blocks[i]``; column 0 is the
    intercept. Columns use sum-to-zero contrasts, as conting.
    """

    k: int
    max_order: int
    terms: tuple[Term, ...]
    blocks: tuple[NDArray[np.intp], ...]
    design: FloatArray
    prior_precision: FloatArray
    subsets: tuple[tuple[int, ...], ...]
    supersets: tuple[tuple[int, ...], ...]
    missing: NDArray[np.intp]
    labels: tuple[str, ...]

    @classmethod
    def build(
        cls,
        k: int,
        max_order: int = 2,
        covariate_levels: Sequence[int] = (),
        covariate_names: Sequence[str] | None = None,
    ) -> LogLinearSpace:
        """All interactions of 1 to ``max_order`` factors, in R's order (by order, then factors)."""
        if k < 2:
            raise HistoriesError("bict needs at least 2 lists")
        levels = [2] * k + [int(v) for v in covariate_levels]
        if any(v < 2 for v in levels):
            raise ValueError("every covariate needs at least 2 levels")
        n_factors = len(levels)
        if not 1 <= max_order <= n_factors:
            raise ValueError(f"max_order must be between 1 and {n_factors}, got {max_order}")
        names = list(covariate_names or [f"x{i + 1}" for i in range(len(covariate_levels))])
        labels = tuple([str(j + 1) for j in range(k)] + names)
        terms = tuple(
            t for order in range(1, max_order + 1) for t in combinations(range(n_factors), order)
        )
        n_cells = int(np.prod(levels))
        cells = np.arange(n_cells)
        strides = np.cumprod([1, *levels[:-1]])
        level_of = (cells[:, None] // strides) % np.array(levels)
        contrasts = []
        for f, count in enumerate(levels):
            table = np.vstack([np.eye(count - 1), -np.ones(count - 1)])  # contr.sum
            contrasts.append(table[level_of[:, f]])
        columns: list[FloatArray] = [np.ones((n_cells, 1))]
        blocks: list[NDArray[np.intp]] = []
        next_column = 1
        for term in terms:
            block = np.ones((n_cells, 1))
            for f in term:
                block = (block[:, :, None] * contrasts[f][:, None, :]).reshape(n_cells, -1)
            columns.append(block)
            blocks.append(np.arange(next_column, next_column + block.shape[1], dtype=np.intp))
            next_column += block.shape[1]
        design = np.hstack(columns)
        precision = design.T @ design / n_cells
        precision[0, :] = 0.0
        precision[:, 0] = 0.0
        position = {t: i for i, t in enumerate(terms)}
        subsets = tuple(
            tuple(position[s] for s in combinations(t, len(t) - 1)) if len(t) > 1 else ()
            for t in terms
        )
        supersets = tuple(
            tuple(
                position[tuple(sorted((*t, j)))]
                for j in range(n_factors)
                if j not in t and len(t) < max_order
            )
            for t in terms
        )
        missing = np.flatnonzero(~level_of[:, :k].any(axis=1)).astype(np.intp)
        return cls(
            k,
            max_order,
            terms,
            tuple(blocks),
            design,
            precision,
            subsets,
            supersets,
            missing,
            labels,
        )

    @property
    def n_terms(self) -> int:
        return len(self.terms)

    def main_effects(self) -> tuple[bool, ...]:
        """The smallest model: main effects only."""
        return tuple(len(t) == 1 for t in self.terms)

    def maximal(self) -> tuple[bool, ...]:
        return (True,) * self.n_terms

    def moves(self, model: Sequence[bool]) -> list[int]:
        """Terms that can be removed or added keeping the model hierarchical (as conting)."""
        out: list[int] = []
        for i, term in enumerate(self.terms):
            if len(term) == 1:
                continue
            if model[i]:
                if not any(model[s] for s in self.supersets[i]):
                    out.append(i)
            elif all(model[s] for s in self.subsets[i]):
                out.append(i)
        return out

    def columns(self, model: Sequence[bool]) -> NDArray[np.intp]:
        """Design columns of a model (intercept first, then term blocks in order)."""
        chosen = [self.blocks[i] for i, on in enumerate(model) if on]
        return np.concatenate([np.zeros(1, dtype=np.intp), *chosen])

    @property
    def observed(self) -> NDArray[np.intp]:
        """Cells where someone is listed."""
        return np.setdiff1d(np.arange(self.design.shape[0]), self.missing).astype(np.intp)

    def name(self, model: Sequence[bool]) -> str:
        """Generating class with 1-based lists, e.g. ``[12,14,3]`` (Rcapture's notation);
        a term with a covariate joins its factors with ``:``, e.g. ``[12,1:eth]``."""
        chosen = [t for t, on in zip(self.terms, model, strict=True) if on]
        top = [t for t in chosen if not any(set(t) < set(u) for u in chosen)]
        top.sort(key=lambda t: (-len(t), t))
        return "[" + ",".join(self._term_label(t) for t in top) + "]"

    def _term_label(self, term: Term) -> str:
        glue = "" if all(f < self.k for f in term) else ":"
        return glue.join(self.labels[f] for f in term)

    def all_models(self) -> list[tuple[bool, ...]]:
        """Every hierarchical model between main effects and the maximal model."""
        seen = {self.main_effects()}
        frontier = [self.main_effects()]
        while frontier:
            model = frontier.pop()
            for i in self.moves(model):
                if not model[i]:
                    grown = tuple(on or j == i for j, on in enumerate(model))
                    if grown not in seen:
                        seen.add(grown)
                        frontier.append(grown)
        return sorted(seen, key=lambda m: (sum(m), m))


def _posterior_mode(
    x: FloatArray, y: FloatArray, precision: FloatArray, a: float, b: float
) -> FloatArray:
    """Posterior mode of the coefficients, sigma2 integrated out (a multivariate t prior)."""
    q = precision[1:, 1:]
    shape = a + x.shape[1] - 1

    def objective(beta: FloatArray) -> tuple[float, FloatArray]:
        eta = x @ beta
        mu = np.exp(eta)
        sb = q @ beta[1:]
        bsb = float(beta[1:] @ sb)
        value = -(float(y @ eta) - float(mu.sum())) + 0.5 * shape * math.log(b + bsb)
        grad = -(x.T @ (y - mu))
        grad[1:] += shape * sb / (b + bsb)
        return value, grad

    def hessian(beta: FloatArray) -> FloatArray:
        mu = np.exp(x @ beta)
        sb = q @ beta[1:]
        bsb = float(beta[1:] @ sb)
        h = (x * mu[:, None]).T @ x
        h[1:, 1:] += shape * (q / (b + bsb) - 2 * np.outer(sb, sb) / (b + bsb) ** 2)
        return h

    start = np.linalg.lstsq(x, np.log(np.where(y > 0, y, 1 / 6)), rcond=None)[0]
    result = minimize(objective, start, jac=True, hess=hessian, method="trust-exact")
    return np.asarray(result.x, dtype=float)


@dataclass
class _Projection:
    """Reversible-jump proposal for one term added to (or removed from) a smaller model."""

    shear: FloatArray  # coefficients of the smaller model move by -shear @ u
    mean: NDArray[Any]  # proposal mean of the term's coefficients u
    chol: NDArray[Any]  # Cholesky factor of the proposal precision
    half_logdet: float  # log det(chol)

    def log_density(self, u: FloatArray) -> float:
        r = self.chol.T @ (u - self.mean)
        return self.half_logdet - 0.5 * float(r @ r) - 0.5 * u.size * _LOG_2PI


@dataclass
class _Sampler:
    space: LogLinearSpace
    design: FloatArray  # rows of the cells in the likelihood of the moves
    eta_hat: FloatArray  # maximal model's posterior-mode linear predictor on those rows
    null_move_prob: float
    a: float
    b: float
    projections: dict[tuple[tuple[bool, ...], int], _Projection] = field(default_factory=dict)
    move_cache: dict[tuple[bool, ...], list[int]] = field(default_factory=dict)

    def moves(self, model: tuple[bool, ...]) -> list[int]:
        found = self.move_cache.get(model)
        if found is None:
            found = self.space.moves(model)
            self.move_cache[model] = found
        return found

    def projection(self, small: tuple[bool, ...], term: int) -> _Projection:
        key = (small, term)
        found = self.projections.get(key)
        if found is None:
            x = self.design[:, self.space.columns(small)]
            s = self.design[:, self.space.blocks[term]]
            w = np.exp(self.eta_hat)
            xw = x.T * w
            coef = np.linalg.solve(xw @ x, xw)  # (X'WX)^-1 X'W
            residual = s - x @ (coef @ s)  # (I - P) S
            info = residual.T @ (w[:, None] * s)  # S'W(I - P)S
            info = 0.5 * (info + info.T)
            chol = np.linalg.cholesky(info)
            found = _Projection(
                shear=coef @ s,
                mean=np.linalg.solve(info, residual.T @ (w * self.eta_hat)),
                chol=chol,
                half_logdet=float(np.log(np.diag(chol)).sum()),
            )
            self.projections[key] = found
        return found

    def log_prior(self, beta: FloatArray, q: FloatArray, sigma2: float) -> float:
        """Normal prior density of the non-intercept coefficients, normalised."""
        d = beta.size - 1
        if d == 0:
            return 0.0
        sub = q[1:, 1:]
        _, logdet = np.linalg.slogdet(sub)
        quad = float(beta[1:] @ sub @ beta[1:])
        return 0.5 * (float(logdet) - d * math.log(sigma2) - d * _LOG_2PI - quad / sigma2)

    def null_move(
        self,
        x: FloatArray,
        y: FloatArray,
        beta: FloatArray,
        q: FloatArray,
        rng: np.random.Generator,
    ) -> tuple[FloatArray, bool]:
        """One IWLS-proposal Metropolis-Hastings step within the model."""

        def proposal(b: FloatArray) -> tuple[NDArray[Any], NDArray[Any], float, float]:
            eta = x @ b
            w = np.exp(eta)
            prec = q + (x.T * w) @ x
            chol = np.linalg.cholesky(prec)
            mean = np.linalg.solve(prec, x.T @ (w * eta + y - w))
            log_target = float(y @ eta) - float(w.sum()) - 0.5 * float(b @ q @ b)
            return mean, chol, float(np.log(np.diag(chol)).sum()), log_target

        mean, chol, half_logdet, log_curr = proposal(beta)
        z = rng.standard_normal(beta.size)
        new = mean + np.linalg.solve(chol.T, z)
        try:
            back_mean, back_chol, back_half_logdet, log_new = proposal(new)
        except np.linalg.LinAlgError:
            # A wild proposal (fitted counts overflow or vanish): no way back, reject.
            return beta, False
        forward = half_logdet - 0.5 * float(z @ z)
        r = back_chol.T @ (beta - back_mean)
        backward = back_half_logdet - 0.5 * float(r @ r)
        log_ratio = log_new - log_curr + backward - forward
        if math.log(rng.random()) <= log_ratio:
            return new, True
        return beta, False

    def jump(
        self,
        model: tuple[bool, ...],
        beta: FloatArray,
        y: FloatArray,
        sigma2: float,
        term: int,
        n_moves: int,
        rng: np.random.Generator,
    ) -> tuple[tuple[bool, ...], FloatArray, bool]:
        """Reversible jump adding or removing ``term`` (orthogonal-projection proposal)."""
        space = self.space
        birth = not model[term]
        new_model = tuple((not on) if j == term else on for j, on in enumerate(model))
        curr_cols = space.columns(model)
        new_cols = space.columns(new_model)
        small = model if birth else new_model
        proj = self.projection(small, term)
        block = space.blocks[term]
        position = int(np.searchsorted(new_cols if birth else curr_cols, block[0]))
        if birth:
            u = proj.mean + np.linalg.solve(proj.chol.T, rng.standard_normal(block.size))
            new_beta = np.insert(beta - proj.shear @ u, position, u)
            log_jac = -proj.log_density(u)
        else:
            u = beta[position : position + block.size]
            new_beta = np.delete(beta, np.s_[position : position + block.size]) + proj.shear @ u
            log_jac = proj.log_density(u)
        x_curr = self.design[:, curr_cols]
        x_new = self.design[:, new_cols]
        eta_curr = x_curr @ beta
        eta_new = x_new @ new_beta
        q_curr = space.prior_precision[np.ix_(curr_cols, curr_cols)]
        q_new = space.prior_precision[np.ix_(new_cols, new_cols)]
        top = (
            float(y @ eta_new)
            - float(np.exp(eta_new).sum())
            + self.log_prior(new_beta, q_new, sigma2)
        )
        bottom = (
            float(y @ eta_curr)
            - float(np.exp(eta_curr).sum())
            + self.log_prior(beta, q_curr, sigma2)
        )
        log_ratio = top - bottom + log_jac + math.log(n_moves / len(self.moves(new_model)))
        if math.log(rng.random()) <= log_ratio:
            return new_model, new_beta, True
        return model, beta, False


@dataclass(frozen=True)
class BictRun:
    """Raw draws of :func:`sample_bict` after burn-in, one row per chain.

    ``totals`` are draws of N (observed n plus the drawn unobserved count); ``models``
    index ``model_names``; ``sigma2`` the prior scale; acceptance rates are per chain.
    """

    lists: tuple[str, ...]
    observed: int
    totals: NDArray[np.int64]
    models: NDArray[np.intp]
    model_names: tuple[str, ...]
    sigma2: FloatArray
    settings: dict[str, object]
    seed: int
    jump_acceptance: tuple[float, ...]
    within_acceptance: tuple[float, ...]

    def model_probabilities(self) -> dict[str, float]:
        """Posterior model probabilities (share of draws), most probable first."""
        counts = np.bincount(self.models.ravel(), minlength=len(self.model_names))
        order = np.argsort(-counts, kind="stable")
        total = counts.sum()
        return {self.model_names[i]: counts[i] / total for i in order if counts[i] > 0}


def sample_bict(
    histories: CaptureHistories,
    *,
    max_order: int = 2,
    samples: int = 20_000,
    burn_in: int = 2_000,
    chains: int = 1,
    prior_a: float = 0.001,
    prior_b: float = 0.001,
    null_move_prob: float = 0.5,
    augment: bool = False,
    covariates: bool = False,
    seed: int | None = None,
    progress: Progress | None = None,
) -> BictRun:
    """Run the conting-style reversible-jump sampler over hierarchical log-linear models.

    Args:
        histories: at least 2 lists; strata are summed unless ``covariates``.
        max_order: highest interaction order of the maximal model (conting's
            ``(A + B + ...)^max_order`` formula).
        samples: iterations per chain, burn-in included (conting's ``n.sample``).
        burn_in: first iterations of each chain left out of the summaries.
        chains: independent chains; chain ``i`` is seeded with ``SeedSequence(seed).spawn``.
        prior_a, prior_b: inverse-gamma hyper-parameters of the SBH prior.
        null_move_prob: probability of a within-model move in each iteration.
        augment: condition the coefficient and model moves on the drawn unobserved
            count, as conting does (data augmentation). The default, ``False``, moves
            on the observed cells' likelihood alone and draws the unobserved count
            afterwards: the same posterior, but the chain is not slowed by the
            coupling between the unobserved count and the intercept (on Kosovo the
            effective sample size of N grows from about 30 to over 1,000 per 18,000
            draws).
        covariates: read the strata as covariates, factors of the log-linear model
            beside the lists (a ``"a|b"`` stratum label gives two covariates), as
            conting's ``(S1 + S2 + S3 + eth)^2``; each covariate value has its own
            unobserved cell.
        seed: root seed; ``None`` draws one (recorded in the result).
        progress: called as ``progress(done, total)`` every 1,000 iterations.
    """
    data = histories.collapsed()
    if samples <= burn_in:
        raise ValueError("samples must exceed burn_in")
    if not 0.0 <= null_move_prob <= 1.0:
        raise ValueError("null_move_prob must be between 0 and 1")
    if prior_a < 0 or prior_b < 0:
        raise ValueError("prior_a and prior_b must be non-negative")
    space, table = _space_and_table(histories, max_order, covariates)
    observed = int(table.sum())
    design = space.design
    precision = space.prior_precision
    seen, missing = space.observed, space.missing
    mode = _posterior_mode(design[seen], table[seen], precision, prior_a, prior_b)
    eta_hat = design @ mode
    rows: slice | NDArray[np.intp] = slice(None) if augment else seen
    moves_design = design[rows]
    sampler = _Sampler(space, moves_design, eta_hat[rows], null_move_prob, prior_a, prior_b)
    if seed is None:
        seed = int(np.random.default_rng().integers(2**31))
    streams = np.random.SeedSequence(seed).spawn(chains)
    names: dict[tuple[bool, ...], int] = {}
    totals = np.empty((chains, samples - burn_in), dtype=np.int64)
    models = np.empty((chains, samples - burn_in), dtype=np.intp)
    sigmas = np.empty((chains, samples - burn_in))
    jump_rates: list[float] = []
    within_rates: list[float] = []
    total_steps = chains * samples
    for c in range(chains):
        rng = np.random.default_rng(streams[c])
        model = space.maximal()
        beta = mode.copy()
        sigma2 = 1.0
        full = table.copy()
        full[missing] = np.round(np.exp(eta_hat[missing]))
        y = full[rows]  # with augment a view: it holds the drawn unobserved counts
        jumps = [0, 0]
        within = [0, 0]
        for it in range(samples):
            cols = space.columns(model)
            moves = sampler.moves(model)
            if rng.random() > null_move_prob and moves:
                term = moves[int(rng.integers(len(moves)))]
                model, beta, accepted = sampler.jump(model, beta, y, sigma2, term, len(moves), rng)
                jumps[0] += accepted
                jumps[1] += 1
                cols = space.columns(model)
            else:
                q = precision[np.ix_(cols, cols)] / sigma2
                beta, accepted = sampler.null_move(moves_design[:, cols], y, beta, q, rng)
                within[0] += accepted
                within[1] += 1
            q_unit = precision[np.ix_(cols, cols)][1:, 1:]
            quad = float(beta[1:] @ q_unit @ beta[1:])
            shape = 0.5 * (beta.size - 1 + prior_a)
            sigma2 = 1.0 / rng.gamma(shape, 1.0 / (0.5 * (prior_b + quad)))
            if missing.size == 1:
                full[missing[0]] = float(
                    rng.poisson(math.exp(float(design[missing[0], cols] @ beta)))
                )
            else:
                full[missing] = rng.poisson(np.exp(design[np.ix_(missing, cols)] @ beta))
            if it >= burn_in:
                k = it - burn_in
                totals[c, k] = observed + int(full[missing].sum())
                models[c, k] = names.setdefault(model, len(names))
                sigmas[c, k] = sigma2
            done = c * samples + it + 1
            if progress is not None and (done % 1000 == 0 or done == total_steps):
                progress(done, total_steps)
        jump_rates.append(jumps[0] / jumps[1] if jumps[1] else math.nan)
        within_rates.append(within[0] / within[1] if within[1] else math.nan)
    ordered = sorted(names.items(), key=lambda kv: kv[1])
    return BictRun(
        lists=tuple(data.lists),
        observed=observed,
        totals=totals,
        models=models,
        model_names=tuple(space.name(m) for m, _ in ordered),
        sigma2=sigmas,
        settings={
            "max_order": max_order,
            "prior": "SBH",
            "prior_a": prior_a,
            "prior_b": prior_b,
            "samples": samples,
            "burn_in": burn_in,
            "chains": chains,
            "null_move_prob": null_move_prob,
            "augment": augment,
            "covariates": list(space.labels[space.k :]),
        },
        seed=seed,
        jump_acceptance=tuple(jump_rates),
        within_acceptance=tuple(within_rates),
    )


def _space_and_table(
    histories: CaptureHistories, max_order: int, covariates: bool
) -> tuple[LogLinearSpace, FloatArray]:
    """The model space and the full table of counts (unobserved cells 0)."""
    k = histories.k_lists
    if not covariates or histories.strata is None:
        data = histories.collapsed()
        return LogLinearSpace.build(k, max_order), data.full_table().astype(float)
    parts = [str(label).split("|") for label in histories.strata]
    width = len(parts[0])
    if any(len(p) != width for p in parts):
        raise HistoriesError("stratum labels must all have the same number of covariates")
    values = [sorted({p[i] for p in parts}) for i in range(width)]
    kept = [i for i in range(width) if len(values[i]) > 1]
    space = LogLinearSpace.build(
        k,
        max_order,
        [len(values[i]) for i in kept],
        [f"x{i + 1}" for i in kept],
    )
    cell = histories.patterns @ (1 << np.arange(k, dtype=np.int64))
    stride = 2**k
    for i in kept:
        index = np.array([values[i].index(p[i]) for p in parts], dtype=np.int64)
        cell = cell + stride * index
        stride *= len(values[i])
    table = np.zeros(space.design.shape[0])
    np.add.at(table, cell, histories.counts)
    return space, table


def hpd_interval(draws: Sequence[float] | FloatArray, level: float = 0.95) -> tuple[float, float]:
    """Shortest interval holding ``level`` of the draws (the rule of coda's ``HPDinterval``)."""
    values = np.sort(np.asarray(draws, dtype=float).ravel())
    n = values.size
    if n < 2:
        raise ValueError("need at least 2 draws")
    gap = max(1, min(n - 1, round(n * level)))
    widths = values[gap:] - values[: n - gap]
    i = int(np.argmin(widths))
    return float(values[i]), float(values[i + gap])


def bict_estimate(
    histories: CaptureHistories,
    *,
    max_order: int | None = None,
    samples: int = 20_000,
    burn_in: int = 2_000,
    chains: int = 1,
    prior_a: float = 0.001,
    prior_b: float = 0.001,
    null_move_prob: float = 0.5,
    augment: bool = False,
    covariates: bool = False,
    level: float = 0.95,
    seed: int | None = None,
    progress: Progress | None = None,
) -> Estimate:
    """Posterior mean of N with its HPD interval, averaged over hierarchical log-linear models.

    Defaults are conting 1.7's ``bict`` as run for the reference figures: maximal model
    with all two-way interactions (main effects only for two lists), SBH prior with
    ``a = b = 0.001``, 20,000 iterations of which the first 2,000 are burn-in, one chain.
    The moves are the marginal ones unless ``augment`` (see :func:`sample_bict`): same
    posterior as conting, far smaller Monte Carlo error. Assumes a closed population and
    that the dependence between lists is captured by interactions up to ``max_order``;
    the interaction of all lists together is never in the model (it is not identified).
    Warns when N has fewer than 100 effective draws or, with several chains, when they
    disagree (R-hat above 1.05). ``covariates`` models the strata as factors beside the
    lists (see :func:`sample_bict`) instead of summing them.
    """
    if not 0.0 < level < 1.0:
        raise ValueError("level must be between 0 and 1")
    data = histories if covariates else histories.collapsed()
    if max_order is None:
        max_order = min(2, data.k_lists - 1)
    if max_order >= data.k_lists:
        raise ValueError(
            f"max_order {max_order} would include the {data.k_lists}-list interaction, which "
            "the unobserved cell leaves unidentified; use at most "
            f"{data.k_lists - 1}"
        )
    run = sample_bict(
        data,
        max_order=max_order,
        samples=samples,
        burn_in=burn_in,
        chains=chains,
        prior_a=prior_a,
        prior_b=prior_b,
        null_move_prob=null_move_prob,
        augment=augment,
        covariates=covariates,
        seed=seed,
        progress=progress,
    )
    draws = run.totals.astype(float)
    tail = (1 - level) / 2
    low_q, median, high_q = np.quantile(draws, [tail, 0.5, 1 - tail])
    hpd = hpd_interval(draws, level)
    probabilities = run.model_probabilities()
    warnings: list[str] = []
    rhat = ess = math.nan
    if run.totals.shape[1] >= 4:
        ess = float(effective_sample_size(draws))
        if chains > 1:
            rhat = float(rank_normalized_rhat(draws))
    if chains > 1 and rhat > RHAT_LIMIT:
        warnings.append(
            f"the {chains} chains disagree (R-hat {rhat:.3f} > {RHAT_LIMIT}): run longer"
        )
    if ess < 100:
        warnings.append(
            f"only {ess:.0f} effective draws of N: the posterior mean is imprecise; run longer"
        )
    top = list(probabilities.items())[:5]
    return Estimate(
        method="bict",
        observed=run.observed,
        estimate=float(draws.mean()),
        interval=hpd,
        level=level,
        settings={
            **run.settings,
            "lists": list(run.lists),
            "model_prior": "uniform over hierarchical models",
            "point": "posterior mean",
            "interval": "highest posterior density",
        },
        seed=run.seed,
        diagnostics={
            "median": float(median),
            "quantile_interval": [float(low_q), float(high_q)],
            "top_models": [{"model": m, "probability": p} for m, p in top],
            "models_visited": len(probabilities),
            "jump_acceptance": list(run.jump_acceptance),
            "within_model_acceptance": list(run.within_acceptance),
            "ess": ess,
            "rhat": rhat,
            "warnings": warnings,
        },
    )


@dataclass(frozen=True)
class LaplacePosterior:
    """Deterministic approximation of the posterior that :func:`sample_bict` samples.

    ``model_probabilities`` maps each hierarchical model's name to its posterior
    probability; ``model_means`` to the posterior mean of N under that model; ``mean``
    is the model-averaged posterior mean of N.
    """

    model_probabilities: dict[str, float]
    model_means: dict[str, float]
    mean: float


def laplace_posterior(
    histories: CaptureHistories,
    *,
    max_order: int = 2,
    prior_a: float = 0.001,
    prior_b: float = 0.001,
    log_sigma2_grid: FloatArray | None = None,
    covariates: bool = False,
) -> LaplacePosterior:
    """Model probabilities and the mean of N without sampling, for checking the sampler.

    For each model and each ``sigma2`` on a grid (in ``log sigma2``), the coefficients are
    integrated out with a Laplace approximation of the observed cells' Poisson likelihood
    times the normal prior; ``sigma2`` is then integrated numerically against its
    inverse-gamma prior. The mean of the unobserved count uses the log-normal moment of
    the Laplace approximation. Accurate when the observed counts are not tiny; it visits
    every model, so keep it to small model spaces (3 or 4 lists).
    """
    space, table = _space_and_table(histories, max_order, covariates)
    observed = float(table.sum())
    grid = np.arange(-14.0, 30.0, 0.1) if log_sigma2_grid is None else np.asarray(log_sigma2_grid)
    step = float(grid[1] - grid[0])
    half_a, half_b = prior_a / 2, prior_b / 2
    sigma2 = np.exp(grid)
    # log prior density of log sigma2 (inverse gamma with the Jacobian)
    log_hyper = (
        (half_a * math.log(half_b) - math.lgamma(half_a) if half_a > 0 else 0.0)
        - half_a * grid
        - half_b / sigma2
    )
    y = table[space.observed]
    log_ml: dict[str, float] = {}
    means: dict[str, float] = {}
    for model in space.all_models():
        cols = space.columns(model)
        x = space.design[space.observed][:, cols]
        x0 = space.design[space.missing][:, cols]
        q = space.prior_precision[np.ix_(cols, cols)]
        d = cols.size - 1
        _, logdet_q = np.linalg.slogdet(q[1:, 1:]) if d else (1.0, 0.0)
        beta = np.linalg.lstsq(x, np.log(np.where(y > 0, y, 0.5)), rcond=None)[0]
        log_terms = np.empty(grid.size)
        log_mu0 = np.empty(grid.size)
        for g in range(grid.size - 1, -1, -1):  # from weak to strong shrinkage (warm starts)
            qs = q / sigma2[g]
            for _ in range(100):
                eta = x @ beta
                w = np.exp(eta)
                hess = (x.T * w) @ x + qs
                step_beta = np.linalg.solve(hess, x.T @ (y - w) - qs @ beta)
                beta = beta + step_beta
                if float(np.abs(step_beta).max()) < 1e-10:
                    break
            eta = x @ beta
            w = np.exp(eta)
            hess = (x.T * w) @ x + qs
            _, logdet_h = np.linalg.slogdet(hess)
            log_terms[g] = (
                float(y @ eta - w.sum())
                - 0.5 * float(beta @ qs @ beta)
                + 0.5 * (logdet_q - d * grid[g])
                + 0.5 * _LOG_2PI
                - 0.5 * logdet_h
            )
            variance0 = np.einsum("ij,ji->i", x0, np.linalg.solve(hess, x0.T))
            log_mu0[g] = float(logsumexp(x0 @ beta + 0.5 * variance0))
        total = log_terms + log_hyper
        name = space.name(model)
        log_ml[name] = float(logsumexp(total)) + math.log(step)
        log_mean0 = float(logsumexp(total + log_mu0) - logsumexp(total))
        means[name] = observed + (math.exp(log_mean0) if log_mean0 < 700 else math.inf)
    top_ml = max(log_ml.values())
    raw = {k: math.exp(v - top_ml) for k, v in log_ml.items()}
    norm = sum(raw.values())
    probabilities = {k: v / norm for k, v in sorted(raw.items(), key=lambda kv: -kv[1])}
    mean = sum(p * means[k] for k, p in probabilities.items() if p > 0)
    return LaplacePosterior(probabilities, means, mean)
