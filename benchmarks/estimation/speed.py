"""Speed of the log-linear and dga estimators against the recorded R timings.

    nice -n 10 python benchmarks/estimation/speed.py \
        --reference tests/analysis/golden/estimation

For each reference data set: the time of the BIC model search plus profile interval
(R: closedpMS.t + closedpCI.t, column `seconds` of results_rcapture.csv) and of dga's
exact averaging with delta = 2^-p on the grid 0..10n (R: bma.cr, results_dga.csv).
Each Python figure is the best of --repeat runs in one warm process, in CPU seconds of
this process (time.process_time), so that other jobs on a shared machine do not inflate
it; the R figures are elapsed seconds on an unloaded machine. Prints Markdown.
"""

from __future__ import annotations

import argparse
import csv
import time
from collections.abc import Callable
from pathlib import Path

from refwatch.analysis.estimation import CaptureHistories
from refwatch.analysis.estimation.dga import dga_estimate
from refwatch.analysis.estimation.loglinear import loglinear_estimate

DATASETS = {
    "kosovo": "kosovo_lcmcr_4list",
    "hiv": "hiv_rome_rcapture_4list",
    "spina621": "spina_conting_3list_collapsed",
    "spina626": "madigan_york_3list_dga_example",
    "scotpwid": "scotpwid_conting_4list_collapsed",
    "my5list": "madigan_york_5list_dga_example",
}


def best_of(repeat: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        work()
        times.append(time.process_time() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--reference", type=Path, required=True, help="folder with datasets/ and results_*.csv"
    )
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with (args.reference / "results_rcapture.csv").open(encoding="utf-8") as handle:
        r_rcapture = {
            row["dataset"]: float(row["seconds"])
            for row in csv.DictReader(handle)
            if row["model"].startswith("BIC-best") and "+ Darroch" not in row["model"]
        }
    with (args.reference / "results_dga.csv").open(encoding="utf-8") as handle:
        r_dga = {
            row["dataset"]: float(row["seconds"])
            for row in csv.DictReader(handle)
            if row["settings"].startswith("default")
        }
    print(
        "| data set | lists | n | log-linear search + CI: Python s | R s | dga 2^-p: Python s | R s |"
    )
    print("|---|---|---|---|---|---|---|")
    for key, stem in DATASETS.items():
        h = CaptureHistories.from_csv(args.reference / "datasets" / f"{stem}.csv")
        loglinear_estimate(h)  # warm caches and imports
        t_ll = best_of(args.repeat, lambda h=h: loglinear_estimate(h))
        t_dga = best_of(args.repeat, lambda h=h: dga_estimate(h))
        print(
            f"| {key} | {h.k_lists} | {h.n_observed:,} | {t_ll:.2f} | {r_rcapture.get(key, float('nan')):.2f} "
            f"| {t_dga:.2f} | {r_dga.get(key, float('nan')):.2f} |"
        )


if __name__ == "__main__":
    main()
