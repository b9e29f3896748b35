"""Is LCMCR's shortfall on two-class data the sampler's or the posterior's?

Diagnosis for the simulation study (RESULTS.md): on the "5 lists, heterogeneity only"
scenario the data come exactly from a two-class latent-class model, yet LCMCR with K = 2
underestimates N by about 11%. For each replicate this script computes, independently of
refwatch's LCMCR code:

* the maximum-likelihood N of the two-class model (conditional likelihood of the observed
  patterns, best of several starts; N = n / (1 - p0));
* the posterior median and 95% interval of N under the same model with LCMCR's priors on
  the capture probabilities (Beta(1, 1)) and on N (p(N) ∝ 1/N), with a uniform class
  weight, by random-walk Metropolis. Under p(N) ∝ 1/N, N integrates out: the parameters'
  posterior is prior × conditional likelihood, and N - n | p0 ~ NegBin(n, 1 - p0).

If the Metropolis posterior agrees with LCMCR (K = 2) and both sit below the maximum
likelihood, the shortfall belongs to the model and its priors, not to the sampler.

    nice -n 10 python benchmarks/estimation/two_class_check.py --replicates 10 \
        --lcmcr /tmp/e4/k2.csv
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import minimize
from scipy.special import expit

sys.path.insert(0, str(Path(__file__).parent))
from simulate import SCENARIOS, replicate_histories

Array = NDArray[np.float64]


def pattern_probabilities(theta: Array, patterns: Array) -> tuple[Array, float]:
    """P(pattern) and P(on no list) of a two-class model; theta = logits of w, lambda."""
    u = expit(theta)
    w, lam = u[0], u[1:].reshape(2, -1)
    inside = [np.prod(lam[c] ** patterns * (1 - lam[c]) ** (1 - patterns), axis=1) for c in (0, 1)]
    p_x = w * inside[0] + (1 - w) * inside[1]
    p_0 = float(w * np.prod(1 - lam[0]) + (1 - w) * np.prod(1 - lam[1]))
    return p_x, p_0


def conditional_loglik(theta: Array, patterns: Array, counts: Array) -> tuple[float, float]:
    p_x, p_0 = pattern_probabilities(theta, patterns)
    return float((counts * np.log(p_x / (1 - p_0))).sum()), p_0


def max_likelihood_n(patterns: Array, counts: Array, rng: np.random.Generator) -> float:
    best: tuple[float, Array] | None = None
    for _ in range(8):
        start = rng.normal(0.0, 1.5, 1 + 2 * patterns.shape[1])
        fit = minimize(
            lambda t: -conditional_loglik(t, patterns, counts)[0], start, method="L-BFGS-B"
        )
        if best is None or fit.fun < best[0]:
            best = (float(fit.fun), fit.x)
    assert best is not None
    _, p_0 = pattern_probabilities(best[1], patterns)
    return float(counts.sum() / (1 - p_0))


def metropolis_n(
    patterns: Array, counts: Array, rng: np.random.Generator, iterations: int = 60_000
) -> Array:
    """Posterior draws of N: uniform priors on w and lambda (logit scale + Jacobian)."""

    def log_post(theta: Array) -> tuple[float, float]:
        loglik, p_0 = conditional_loglik(theta, patterns, counts)
        u = expit(theta)
        return loglik + float(np.sum(np.log(u) + np.log1p(-u))), p_0

    n = int(counts.sum())
    k = patterns.shape[1]
    theta = np.concatenate([[0.0], np.full(k, -0.5), np.full(k, -2.0)])
    current, p_0 = log_post(theta)
    step, accepted, draws = 0.05, 0, []
    burn_in = iterations // 6
    for it in range(iterations):
        proposal = theta + rng.normal(0.0, step, theta.size)
        value, q_0 = log_post(proposal)
        if np.log(rng.random()) < value - current:
            theta, current, p_0 = proposal, value, q_0
            accepted += 1
        if it < burn_in and it % 500 == 499:  # tune the step towards 20-30% acceptance
            step *= 1.3 if accepted / 500 > 0.3 else 0.75
            accepted = 0
        if it >= burn_in and it % 10 == 0:
            draws.append(n + rng.negative_binomial(n, 1 - p_0))
    return np.array(draws, dtype=np.float64)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scenario", default="5h")
    parser.add_argument("--replicates", type=int, default=10)
    parser.add_argument("--seed", type=int, default=20231009, help="simulate.py's root seed")
    parser.add_argument("--lcmcr", type=Path, default=None, help="simulate.py CSV to compare")
    args = parser.parse_args()
    scenario = {s.key: s for s in SCENARIOS}[args.scenario]
    recorded: dict[int, str] = {}
    if args.lcmcr is not None:
        with args.lcmcr.open(encoding="utf-8") as handle:
            recorded = {int(r["replicate"]): r["estimate"] for r in csv.DictReader(handle)}
    rng = np.random.default_rng(1)
    print(
        "| replicate | observed | two-class MLE | Metropolis median (2.5–97.5%) | recorded LCMCR |"
    )
    print("|---|---|---|---|---|")
    for rep in range(args.replicates):
        h = replicate_histories(scenario, args.seed, rep)
        patterns, counts = h.patterns.astype(np.float64), h.counts.astype(np.float64)
        mle = max_likelihood_n(patterns, counts, rng)
        draws = metropolis_n(patterns, counts, rng)
        low, mid, high = np.quantile(draws, [0.025, 0.5, 0.975])
        print(
            f"| {rep} | {h.n_observed:,} | {mle:,.0f} | {mid:,.0f} ({low:,.0f}–{high:,.0f}) "
            f"| {recorded.get(rep, '—')} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
