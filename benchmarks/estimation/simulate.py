"""Simulation study: bias and interval coverage of each estimation method.

Populations of known size are listed by K lists with heterogeneous capture (two latent
groups: a visible share and a hidden rest; or, in the "c" scenarios, every person's own
listability drawn from a logit-normal distribution) and list dependence (list 2 is
likelier to hold people already on list 1; list 3 avoids people on list 4 when there
is one). Each method sees only the observed patterns; we record its point, interval,
whether the interval covers the true N, and the warnings the estimate carries.

"auto" is what a user gets from ``refwatch estimate FILE --json --seed S``: each
replicate is written as a histories CSV and the CLI command itself runs on it, with all
of its default settings (for 3–5 lists: the BIC-best log-linear model with Darroch's
heterogeneity term). The other methods go through ``estimate_population`` with their defaults;
``--lcmcr-settings`` changes the settings of the plain ``lcmcr`` method only (for
diagnosis: chain length, K, prior), never those of "auto".

Every replicate's population is drawn from its own seed (root seed, scenario, replicate),
so a replicate is the same data set whichever scenarios, methods or workers are run.

    nice -n 10 python benchmarks/estimation/simulate.py --replicates 200 --workers 2 \
        --methods auto --scenarios 3,4,5,3m,4m --out /tmp/sim.csv

Prints a Markdown summary table (per scenario and method: mean relative bias, relative
RMSE, coverage of the nominal 95% interval with its Monte Carlo standard error, median
interval width relative to N, how often the estimate carried a warning, seconds per fit)
and, with ``--warnings``, which warnings fired how often.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import re
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from refwatch.analysis.estimation import (
    CaptureHistories,
    Estimate,
    EstimationRefused,
    estimate_population,
)
from refwatch.analysis.estimation.guardrails import check_estimate, check_histories


@dataclass(frozen=True)
class Scenario:
    key: str
    name: str
    k_lists: int
    population: int
    visible_p: tuple[float, ...] = (0.45, 0.35, 0.40, 0.30, 0.35)
    hidden_p: tuple[float, ...] = (0.12, 0.08, 0.10, 0.15, 0.10)
    visible_share: float = 0.25
    list_dependence: bool = True
    sigma: float | None = None
    """Continuous heterogeneity instead of two groups: person effects ~ Normal(0, sigma)
    on the logit scale around ``CONTINUOUS_BASE``."""


MODERATE = {
    "visible_p": (0.5, 0.45, 0.5, 0.4, 0.45),
    "hidden_p": (0.3, 0.25, 0.3, 0.3, 0.25),
    "visible_share": 0.4,
}
CONTINUOUS_BASE = (0.15, 0.12, 0.15, 0.10, 0.12)
"""Capture probabilities of a typical person (effect 0) in the continuous scenarios."""

SCENARIOS = (
    Scenario("3", "3 lists, N=2000", 3, 2000),
    Scenario("4", "4 lists, N=2000", 4, 2000),
    Scenario("5", "5 lists, N=2000", 5, 2000),
    Scenario("3m", "3 lists, N=2000, moderate heterogeneity", 3, 2000, **MODERATE),  # type: ignore[arg-type]
    Scenario("4m", "4 lists, N=2000, moderate heterogeneity", 4, 2000, **MODERATE),  # type: ignore[arg-type]
    # Diagnosis only (not part of the coverage target): the strong scenario with the list
    # dependence removed, i.e. data that LCMCR's latent-class model describes exactly.
    Scenario("5h", "5 lists, N=2000, heterogeneity only", 5, 2000, list_dependence=False),
    Scenario("3h", "3 lists, N=2000, heterogeneity only", 3, 2000, list_dependence=False),
    # A second shape of heterogeneity, to check that what covers two groups is not tuned to
    # them: every person has their own listability (logit-normal), with the same list
    # dependence. sigma 0.8 is moderate; sigma 1.5 leaves a long tail almost never listed.
    Scenario("c3m", "3 lists, N=2000, continuous moderate heterogeneity", 3, 2000, sigma=0.8),
    Scenario("c4m", "4 lists, N=2000, continuous moderate heterogeneity", 4, 2000, sigma=0.8),
    Scenario("c3", "3 lists, N=2000, continuous strong heterogeneity", 3, 2000, sigma=1.5),
    Scenario("c4", "4 lists, N=2000, continuous strong heterogeneity", 4, 2000, sigma=1.5),
    Scenario("c5", "5 lists, N=2000, continuous strong heterogeneity", 5, 2000, sigma=1.5),
)
SCENARIO_INDEX = {s.key: i for i, s in enumerate(SCENARIOS)}

FIELDS = [
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
    "rhat",
    "ess",
    "classes",
    "warnings",
]


def simulate(scenario: Scenario, rng: np.random.Generator) -> CaptureHistories:
    """Draw one population's capture histories (heterogeneity plus list dependence)."""
    k, n = scenario.k_lists, scenario.population
    dep = scenario.list_dependence
    if scenario.sigma is None:
        visible = rng.random(n) < scenario.visible_share
        p = np.where(
            visible[:, None], np.array(scenario.visible_p[:k]), np.array(scenario.hidden_p[:k])
        )
    else:
        base = np.array(CONTINUOUS_BASE[:k])
        effect = rng.normal(0.0, scenario.sigma, n)
        p = 1.0 / (1.0 + np.exp(-(np.log(base / (1.0 - base))[None, :] + effect[:, None])))
    caught = np.zeros((n, k), dtype=np.int64)
    caught[:, 0] = rng.random(n) < p[:, 0]
    p2 = np.where((caught[:, 0] == 1) & dep, np.minimum(p[:, 1] * 1.8, 0.95), p[:, 1])
    caught[:, 1] = rng.random(n) < p2
    if k >= 4:
        caught[:, 3] = rng.random(n) < p[:, 3]
        p3 = np.where((caught[:, 3] == 1) & dep, p[:, 2] * 0.5, p[:, 2])
        caught[:, 2] = rng.random(n) < p3
        for j in range(4, k):
            caught[:, j] = rng.random(n) < p[:, j]
    else:
        caught[:, 2] = rng.random(n) < p[:, 2]
    seen = caught[caught.sum(axis=1) > 0]
    patterns, counts = np.unique(seen, axis=0, return_counts=True)
    names = [f"L{j + 1}" for j in range(k)]
    return CaptureHistories(tuple(names), patterns, counts)


