"""LCMCR against R's LCMCR 0.4.14: posterior median, 95% quantiles and time per sweep.

Runs refwatch's sampler with the settings of R's reference runs (shared/data/mse/reference,
script R/01_lcmcr.R) on each data set and prints a Markdown table comparing the pooled
posterior median and 2.5%/97.5% quantiles with R's seed-1 run and with the spread of R's
three seeds, and the CPU time per sweep with R's recorded elapsed time per sweep.

    nice -n 10 python benchmarks/estimation/lcmcr_vs_r.py --settings long \
        --mse-dir /work/shared/data/mse

Settings: ``long`` = K 10, burn-in 100,000, 10,000 draws at thinning 100 (R's "C" run);
``doc`` = K 10, burn-in 10,000, 1,000 draws at thinning 100 (R's "A" run); ``hrdag`` =
HRDAG's production settings, K 15, burn-in 10,000, 10,000 draws at thinning 500 (R's
single run with seed 19481210 then kept every 10th draw; here all draws are pooled). A
sweep count includes the 500 warm-up sweeps that both implementations run. R's time is
its elapsed time, or its CPU time where the reference file records one.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import time
from pathlib import Path

import numpy as np

from refwatch.analysis.estimation import CaptureHistories
from refwatch.analysis.estimation.lcmcr import sample_lcmcr, summarize_lcmcr

DATASETS = {
    "kosovo": "kosovo_lcmcr_4list",
    "hiv": "hiv_rome_rcapture_4list",
    "spina621": "spina_conting_3list_collapsed",
    "spina626": "madigan_york_3list_dga_example",
    "my5list": "madigan_york_5list_dga_example",
    "scotpwid": "scotpwid_conting_4list_collapsed",
}
SETTINGS = {  # R's results file, R's settings label, K, burn-in, samples, thinning
    "long": ("results_lcmcr", "C_long_K10_burn1e5_S1e4_thin100", 10, 100_000, 10_000, 100),
    "doc": ("results_lcmcr", "A_doc_K10_thin100", 10, 10_000, 1_000, 100),
    "hrdag": ("results_lcmcr_hrdag_kosovo_hiv_scotpwid",
              "HRDAG_verdata K=15 burn=1e4 S=1e4 thin=500 seed=19481210", 15, 10_000, 10_000, 500),
}
WARMUP = 500


def r_rows(mse_dir: Path, results: str, dataset: str, r_settings: str) -> list[dict[str, str]]:
    with (mse_dir / "reference" / f"{results}.csv").open(newline="") as handle:
        return [
            row for row in csv.DictReader(handle)
            if row["dataset"] == dataset and row["settings"] == r_settings
        ]


def pct(ours: float, theirs: float) -> str:
    return f"{100.0 * (ours - theirs) / theirs:+.1f}%"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mse-dir", type=Path, default=Path("/work/shared/data/mse"))
    parser.add_argument("--settings", choices=sorted(SETTINGS), default="long")
    parser.add_argument("--datasets", nargs="+", default=list(DATASETS))
    parser.add_argument("--chains", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--backend", choices=["auto", "numba", "numpy"], default="auto")
    args = parser.parse_args()
    results, r_settings, k_classes, burn_in, samples, thinning = SETTINGS[args.settings]
    sweeps = WARMUP + burn_in + samples * thinning
    # Compile (or load the compiled sampler from the cache) outside the timings.
    sample_lcmcr([[1, 0], [0, 1], [1, 1]], [5, 5, 2], K=2, burn_in=1, samples=4,
                 thinning=1, chains=1, seed=0, backend=args.backend)
    print(f"settings {args.settings}: K {k_classes}, burn-in {burn_in:,}, {samples:,} draws at "
          f"thinning {thinning} ({sweeps:,} sweeps per chain), {args.chains} chains, "
          f"seed {args.seed}\n")
    print("| data | n | refwatch median (2.5–97.5%) | chain medians | R-hat | ESS "
          "| R seed 1 median (2.5–97.5%) | R seeds' medians | Δ median | Δ low | Δ high "
          "| refwatch µs/sweep (CPU) | R µs/sweep (seed 1) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    notes: list[str] = []
    for key in args.datasets:
        histories = CaptureHistories.from_csv(args.mse_dir / "datasets" / f"{DATASETS[key]}.csv")
        started = time.process_time()
        run = sample_lcmcr(
            histories.patterns, histories.counts, K=k_classes, burn_in=burn_in, samples=samples,
            thinning=thinning, chains=args.chains, seed=args.seed, backend=args.backend,
        )
        cpu = time.process_time() - started
        est = summarize_lcmcr(run)
        diag = est.diagnostics
        rows = r_rows(args.mse_dir, results, key, r_settings)
        if not rows:
            print(f"| {key} | no R reference for these settings |")
            continue
        seed1 = next((row for row in rows if row["seed"] == "1"), rows[0])
        r_med, r_lo, r_hi = (float(seed1[c]) for c in ("median", "lo95", "hi95"))
        r_medians = "/".join(f"{float(row['median']):,.0f}" for row in rows)
        r_us = float(seed1.get("cpu_seconds") or seed1["seconds"]) / sweeps * 1e6
        ours_us = cpu / (sweeps * args.chains) * 1e6
        chain_medians = "/".join(f"{m:,.0f}" for m in diag["chain_medians"])
        low, high = est.interval
        print(
            f"| {key} | {histories.n_observed:,} | {est.estimate:,.0f} ({low:,.0f}–{high:,.0f}) "
            f"| {chain_medians} | {diag['rhat']:.3f} | {diag['ess']:,.0f} "
            f"| {r_med:,.0f} ({r_lo:,.0f}–{r_hi:,.0f}) | {r_medians} "
            f"| {pct(est.estimate, r_med)} | {pct(low, r_lo)} | {pct(high, r_hi)} "
            f"| {ours_us:.1f} | {r_us:.1f} |",
            flush=True,
        )
        r_mean_median = statistics.fmean(float(row["median"]) for row in rows)
        spread = np.ptp([float(row["median"]) for row in rows]) / r_mean_median
        notes.append(
            f"- {key}: R's {len(rows)} seeds' medians spread {100 * spread:.1f}%; refwatch "
            f"warnings: {'; '.join(diag['warnings']) or 'none'}"
        )
    print()
    print("\n".join(notes))


if __name__ == "__main__":
    main()
