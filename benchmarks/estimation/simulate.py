"""Simulation study: bias and interval coverage of each estimation method.

Populations of known size are listed by K lists with heterogeneous capture (two latent
groups: a visible quarter, a hidden three quarters) and list dependence (list 2 is
likelier to hold people already on list 1; list 3 avoids people on list 4 when there
is one). Each method sees only the observed patterns; we record its point, interval and
whether the interval covers the true N.

    nice -n 10 python benchmarks/estimation/simulate.py --replicates 200 \
        --out benchmarks/estimation/simulation.csv

Prints a Markdown summary table (per scenario and method: mean relative bias, relative
RMSE, coverage of the nominal 95% interval, median interval width relative to N,
seconds per fit).
"""

from __future__ import annotations

import argparse
import csv
import math
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from refwatch.analysis.estimation import (
    CaptureHistories,
    EstimationRefused,
    estimate_population,
    recommend_method,
)


@dataclass(frozen=True)
class Scenario:
    key: str
    name: str
    k_lists: int
    population: int
    visible_p: tuple[float, ...] = (0.45, 0.35, 0.40, 0.30, 0.35)
    hidden_p: tuple[float, ...] = (0.12, 0.08, 0.10, 0.15, 0.10)
    visible_share: float = 0.25


MODERATE = {
    "visible_p": (0.5, 0.45, 0.5, 0.4, 0.45),
    "hidden_p": (0.3, 0.25, 0.3, 0.3, 0.25),
    "visible_share": 0.4,
}
SCENARIOS = (
    Scenario("3", "3 lists, N=2000", 3, 2000),
    Scenario("4", "4 lists, N=2000", 4, 2000),
    Scenario("5", "5 lists, N=2000", 5, 2000),
    Scenario("3m", "3 lists, N=2000, moderate heterogeneity", 3, 2000, **MODERATE),  # type: ignore[arg-type]
    Scenario("4m", "4 lists, N=2000, moderate heterogeneity", 4, 2000, **MODERATE),  # type: ignore[arg-type]
)


