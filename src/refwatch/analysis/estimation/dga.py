"""Bayesian model averaging over decomposable graphical models (Madigan & York 1997).

Each decomposable graph on the lists is a model of list dependence: lists joined by an
edge may depend on each other, and the graph's cliques carry hyper-Dirichlet priors
(Dawid & Lauritzen 1993). For every graph and every candidate number of unobserved
people ``N_missing`` on a grid, the marginal likelihood is exact (products of Gamma
functions over the clique and separator margins), so the posterior of N averaged over
all graphs is computed without sampling.

This follows the R package dga 2.0.2 (``bma.cr``): the Dirichlet parameter of a clique
margin with ``|C|`` lists is ``delta * 2**(p - |C|)`` per cell, the default prior on N
is ``1/N``, graphs have equal prior weight, and the summaries (median, quantiles, mean,
mode) are read off the grid the same way.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

import numpy as np
from numpy.typing import NDArray
from scipy.special import gammaln

from refwatch.analysis.estimation.histories import CaptureHistories, HistoriesError
from refwatch.analysis.estimation.results import Estimate

__all__ = [
    "DecomposableGraph",
    "DgaPosterior",
    "decomposable_graphs",
    "dga_estimate",
    "dga_posterior",
]

FloatArray = NDArray[np.float64]
Clique = tuple[int, ...]


@dataclass(frozen=True)
class DecomposableGraph:
    """A decomposable (chordal) graph over the lists: its cliques and separators.

    List indices are 0-based. ``separators`` is the multiset of non-empty separators of a
    junction tree (empty ones, between disconnected parts, contribute nothing).
    """

    cliques: tuple[Clique, ...]
    separators: tuple[Clique, ...]

    @property
    def name(self) -> str:
        """Cliques in Rcapture-like notation with 1-based lists, e.g. ``[123,134]``."""
        return "[" + ",".join("".join(str(i + 1) for i in c) for c in self.cliques) + "]"


def _is_chordal(p: int, edges: frozenset[tuple[int, int]]) -> bool:
    remaining = set(range(p))
    adjacent = {v: {u for e in edges if v in e for u in e if u != v} for v in range(p)}
    while remaining:
        for v in sorted(remaining):
            neighbours = adjacent[v] & remaining
            if all((a, b) in edges for a, b in combinations(sorted(neighbours), 2)):
                remaining.remove(v)
                break
        else:
            return False
    return True


def _maximal_cliques(p: int, edges: frozenset[tuple[int, int]]) -> list[Clique]:
    cliques: list[Clique] = []
    for size in range(p, 0, -1):
        for subset in combinations(range(p), size):
            if all(pair in edges for pair in combinations(subset, 2)) and not any(
                set(subset) <= set(c) for c in cliques
            ):
                cliques.append(subset)
    return cliques


def _separators(cliques: Sequence[Clique]) -> list[Clique]:
    """Separators of a junction tree: a maximum-weight spanning tree of clique overlaps."""
    pairs = sorted(
        ((len(set(a) & set(b)), i, j) for (i, a), (j, b) in combinations(enumerate(cliques), 2)),
        key=lambda t: -t[0],
    )
    parent = list(range(len(cliques)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    out: list[Clique] = []
    for weight, i, j in pairs:
        if weight == 0:
            break
        ri, rj = root(i), root(j)
        if ri != rj:
            parent[ri] = rj
            out.append(tuple(sorted(set(cliques[i]) & set(cliques[j]))))
    return out


@lru_cache(maxsize=8)
def decomposable_graphs(p: int) -> tuple[DecomposableGraph, ...]:
    """All decomposable graphs on ``p`` lists (8 for 3 lists, 61 for 4, 822 for 5).

    Limited to 5 lists like dga: 6 lists have 18,154 graphs, whose posterior over a grid
    of 10 n values would not fit in a laptop's memory.
    """
    if not 2 <= p <= 5:
        raise ValueError(f"decomposable graph averaging supports 2 to 5 lists, got {p}; use lcmcr")
    all_edges = list(combinations(range(p), 2))
    graphs: list[DecomposableGraph] = []
    for mask in range(2 ** len(all_edges)):
        edges = frozenset(e for b, e in enumerate(all_edges) if mask >> b & 1)
        if not _is_chordal(p, edges):
            continue
        cliques = sorted(_maximal_cliques(p, edges), key=lambda c: (-len(c), c))
        graphs.append(DecomposableGraph(tuple(cliques), tuple(_separators(cliques))))
    return tuple(graphs)


def _subset_index(subset: Clique) -> int:
    return sum(1 << i for i in subset)


def _component_log_ml(
    table: NDArray[np.int64], p: int, n_missing: FloatArray, delta: float
) -> dict[int, FloatArray]:
    """Log marginal likelihood numerators of every margin, for each N_missing on the grid."""
    out: dict[int, FloatArray] = {}
    cells = np.arange(2**p)
    for size in range(1, p + 1):
        d = delta * 2.0 ** (p - size)
        for subset in combinations(range(p), size):
            key = np.zeros(2**p, dtype=np.int64)
            for position, j in enumerate(subset):
                key |= ((cells >> j) & 1) << position
            margin = np.bincount(key, weights=table, minlength=2**size)
            rest = float(np.sum(gammaln(margin[1:] + d)))
            out[_subset_index(subset)] = (
                gammaln(n_missing + margin[0] + d) + rest - 2**size * math.lgamma(d)
            )
    return out


@dataclass(frozen=True)
class DgaPosterior:
    """Joint posterior over graphs and the grid of N (``bma.cr``'s weight matrix).

    ``weights[g, i]`` is the posterior probability of graph ``g`` and ``N = grid[i]``.
    """

    graphs: tuple[DecomposableGraph, ...]
    grid: FloatArray
    weights: FloatArray
    n_observed: int
    delta: float

    @property
    def posterior_n(self) -> FloatArray:
        """Posterior of N averaged over graphs (column sums)."""
        out: FloatArray = self.weights.sum(axis=0)
        return out

    @property
    def graph_probabilities(self) -> FloatArray:
        """Posterior probability of each graph (row sums)."""
        out: FloatArray = self.weights.sum(axis=1)
        return out

    def quantile(self, q: float, posterior: FloatArray | None = None) -> float:
        """First grid value whose cumulative posterior reaches ``q`` (dga's reading)."""
        post = self.posterior_n if posterior is None else posterior
        cdf = np.cumsum(post) / post.sum()
        return float(self.grid[int(np.argmax(cdf >= q - 1e-12))])

    def mean(self, posterior: FloatArray | None = None) -> float:
        """Posterior mean of N."""
        post = self.posterior_n if posterior is None else posterior
        return float(post @ self.grid / post.sum())

    def mode(self, posterior: FloatArray | None = None) -> float:
        """Grid value with the highest posterior."""
        post = self.posterior_n if posterior is None else posterior
        return float(self.grid[int(np.argmax(post))])

    def bayes_relative_squared(self, posterior: FloatArray | None = None) -> float:
        """Bayes estimate under relative squared error loss, ``E[1/N] / E[1/N^2]``."""
        post = self.posterior_n if posterior is None else posterior
        return float(np.sum(post / self.grid) / np.sum(post / self.grid**2))

    def top_graphs(self, count: int = 5) -> list[tuple[DecomposableGraph, float]]:
        """The most probable graphs with their posterior probabilities."""
        probs = self.graph_probabilities
        order = np.argsort(-probs, kind="stable")[:count]
        return [(self.graphs[i], float(probs[i])) for i in order]


def dga_posterior(
    histories: CaptureHistories,
    *,
    delta: float | None = None,
    n_missing: Sequence[float] | NDArray[np.float64] | None = None,
    log_prior: Callable[[FloatArray], FloatArray] | FloatArray | None = None,
    log_graph_prior: FloatArray | None = None,
) -> DgaPosterior:
    """Exact posterior over decomposable graphs and N, as ``dga::bma.cr``.

    Args:
        histories: 3 to 5 lists (2 also works); strata are summed.
        delta: hyper-Dirichlet parameter; default ``2**-p``.
        n_missing: grid of unobserved counts; default ``0, 1, ..., 10 n``.
        log_prior: log prior of N on the grid (array, or function of N); default
            ``-log(N)``.
        log_graph_prior: log prior weight of each graph (default: equal).
    """
    data = histories.collapsed()
    p = data.k_lists
    if p < 2:
        raise HistoriesError("dga needs at least 2 lists")
    table = data.full_table()
    n = int(table.sum())
    d = 2.0**-p if delta is None else float(delta)
    if d <= 0:
        raise ValueError(f"delta must be positive, got {d}")
    grid_missing = (
        np.arange(0, 10 * n + 1, dtype=float)
        if n_missing is None
        else np.asarray(n_missing, dtype=float)
    )
    big_n = grid_missing + n
    if log_prior is None:
        prior = -np.log(big_n)
    elif callable(log_prior):
        prior = np.asarray(log_prior(big_n), dtype=float)
    else:
        prior = np.asarray(log_prior, dtype=float)
    graphs = decomposable_graphs(p)
    components = _component_log_ml(table, p, grid_missing, d)
    size = 2**p
    denominator = math.lgamma(size * d) - gammaln(big_n + size * d)
    multinomial = (
        gammaln(big_n + 1) - float(np.sum(gammaln(table[1:] + 1))) - gammaln(grid_missing + 1)
    )
    log_w = np.empty((len(graphs), big_n.size))
    for g, graph in enumerate(graphs):
        row = sum((components[_subset_index(c)] for c in graph.cliques), np.zeros(big_n.size))
        for s in graph.separators:
            row = row - components[_subset_index(s)]
        log_w[g] = row + (len(graph.cliques) - len(graph.separators)) * denominator
    log_w += multinomial + prior
    if log_graph_prior is not None:
        log_w += np.asarray(log_graph_prior, dtype=float)[:, None]
    log_w -= log_w.max()
    weights = np.exp(log_w)
    weights /= weights.sum()
    return DgaPosterior(graphs, big_n, weights, n, d)


def dga_estimate(
    histories: CaptureHistories,
    *,
    delta: float | None = None,
    max_missing: int | None = None,
    level: float = 0.95,
) -> Estimate:
    """Posterior median of N with its equal-tailed interval, averaged over all graphs.

    Defaults follow dga's documentation: ``delta = 2**-p``, prior ``1/N``, grid
    ``N_missing = 0..10 n`` (``max_missing`` changes the upper end). Warns when the
    posterior has noticeable mass near the grid's end (the prior's bound decides the
    answer) or sits at ``N = n``.
    """
    data = histories.collapsed()
    n = data.n_observed
    top = 10 * n if max_missing is None else int(max_missing)
    post = dga_posterior(data, delta=delta, n_missing=np.arange(0, top + 1, dtype=float))
    tail = (1 - level) / 2
    low, median, high = (post.quantile(q) for q in (tail, 0.5, 1 - tail))
    dist = post.posterior_n
    cutoff = post.grid[-1] - 0.01 * (post.grid[-1] - post.grid[0])
    tail_mass = float(dist[post.grid >= cutoff].sum())
    warnings: list[str] = []
    if tail_mass > 1e-3 or high >= post.grid[-1]:
        warnings.append(
            f"{tail_mass:.1%} of the posterior lies in the last 1% of the grid (N up to "
            f"{post.grid[-1]:,.0f}): the result depends on that bound; the lists overlap "
            "too little for this method"
        )
    complete = next(
        (
            pr
            for g, pr in zip(post.graphs, post.graph_probabilities, strict=True)
            if len(g.cliques) == 1 and len(g.cliques[0]) == data.k_lists
        ),
        0.0,
    )
    if complete > 0.5:
        warnings.append(
            f"the complete graph (every list depending on every other) has posterior "
            f"probability {complete:.2f}; under it the unobserved count is not identified and "
            "delta and the prior decide the answer"
        )
    if median < 1.05 * n:
        warnings.append(
            "the estimate is within 5% of the observed count n: with a sparse table this is "
            "usually a collapse, not a near-complete enumeration; compare delta = 2^-p and "
            "other methods"
        )
    graphs = [{"graph": g.name, "probability": pr} for g, pr in post.top_graphs(5)]
    return Estimate(
        method="dga",
        observed=n,
        estimate=median,
        interval=(low, high),
        level=level,
        settings={
            "delta": post.delta,
            "prior": "1/N",
            "n_missing_grid": [0, top],
            "n_graphs": len(post.graphs),
            "point": "posterior median",
        },
        seed=None,
        diagnostics={
            "mean": post.mean(),
            "mode": post.mode(),
            "bayes_relative_squared": post.bayes_relative_squared(),
            "tail_mass_last_1pct": tail_mass,
            "complete_graph_probability": float(complete),
            "top_graphs": graphs,
            "warnings": warnings,
        },
    )
