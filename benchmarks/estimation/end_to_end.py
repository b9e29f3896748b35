"""End to end: synthetic lists -> ``refwatch link`` -> ``refwatch estimate``, against the truth.

This is how estimates will be checked from outside: lists of a known population go
through the linkage command, then the estimation command, and N̂ is compared with the
number of people the lists were drawn from. ``refwatch synth`` is a different generator
from ``simulate.py``'s (each list records each person with a logistic probability of a
person's own visibility and a regional focus per list), so this also checks the
recommendation on data it was not chosen on.

For each run: the recommended estimate and LCMCR's, from the linked histories and from
the true histories (the truth file's persons), so linkage error and estimation error
can be told apart. Usage:

    nice -n 10 python benchmarks/estimation/end_to_end.py --persons 3000 --lists 3,4,5 \
        --seeds 11,12,13 --work /tmp/e2e
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

REFWATCH = [str(Path(sys.executable).with_name("refwatch"))]  # the venv's console script


def run(*args: str) -> str:
    return subprocess.run([*REFWATCH, *args], check=True, capture_output=True, text=True).stdout


def true_histories(truth: Path, out: Path) -> int:
    """Write the capture histories of the truth file's persons; return how many are listed."""
    lists_of: dict[str, set[str]] = defaultdict(set)
    names: set[str] = set()
    with truth.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            lists_of[row["person_id"]].add(row["list"])
            names.add(row["list"])
    order = sorted(names)
    counts = Counter(tuple(int(n in seen) for n in order) for seen in lists_of.values())
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([*order, "count"])
        for pattern, count in sorted(counts.items()):
            writer.writerow([*pattern, count])
    return len(lists_of)


def estimate(histories: Path, method: str | None, seed: int) -> dict[str, Any]:
    extra = [] if method is None else ["--method", method]
    result: dict[str, Any] = json.loads(
        run("estimate", str(histories), "--json", "--seed", str(seed), *extra)
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--persons", type=int, default=3000)
    parser.add_argument("--lists", default="3,4,5")
    parser.add_argument("--seeds", default="11,12,13")
    parser.add_argument("--work", type=Path, required=True)
    args = parser.parse_args()
    print(
        "| lists | seed | N | observed (true / linked) | recommended, linked | LCMCR, linked "
        "| recommended, true histories | LCMCR, true histories |"
    )
    print("|---|---|---|---|---|---|---|---|")
    covered: Counter[str] = Counter()
    runs = 0
    for k in (int(x) for x in args.lists.split(",")):
        for seed in (int(x) for x in args.seeds.split(",")):
            work = args.work / f"k{k}-s{seed}"
            if not (work / "lists.toml").exists():
                run("synth", "--persons", str(args.persons), "--lists", str(k), "--seed",
                    str(seed), "--out", str(work), "--no-xlsx")
            linked = work / "histories.csv"
            run("link", str(work / "lists.toml"), "--out", str(work / "clusters.csv"),
                "--histories", str(linked), "--seed", "1")
            truth = work / "true_histories.csv"
            observed = true_histories(work / "truth.csv", truth)
            cells = []
            for name, path, method in (
                ("recommended, linked", linked, None),
                ("lcmcr, linked", linked, "lcmcr"),
                ("recommended, true", truth, None),
                ("lcmcr, true", truth, "lcmcr"),
            ):
                est = estimate(path, method, seed)
                if path == linked:
                    linked_observed = est["observed"]
                low, high = est["interval"]
                hit = low <= args.persons <= high
                covered[name] += hit
                label = est["method"] + ("+Darroch" if est["settings"].get("heterogeneity") else "")
                cells.append(
                    f"{label} {est['estimate']:,.0f} ({low:,.0f}–{high:,.0f}){'' if hit else ' ✗'}"
                )
            runs += 1
            print(f"| {k} | {seed} | {args.persons:,} | {observed:,} / {linked_observed:,} | "
                  + " | ".join(cells) + " |", flush=True)
    print()
    print("covered the true N: " + ", ".join(f"{n} {c}/{runs}" for n, c in covered.items()))


if __name__ == "__main__":
    main()
