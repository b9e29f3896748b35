"""bict against R's conting 1.7: posterior mean of N, 95% HPD interval and time per run.

For each data set, runs refwatch's sampler at conting's reference settings (maximal model
with all two-way interactions, SBH prior a = b = 0.001, 20,000 iterations of which 2,000
burn-in, one chain) over several seeds, both as conting moves (``augment``: coefficients
and models conditioned on the drawn unobserved count) and with the default marginal
moves, and prints a Markdown table with:

* the mean over seeds of the posterior mean of N and its standard deviation over seeds
  (the Monte Carlo error of one run), the median HPD bounds, the effective sample size
  of N per run and the CPU seconds per run;
* the deterministic Laplace/quadrature value of the posterior mean (``laplace_posterior``);
* R's recorded reference run (shared/data/mse/reference, script R/04_conting.R, seed 1)
  and, with ``--r-seeds N`` when Rscript and conting are installed, R's own spread over
  seeds 1..N with its elapsed time per run.

    nice -n 10 python benchmarks/estimation/bict_vs_r.py --seeds 5 --r-seeds 3 \
        --mse-dir /work/shared/data/mse
"""

from __future__ import annotations

import argparse
import csv
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np

from refwatch.analysis.estimation import CaptureHistories
from refwatch.analysis.estimation.bict import (
    bict_estimate,
    laplace_posterior,
)

DATASETS = {  # key: (file, covariate columns)
    "kosovo": ("kosovo_lcmcr_4list", ()),
    "hiv": ("hiv_rome_rcapture_4list", ()),
    "spina621": ("spina_conting_3list_collapsed", ()),
    "scotpwid": ("scotpwid_conting_4list_collapsed", ()),
    "spina_eth": ("spina_conting_3list_by_eth", ("eth",)),
    "scotpwid_nocens": ("scotpwid_conting_4list_by_region_gender_age", ("Region", "Gender", "Age")),
}
REFERENCE = (
    "results_conting_spina_eth_spina621_spina626_kosovo_hiv",
    "results_conting_scotpwid_nocens_scotpwid_cens_scotpwid_my5list",
    "results_conting_max3_kosovo_hiv_scotpwid",
)

# conting run over seeds: prints "seed,mean,hpd_lo,hpd_hi,seconds" per seed.
R_SCRIPT = r"""
suppressMessages(library(conting))
args <- commandArgs(TRUE)
df <- read.csv(args[1]); seeds <- as.integer(strsplit(args[2], ",")[[1]])
order <- as.integer(args[3]); ncov <- as.integer(args[4])
vars <- setdiff(names(df), "count")
C <- if (ncov > 0) tail(vars, ncov) else character(0)
L <- setdiff(vars, C)
g <- expand.grid(c(rep(list(c("un", "obs")), length(L)),
                   lapply(C, function(v) sort(unique(df[[v]])))), stringsAsFactors = FALSE)
names(g) <- c(L, C)
key <- function(listed, d) {
  apply(cbind(as.data.frame(listed), d[, C, drop = FALSE]), 1, paste, collapse = "|")
}
g$y <- df$count[match(key(g[, L, drop = FALSE] == "obs", g), key(df[, L, drop = FALSE] == 1, df))]
nobody <- apply(g[, L, drop = FALSE] == "un", 1, all)
g$y[is.na(g$y) & !nobody] <- 0
for (l in L) g[[l]] <- factor(g[[l]], levels = c("un", "obs"))
for (v in C) g[[v]] <- factor(g[[v]])
fo <- as.formula(paste("y ~ (", paste(c(L, C), collapse = " + "), ")^", order))
for (s in seeds) {
  set.seed(s)
  t0 <- proc.time()[["elapsed"]]
  fit <- suppressWarnings(bict(formula = fo, data = g, n.sample = 20000, prior = "SBH"))
  el <- proc.time()[["elapsed"]] - t0
  tp <- total_pop(fit, n.burnin = 2000)
  cat(sprintf("%d,%.3f,%.0f,%.0f,%.1f\n", s, tp$meanTOT, tp$int[1], tp$int[2], el))
}
"""


def reference_rows(mse_dir: Path, max_order: int) -> dict[str, dict[str, str]]:
    rows: dict[str, dict[str, str]] = {}
    for name in REFERENCE:
        with (mse_dir / "reference" / f"{name}.csv").open(newline="") as handle:
            for row in csv.DictReader(handle):
                if f")^{max_order} " in row["settings"]:
                    rows[row["dataset"]] = row
    return rows