def replicate_histories(scenario: Scenario, seed: int, rep: int) -> CaptureHistories:
    """The data set of one replicate: its own stream from (root seed, scenario, replicate)."""
    rng = np.random.default_rng([seed, SCENARIO_INDEX[scenario.key], rep])
    return simulate(scenario, rng)


def estimate_like_cli(histories: CaptureHistories, seed: int) -> Estimate:
    """Run ``refwatch estimate FILE --json --seed SEED`` on the histories, as a user would."""
    from click.testing import CliRunner

    from refwatch.cli.estimate import estimate

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "histories.csv"
        path.write_text(histories.to_csv(), encoding="utf-8")
        result = CliRunner().invoke(estimate, [str(path), "--json", "--seed", str(seed)])
    if result.exit_code != 0:
        raise EstimationRefused(result.output.strip().splitlines()[-1] if result.output else "")
    return Estimate.from_json_dict(json.loads(result.output))


def parse_settings(text: str) -> dict[str, Any]:
    """``"K=20,thinning=500"`` -> ``{"K": 20, "thinning": 500}`` (numbers as int or float)."""
    settings: dict[str, Any] = {}
    for part in filter(None, text.split(",")):
        name, value = part.split("=", 1)
        settings[name.strip()] = float(value) if "." in value else int(value)
    return settings


