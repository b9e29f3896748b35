"""How many true pairs the blocking rules keep (target: at least 99%), and at what cost.

Reads lists written by ``refwatch synth`` (a directory with lists.toml and truth.csv),
computes the features and asks Splink for exactly the pairs ``predict()`` would score,
then compares them with the true pairs (within and across lists), overall and by the
noise flags of the truth. ``--large`` uses the year-bounded rules that runs above
``model.LARGE_ABOVE`` records use (default: the rules a run of this size would use). Usage:

    nice -n 10 python benchmarks/linkage/bench_blocking.py /tmp/bench-synth2/lists [--large]
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import time
from collections import Counter
from itertools import combinations
from pathlib import Path

from refwatch.analysis.linkage import model
from refwatch.analysis.linkage.engine import open_engine
from refwatch.analysis.linkage.features import features_table
from refwatch.analysis.lists import read_list, read_spec


def main() -> None:
    logging.getLogger("splink").setLevel(logging.ERROR)
    from splink import Linker

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lists", type=Path)
    parser.add_argument("--large", action="store_true", default=None)
    args = parser.parse_args()
    data: Path = args.lists
    records = {s.name: read_list(s).records for s in read_spec(data / "lists.toml").lists}
    table, keys = features_table(records)
    large = args.large if args.large is not None else len(keys) > model.LARGE_ABOVE
    index = {k: i for i, k in enumerate(keys)}
    persons: dict[str, list[int]] = {}
    flags: dict[int, set[str]] = {}
    with (data / "truth.csv").open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            i = index.get((row["list"], row["record_id"]))
            if i is not None:
                persons.setdefault(row["person_id"], []).append(i)
                flags[i] = set(filter(None, (row.get("noise_flags") or "").split("|")))
    true_pairs = {p for members in persons.values() for p in combinations(sorted(members), 2)}

    clock = time.perf_counter()
    with open_engine("duckdb") as engine:
        linker = Linker(engine.register(table, "records"), model.settings(large=large), log_level=None)
        blocked = linker.inference.compute_blocked_pairs_for_predict().as_pyarrow_table()
        ids_l = [int(v) for v in blocked.column("join_key_l").to_pylist()]
        ids_r = [int(v) for v in blocked.column("join_key_r").to_pylist()]
    seconds = time.perf_counter() - clock
    found = {(min(a, b), max(a, b)) for a, b in zip(ids_l, ids_r, strict=True)}
    kept = true_pairs & found
    missed_by_flag: Counter[str] = Counter()
    total_by_flag: Counter[str] = Counter()
    for a, b in true_pairs:
        for flag in flags.get(a, set()) | flags.get(b, set()):
            total_by_flag[flag] += 1
            missed_by_flag[flag] += (a, b) not in kept
    print(json.dumps({
        "records": len(keys),
        "rules": "large" if large else "standard",
        "true_pairs": len(true_pairs),
        "blocked_pairs": len(found),
        "blocking_recall": round(len(kept) / len(true_pairs), 4),
        "seconds": round(seconds, 1),
        "recall_by_noise": {
            f: round(1 - missed_by_flag[f] / total_by_flag[f], 4) for f in sorted(total_by_flag)
        },
    }, indent=1))


if __name__ == "__main__":
    main()