def run_ours(
    h: CaptureHistories, seeds: int, augment: bool, order: int, covariates: bool
) -> dict[str, float]:
    means, lows, highs, ess, cpu = [], [], [], [], []
    for seed in range(1, seeds + 1):
        start = time.process_time()
        e = bict_estimate(h, seed=seed, augment=augment, max_order=order, covariates=covariates)
        cpu.append(time.process_time() - start)
        means.append(e.estimate)
        lows.append(e.interval[0])
        highs.append(e.interval[1])
        ess.append(float(e.diagnostics["ess"]))
    return {
        "mean": statistics.fmean(means),
        "sd": statistics.stdev(means) if seeds > 1 else float("nan"),
        "lo": float(np.median(lows)),
        "hi": float(np.median(highs)),
        "ess": float(np.median(ess)),
        "seconds": statistics.fmean(cpu),
    }


def run_r(
    csv_path: Path, seeds: int, order: int, n_covariates: int
) -> tuple[dict[str, float], list[float]] | None:
    """conting over seeds 1..``seeds``: summary (as :func:`run_ours`) and each run's mean."""
    if seeds < 1 or shutil.which("Rscript") is None:
        return None
    with tempfile.NamedTemporaryFile("w", suffix=".R", delete=False) as handle:
        handle.write(R_SCRIPT)
    seed_list = ",".join(str(s) for s in range(1, seeds + 1))
    done = subprocess.run(
        ["Rscript", handle.name, str(csv_path), seed_list, str(order), str(n_covariates)],
        capture_output=True,
        text=True,
        check=False,
    )
    Path(handle.name).unlink()
    lines = [line.split(",") for line in done.stdout.splitlines() if line.count(",") == 4]
    if done.returncode != 0 or not lines:
        return None
    means = [float(v[1]) for v in lines]
    summary = {
        "mean": statistics.fmean(means),
        "sd": statistics.stdev(means) if len(means) > 1 else float("nan"),
        "lo": float(np.median([float(v[2]) for v in lines])),
        "hi": float(np.median([float(v[3]) for v in lines])),
        "seconds": statistics.fmean(float(v[4]) for v in lines),
    }
    return summary, means


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mse-dir", type=Path, default=Path("../shared/data/mse"))
    parser.add_argument("--seeds", type=int, default=5, help="refwatch runs per data set")
    parser.add_argument("--r-seeds", type=int, default=0, help="conting runs per data set")
    parser.add_argument("--datasets", nargs="*", default=list(DATASETS))
    parser.add_argument("--max-order", type=int, default=2, help="maximal model: 2 or 3")
    args = parser.parse_args()
    order = args.max_order
    reference = reference_rows(args.mse_dir, order)
    print(
        "| data | R reference (seed 1) | R over seeds | refwatch, conting's moves | "
        "refwatch, marginal moves (default) | Laplace |"
    )
    print("|---|---|---|---|---|---|")
    for key in args.datasets:
        name, covariates = DATASETS[key]
        path = args.mse_dir / "datasets" / f"{name}.csv"
        h = CaptureHistories.from_csv(path, strata=list(covariates) or None)
        ref = reference.get(
            key, {"mean": "nan", "hpd_lo": "nan", "hpd_hi": "nan", "seconds": "nan"}
        )
        augmented = run_ours(h, args.seeds, True, order, bool(covariates))
        marginal = run_ours(h, args.seeds, False, order, bool(covariates))
        # Laplace is unreliable (and can be infinite) for three-way terms over empty
        # cells, and enumerating every model is out of reach with three covariates.
        exact = (
            laplace_posterior(h, max_order=order, covariates=True).mean
            if len(covariates) <= 1
            else float("nan")
        )
        r_runs = run_r(path, args.r_seeds, order, len(covariates))
        if r_runs is None:
            r_text = "not run"
        else:
            r_sum, r_means = r_runs
            r_text = (
                f"{r_sum['mean']:,.0f} ± {r_sum['sd']:,.0f} "
                f"({', '.join(f'{v:,.0f}' for v in r_means)}); "
                f"HPD {r_sum['lo']:,.0f}–{r_sum['hi']:,.0f}; {r_sum['seconds']:.0f} s"
            )
        cells = [
            key,
            f"{float(ref['mean']):,.0f} (HPD {float(ref['hpd_lo']):,.0f}–"
            f"{float(ref['hpd_hi']):,.0f}; {float(ref['seconds']):.0f} s)",
            r_text,
        ]
        for ours in (augmented, marginal):
            cells.append(
                f"{ours['mean']:,.0f} ± {ours['sd']:,.0f} (HPD {ours['lo']:,.0f}–"
                f"{ours['hi']:,.0f}; ESS {ours['ess']:,.0f}; {ours['seconds']:.1f} s)"
            )
        cells.append(
            f"{exact:,.0f}" if np.isfinite(exact) else ("—" if np.isnan(exact) else "unbounded")
        )
        print("| " + " | ".join(cells) + " |", flush=True)
    print(
        f"\nrefwatch: {args.seeds} seeds per data set, mean ± standard deviation over seeds "
        "of the posterior mean; HPD = median over seeds; ESS = median effective sample "
        "size of N per run (18,000 draws); seconds = CPU per run."
    )


if __name__ == "__main__":
    main()