def run_replicate(
    scenario: Scenario, rep: int, seed: int, methods: list[str], lcmcr: dict[str, Any]
) -> list[dict[str, object]]:
    """All methods on one replicate; one CSV row per method."""
    histories = replicate_histories(scenario, seed, rep)
    label = "lcmcr" + (
        " (" + ", ".join(f"{k}={v}" for k, v in lcmcr.items()) + ")" if lcmcr else ""
    )
    rows: list[dict[str, object]] = []
    for method in methods:
        start = time.process_time()
        est: Estimate | None = None
        try:
            if method == "auto":
                est = estimate_like_cli(histories, seed=rep)
            else:
                options = lcmcr if method == "lcmcr" else {}
                est = estimate_population(histories, method, seed=rep, **options)
        except (EstimationRefused, ValueError, RuntimeError):
            est = None
        seconds = time.process_time() - start
        diag = est.diagnostics if est is not None else {}
        rows.append(
            {
                "scenario": scenario.name,
                "replicate": rep,
                "method": "auto" if method == "auto" else (label if method == "lcmcr" else method),
                "chosen": est.method if est is not None else "",
                "truth": scenario.population,
                "observed": histories.n_observed,
                "estimate": est.estimate if est is not None else math.nan,
                "low": est.interval[0] if est is not None else math.nan,
                "high": est.interval[1] if est is not None else math.nan,
                "seconds": round(seconds, 3),
                "rhat": diag.get("rhat", ""),
                "ess": diag.get("ess", ""),
                "classes": diag.get("occupied_classes_mean", ""),
                "warnings": " | ".join(est.warnings) if est is not None else "refused",
            }
        )
    return rows


def _tasks(
    args: argparse.Namespace,
) -> Iterator[tuple[Scenario, int, int, list[str], dict[str, Any]]]:
    wanted = args.scenarios.split(",")
    lcmcr = parse_settings(args.lcmcr_settings)
    for scenario in SCENARIOS:
        if scenario.key in wanted:
            for rep in range(args.first, args.first + args.replicates):
                yield scenario, rep, args.seed, args.methods.split(","), lcmcr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--replicates", type=int, default=200)
    parser.add_argument("--first", type=int, default=0, help="first replicate number")
    parser.add_argument("--seed", type=int, default=20231009)
    parser.add_argument("--methods", default="auto,loglinear,dga,mth-chao")
    parser.add_argument(
        "--lcmcr-settings",
        default="",
        help="settings of the plain 'lcmcr' method, e.g. K=20,burn_in=50000 (not of 'auto')",
    )
    parser.add_argument(
        "--scenarios",
        default="3,4,5,3m,4m",
        help="scenario keys: 3, 4, 5 (two groups, strong heterogeneity), 3m, 4m (moderate); "
        "c3, c4, c5 (continuous, strong), c3m, c4m (continuous, moderate); "
        "5h, 3h (diagnosis: heterogeneity without list dependence)",
    )
    parser.add_argument(
        "--workers", type=int, default=1, help="processes (each fit is single-threaded)"
    )
    parser.add_argument("--out", type=Path, default=None, help="per-replicate CSV")
    parser.add_argument("--summarise", type=Path, nargs="*", help="only summarise these CSVs")
    parser.add_argument("--warnings", action="store_true", help="also list warnings by kind")
    parser.add_argument(
        "--recheck",
        action="store_true",
        help="with --summarise: recompute the warnings with the current guardrails",
    )
    args = parser.parse_args()
    if args.summarise:
        records: list[dict[str, object]] = []
        for path in args.summarise:
            with path.open(encoding="utf-8") as handle:
                records.extend(csv.DictReader(handle))
        if args.recheck:
            recheck(records, args.seed)
        summarise(records, args.warnings)
        return
    os.environ.setdefault("NUMBA_NUM_THREADS", "1")
    sink = args.out.open("w", newline="", encoding="utf-8") if args.out else None
    writer = csv.DictWriter(sink, fieldnames=FIELDS) if sink else None
    if writer is not None:
        writer.writeheader()
    records = []
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        tasks = list(_tasks(args))
        futures = [pool.submit(run_replicate, *task) for task in tasks]
        for future in futures:
            for row in future.result():
                records.append(row)
                if writer is not None and sink is not None:
                    writer.writerow(row)
                    sink.flush()
    if sink is not None:
        sink.close()
    summarise(records, args.warnings)


