"""Checks that stop capture-recapture from answering a question the data cannot answer.

Two kinds of findings: refusals (:class:`EstimationRefused`) when no estimate is
meaningful — a list with nobody on it, no person on two lists — and plain-language
warnings for the known traps: sparse tables, estimates collapsing to the observed count,
estimates running away, intervals touching the prior's bounds, chains that disagree.
"""

from __future__ import annotations

import math
from dataclasses import replace
from itertools import combinations

from refwatch.analysis.estimation.histories import CaptureHistories
from refwatch.analysis.estimation.results import Estimate

__all__ = [
    "EstimationRefused",
    "check_estimate",
    "check_histories",
    "refuse_unusable",
    "with_warnings",
]

RHAT_LIMIT = 1.1
SPARSE_ZERO_SHARE = 0.5
SMALL_N = 50
THREE_LIST_MISSED_SHARE = 1 / 3
"""With three lists, an estimate putting more than this share of N on no list is flagged."""


class EstimationRefused(ValueError):
    """The data cannot support any population estimate; the message says why."""


def refuse_unusable(histories: CaptureHistories) -> None:
    """Raise :class:`EstimationRefused` when no method can give a meaningful estimate.

    Refuses: a list with nobody on it (an empty margin), and data where nobody is on two
    lists (no overlap at all: every method's estimate is unbounded or set by its prior).
    """
    data = histories.collapsed()
    empty = [name for name, total in data.list_totals().items() if total == 0]
    if empty:
        raise EstimationRefused(f"list(s) {empty} have nobody on them: drop them before estimating")
    on_two = int(data.counts[data.patterns.sum(axis=1) >= 2].sum())
    if on_two == 0:
        raise EstimationRefused(
            "nobody appears on two lists: without overlap capture-recapture has no "
            "information about the unobserved, and any number would be invented"
        )


def check_histories(histories: CaptureHistories) -> list[str]:
    """Plain-language warnings about the data before any method runs.

    Flags: few people overall, many empty cells in the table, a list that shares nobody
    with another list (an empty pairwise margin), strata too small to estimate alone.
    """
    data = histories.collapsed()
    warnings: list[str] = []
    n = data.n_observed
    k = data.k_lists
    if n < SMALL_N:
        warnings.append(
            f"only {n} people are observed: intervals will be wide and models hard to tell apart"
        )
    table = data.full_table()[1:]
    zero_share = float((table == 0).mean())
    if k >= 3 and zero_share > SPARSE_ZERO_SHARE:
        warnings.append(
            f"{zero_share:.0%} of the {table.size} observable cells are empty: the table is "
            "sparse, interaction-rich models and delta = 1 priors collapse towards N = n"
        )
    for a, b in combinations(range(k), 2):
        both = int(data.counts[(data.patterns[:, a] == 1) & (data.patterns[:, b] == 1)].sum())
        if both == 0:
            warnings.append(
                f"nobody is on both {data.lists[a]!r} and {data.lists[b]!r}: their dependence "
                "cannot be estimated (an empty margin)"
            )
    if histories.is_stratified:
        for name, part in histories.by_stratum().items():
            if part.n_observed < SMALL_N:
                warnings.append(
                    f"stratum {name!r} has only {part.n_observed} people: its own estimate is "
                    "fragile"
                )
    return warnings


def check_estimate(estimate: Estimate, histories: CaptureHistories) -> list[str]:
    """Plain-language warnings about a result: collapse to n, run-away, bounds, chains."""
    warnings: list[str] = []
    n = histories.n_observed
    point = estimate.estimate
    low, high = estimate.interval
    if not math.isfinite(point):
        warnings.append("the estimate is not finite: the model cannot bound the unobserved")
        return warnings
    if point < 1.05 * n and histories.k_lists >= 3:
        warnings.append(
            f"the estimate ({point:,.0f}) barely exceeds the {n:,} observed: either the lists "
            "nearly cover the population or the method collapsed on a sparse table; compare "
            "methods before believing it"
        )
    if point > 20 * n:
        warnings.append(
            "the estimate is over 20 times the observed count: the unobserved are extrapolated "
            "far beyond the data, the figure reflects model assumptions more than evidence"
        )
    if not math.isfinite(high):
        warnings.append("the interval has no finite upper bound")
    elif high > 50 * n:
        warnings.append("the interval's upper end is over 50 times the observed count")
    if math.isfinite(low) and low <= n and point > n:
        warnings.append("the interval reaches down to the observed count n")
    missed = (point - n) / point if point > 0 else 0.0
    if histories.k_lists == 3 and missed > THREE_LIST_MISSED_SHARE:
        # Three lists give seven observed cells: a model that lets capture vary between
        # people (two latent classes already) has more unknowns than that, so the size of
        # the unobserved cell comes from the model's assumptions, not from the data. That
        # matters little when few are missed and decides the answer when many are.
        warnings.append(
            f"only three lists, and the estimate puts {missed:.0%} of the population on none "
            "of them: three lists cannot tell people who are hard to list apart from lists "
            "that depend on each other, so how many were missed rests on the model's "
            "assumptions more than on the data and the interval understates the "
            "uncertainty; compare methods and look for a fourth list"
        )
    diag = estimate.diagnostics
    rhat = diag.get("rhat")
    if isinstance(rhat, int | float) and math.isfinite(rhat) and rhat > RHAT_LIMIT:
        warnings.append(
            f"the sampler's chains disagree (R-hat {rhat:.2f} > {RHAT_LIMIT}): do not report "
            "this estimate without longer runs"
        )
    grid = estimate.settings.get("n_missing_grid")
    tail = diag.get("tail_mass_last_1pct")
    at_bound = isinstance(tail, int | float) and tail > 1e-3
    if isinstance(grid, list | tuple) and len(grid) == 2 and math.isfinite(high):
        at_bound = at_bound or high >= n + float(grid[1]) * 0.99
    if at_bound:
        warnings.append(
            "the posterior reaches the prior's upper bound on N: the bound, not the data, "
            "limits the estimate"
        )
    return warnings


def with_warnings(estimate: Estimate, extra: list[str]) -> Estimate:
    """A copy of ``estimate`` whose ``diagnostics["warnings"]`` also holds ``extra`` (deduplicated)."""
    current = list(estimate.warnings)
    merged = current + [w for w in extra if w not in current]
    diagnostics = dict(estimate.diagnostics)
    diagnostics["warnings"] = merged
    return replace(estimate, diagnostics=diagnostics)
