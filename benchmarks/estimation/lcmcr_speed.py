"""Time per sweep of refwatch's LCMCR sampler and of R's LCMCR, side by side on this machine.

Both samplers run the same data with the same settings, alternately, ``--repeats`` times;
the CPU time of each run (R: ``proc.time()`` user + system; Python: ``time.process_time``)
is divided by its number of sweeps (500 warm-up + burn-in + samples x thinning, one chain).
Alternating the runs exposes both to the same load on a shared machine.

    nice -n 10 python benchmarks/estimation/lcmcr_speed.py --r-lib /path/to/R/library

R's side needs ``Rscript`` and the LCMCR package (``--r-lib`` adds a library folder);
without them only refwatch's times are printed, to compare with the recorded R times in
shared/data/mse/reference/reference_estimates.csv.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from refwatch.analysis.estimation import CaptureHistories
from refwatch.analysis.estimation.lcmcr import sample_lcmcr

DATASETS = {
    "kosovo": "kosovo_lcmcr_4list",
    "hiv": "hiv_rome_rcapture_4list",
    "spina621": "spina_conting_3list_collapsed",
    "my5list": "madigan_york_5list_dga_example",
    "scotpwid": "scotpwid_conting_4list_collapsed",
}

R_SCRIPT = r"""
args <- commandArgs(TRUE)
if (nzchar(args[1])) .libPaths(c(args[1], .libPaths()))
suppressMessages(library(LCMCR))
df <- read.csv(args[2]); L <- setdiff(names(df), "count")
tab <- df; for (l in L) tab[[l]] <- factor(tab[[l]], levels = c(0, 1))
names(tab)[names(tab) == "count"] <- "Freq"
K <- as.integer(args[3]); burn <- as.integer(args[4]); S <- as.integer(args[5])
thin <- as.integer(args[6]); seed <- as.integer(args[7])
t0 <- proc.time()
sam <- lcmCR(captures = tab, tabular = TRUE, in_list_label = "1", not_in_list_label = "0",
             K = K, a_alpha = 0.25, b_alpha = 0.25, seed = seed,
             buffer_size = max(10000, S), thinning = thin, verbose = FALSE)
N <- lcmCR_PostSampl(sam, burnin = burn, samples = S, thinning = thin, output = FALSE)
el <- proc.time() - t0
cat(el[["user.self"]] + el[["sys.self"]], median(N), "\n")
"""


def run_r(rscript: str, r_lib: str, data: Path, settings: tuple[int, int, int, int],
          seed: int, script: Path) -> tuple[float, float]:
    k, burn_in, samples, thinning = settings
    out = subprocess.run(
        [rscript, str(script), r_lib, str(data), str(k), str(burn_in), str(samples),
         str(thinning), str(seed)],
        check=True, capture_output=True, text=True,
    ).stdout.split()
    return float(out[0]), float(out[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mse-dir", type=Path, default=Path("/work/shared/data/mse"))
    parser.add_argument("--datasets", nargs="+", default=list(DATASETS))
    parser.add_argument("--K", type=int, default=10)
    parser.add_argument("--burn-in", type=int, default=10_000)
    parser.add_argument("--samples", type=int, default=1_000)
    parser.add_argument("--thinning", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--r-lib", default="", help="extra R library folder holding LCMCR")
    parser.add_argument("--backend", choices=["auto", "numba", "numpy"], default="auto")
    args = parser.parse_args()
    settings = (args.K, args.burn_in, args.samples, args.thinning)
    sweeps = 500 + args.burn_in + args.samples * args.thinning
    rscript = shutil.which("Rscript")
    sample_lcmcr([[1, 0], [0, 1], [1, 1]], [5, 5, 2], K=2, burn_in=1, samples=4, thinning=1,
                 chains=1, seed=0, backend=args.backend)  # compile or load the cache
    print(f"K {args.K}, burn-in {args.burn_in:,}, {args.samples:,} draws at thinning "
          f"{args.thinning}: {sweeps:,} sweeps per run, one chain, {args.repeats} runs each\n")
    print("| data | refwatch µs/sweep (median; min) | R µs/sweep (median; min) | ratio R/refwatch "
          "| refwatch medians | R medians |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "lcmcr_time.R"
        script.write_text(R_SCRIPT, encoding="utf-8")
        for key in args.datasets:
            data = args.mse_dir / "datasets" / f"{DATASETS[key]}.csv"
            histories = CaptureHistories.from_csv(data)
            ours: list[float] = []
            theirs: list[float] = []
            our_medians: list[float] = []
            r_medians: list[float] = []
            for repeat in range(args.repeats):
                started = time.process_time()
                run = sample_lcmcr(
                    histories.patterns, histories.counts, K=args.K, burn_in=args.burn_in,
                    samples=args.samples, thinning=args.thinning, chains=1, seed=repeat + 1,
                    backend=args.backend,
                )
                ours.append((time.process_time() - started) / sweeps * 1e6)
                our_medians.append(float(sorted(run.totals[0])[args.samples // 2]))
                if rscript:
                    cpu, median = run_r(rscript, args.r_lib, data, settings, repeat + 1, script)
                    theirs.append(cpu / sweeps * 1e6)
                    r_medians.append(median)
            ours_txt = f"{statistics.median(ours):.1f}; {min(ours):.1f}"
            if theirs:
                r_txt = f"{statistics.median(theirs):.1f}; {min(theirs):.1f}"
                ratio = f"{statistics.median(theirs) / statistics.median(ours):.2f}"
            else:
                r_txt, ratio = "R not available", "-"
            print(f"| {key} | {ours_txt} | {r_txt} | {ratio} "
                  f"| {'/'.join(f'{m:,.0f}' for m in our_medians)} "
                  f"| {'/'.join(f'{m:,.0f}' for m in r_medians)} |", flush=True)


if __name__ == "__main__":
    main()