def simulate(scenario: Scenario, rng: np.random.Generator) -> CaptureHistories:
    """Draw one population's capture histories (heterogeneity plus list dependence)."""
    k, n = scenario.k_lists, scenario.population
    visible = rng.random(n) < scenario.visible_share
    p = np.where(
        visible[:, None], np.array(scenario.visible_p[:k]), np.array(scenario.hidden_p[:k])
    )
    caught = np.zeros((n, k), dtype=np.int64)
    caught[:, 0] = rng.random(n) < p[:, 0]
    p2 = np.where(caught[:, 0] == 1, np.minimum(p[:, 1] * 1.8, 0.95), p[:, 1])
    caught[:, 1] = rng.random(n) < p2
    if k >= 4:
        caught[:, 3] = rng.random(n) < p[:, 3]
        p3 = np.where(caught[:, 3] == 1, p[:, 2] * 0.5, p[:, 2])
        caught[:, 2] = rng.random(n) < p3
        for j in range(4, k):
            caught[:, j] = rng.random(n) < p[:, j]
    else:
        caught[:, 2] = rng.random(n) < p[:, 2]
    seen = caught[caught.sum(axis=1) > 0]
    patterns, counts = np.unique(seen, axis=0, return_counts=True)
    names = [f"L{j + 1}" for j in range(k)]
    return CaptureHistories(tuple(names), patterns, counts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--replicates", type=int, default=200)
    parser.add_argument("--seed", type=int, default=20231009)
    parser.add_argument("--methods", default="auto,loglinear,dga,lcmcr,mth-chao")
    parser.add_argument("--lcmcr-burn-in", type=int, default=2_000)
    parser.add_argument("--lcmcr-samples", type=int, default=500)
    parser.add_argument("--lcmcr-thinning", type=int, default=10)
    parser.add_argument(
        "--scenarios", default="3,4,5", help="scenario keys: 3, 4, 5 (strong heterogeneity), 3m, 4m"
    )
    parser.add_argument("--out", type=Path, default=None, help="per-replicate CSV")
    parser.add_argument("--summarise", type=Path, default=None, help="only summarise this CSV")
    args = parser.parse_args()
    if args.summarise is not None:
        with args.summarise.open(encoding="utf-8") as handle:
            summarise(list(csv.DictReader(handle)))
        return
    methods = args.methods.split(",")
    wanted = set(args.scenarios.split(","))
    lcmcr = {
        "burn_in": args.lcmcr_burn_in,
        "samples": args.lcmcr_samples,
        "thinning": args.lcmcr_thinning,
        "chains": 2,
    }
    rng = np.random.default_rng(args.seed)
    records: list[dict[str, object]] = []
    fields = [
        "scenario",
        "replicate",
        "method",
        "chosen",
        "truth",
        "observed",
        "estimate",
        "low",
        "high",
        "seconds",
    ]
    sink = args.out.open("w", newline="", encoding="utf-8") if args.out else None
    writer = csv.DictWriter(sink, fieldnames=fields) if sink else None
    if writer is not None:
        writer.writeheader()
    for scenario in SCENARIOS:
        if scenario.key not in wanted:
            continue
        for rep in range(args.replicates):
            histories = simulate(scenario, rng)
            done: dict[str, tuple[float, float, float, float]] = {}
            for method in methods:
                chosen = recommend_method(histories).method if method == "auto" else method
                options = lcmcr if chosen == "lcmcr" else {}
                if chosen not in done:  # the recommended method's run is shared, not redone
                    start = time.perf_counter()
                    try:
                        est = estimate_population(histories, chosen, seed=rep, **options)
                        result = (est.estimate, est.interval[0], est.interval[1])
                    except (EstimationRefused, ValueError, RuntimeError):
                        result = (math.nan, math.nan, math.nan)
                    done[chosen] = (*result, time.perf_counter() - start)
                point, low, high, seconds = done[chosen]
                record: dict[str, object] = {
                    "scenario": scenario.name,
                    "replicate": rep,
                    "method": method if method != "auto" else f"auto ({chosen})",
                    "chosen": chosen,
                    "truth": scenario.population,
                    "observed": histories.n_observed,
                    "estimate": point,
                    "low": low,
                    "high": high,
                    "seconds": seconds,
                }
                records.append(record)
                if writer is not None and sink is not None:
                    writer.writerow(record)
                    sink.flush()
    if sink is not None:
        sink.close()
    summarise(records)


def summarise(records: list[dict[str, object]]) -> None:
    groups: dict[tuple[str, str], list[dict[str, object]]] = defaultdict(list)
    for r in records:
        method = str(r["method"])
        key = "auto (recommended)" if method.startswith("auto") else method
        groups[(str(r["scenario"]), key)].append(r)
    print(
        "| scenario | method | reps | mean observed | rel. bias | rel. RMSE | 95% coverage | median width / N | s per fit |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for (scenario, method), rows in groups.items():
        truth = np.array([float(r["truth"]) for r in rows])  # type: ignore[arg-type]
        est = np.array([float(r["estimate"]) for r in rows])  # type: ignore[arg-type]
        low = np.array([float(r["low"]) for r in rows])  # type: ignore[arg-type]
        high = np.array([float(r["high"]) for r in rows])  # type: ignore[arg-type]
        ok = np.isfinite(est)
        rel = (est[ok] - truth[ok]) / truth[ok]
        cover = np.mean((low <= truth) & (truth <= high))
        width = np.median((high[ok] - low[ok]) / truth[ok])
        secs = np.mean([float(r["seconds"]) for r in rows])  # type: ignore[arg-type]
        observed = np.mean([float(r["observed"]) for r in rows])  # type: ignore[arg-type]
        chosen = sorted({str(r["chosen"]) for r in rows})
        label = f"{method} → {'/'.join(chosen)}" if method.startswith("auto") else method
        failed = int((~ok).sum())
        note = f" ({failed} failed)" if failed else ""
        print(
            f"| {scenario} | {label}{note} | {len(rows)} | {observed:.0f} | {rel.mean():+.1%} | "
            f"{math.sqrt(np.mean(rel**2)):.1%} | {cover:.1%} | {width:.2f} | {secs:.2f} |"
        )


if __name__ == "__main__":
    main()