def summarise(records: list[dict[str, object]], by_warning: bool = False) -> None:
    groups: dict[tuple[str, str], list[dict[str, object]]] = defaultdict(list)
    for r in records:
        groups[(str(r["scenario"]), str(r["method"]))].append(r)
    print(
        "| scenario | method | reps | mean observed | rel. bias | rel. RMSE | "
        "95% coverage ± MC s.e. | median width / N | warned | s per fit (CPU) |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for (scenario, method), rows in groups.items():
        truth = _column(rows, "truth")
        est = _column(rows, "estimate")
        low = _column(rows, "low")
        high = _column(rows, "high")
        ok = np.isfinite(est)
        rel = (est[ok] - truth[ok]) / truth[ok]
        covered = (low <= truth) & (truth <= high)
        cover = float(np.mean(covered))
        mc_se = math.sqrt(cover * (1 - cover) / len(rows))
        width = np.median((high[ok] - low[ok]) / truth[ok])
        warned = [bool(str(r["warnings"])) for r in rows]
        chosen = sorted({str(r["chosen"]) for r in rows} - {""})
        label = f"auto → {'/'.join(chosen)}" if method == "auto" else method
        failed = int((~ok).sum())
        note = f" ({failed} failed)" if failed else ""
        print(
            f"| {scenario} | {label}{note} | {len(rows)} | {_column(rows, 'observed').mean():.0f} "
            f"| {rel.mean():+.1%} | {math.sqrt(np.mean(rel**2)):.1%} | {cover:.1%} ± {mc_se:.1%} "
            f"| {width:.2f} | {np.mean(warned):.0%} | {_column(rows, 'seconds').mean():.2f} |"
        )
    if by_warning:
        print(
            "\n| scenario | method | warning (first words) | share of replicates | coverage when fired |"
        )
        print("|---|---|---|---|---|")
        for (scenario, method), rows in groups.items():
            kinds: Counter[str] = Counter()
            hits: Counter[str] = Counter()
            for r in rows:
                found = {_kind(w) for w in str(r["warnings"]).split(" | ") if w}
                inside = float(r["low"]) <= float(r["truth"]) <= float(r["high"])  # type: ignore[arg-type]
                for kind in found:
                    kinds[kind] += 1
                    hits[kind] += inside
            for kind, count in kinds.most_common():
                print(
                    f"| {scenario} | {method} | {kind} | {count / len(rows):.0%} "
                    f"| {hits[kind] / count:.0%} |"
                )


def _kind(warning: str) -> str:
    """A warning's first words with its figures blanked, to count warnings by kind."""
    return re.sub(r"[\d][\d.,%]*", "#", " ".join(warning.split()[:6]))


def recheck(records: list[dict[str, object]], seed: int) -> None:
    """Replace each row's warnings by what the current guardrails say about its estimate.

    For runs recorded before a guardrail changed: the replicate's data are drawn again
    from its seed and ``check_histories`` plus ``check_estimate`` run on the recorded
    point and interval (the sampler's own warnings, such as chains disagreeing, are kept).
    """
    by_name = {s.name: s for s in SCENARIOS}
    for r in records:
        scenario = by_name[str(r["scenario"])]
        histories = replicate_histories(scenario, seed, int(str(r["replicate"])))
        point = float(str(r["estimate"]))
        if not math.isfinite(point):
            continue
        est = Estimate(
            method=str(r["chosen"]),
            observed=histories.n_observed,
            estimate=point,
            interval=(float(str(r["low"])), float(str(r["high"]))),
        )
        kept = [w for w in str(r["warnings"]).split(" | ") if "chains disagree" in w]
        found = check_histories(histories) + check_estimate(est, histories)
        r["warnings"] = " | ".join(kept + found)


def _column(rows: list[dict[str, object]], name: str) -> np.ndarray:
    return np.array([float(r[name]) for r in rows])  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
