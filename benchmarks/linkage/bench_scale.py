"""Benchmark (c): a large dedupe on DuckDB or Spark: wall time, peak memory, accuracy.

Writes synthetic lists with ``refwatch synth`` (unless ``--work`` already holds them),
reads them (one process per list, two at a time), then times
:func:`link_records` alone and reports the peak resident memory of this process and its
children (feature workers, the Spark JVM). Usage:

    nice -n 10 python benchmarks/linkage/bench_scale.py --persons 640000 --backend duckdb \
        --work /tmp/bench-1m
    nice -n 10 python benchmarks/linkage/bench_scale.py --persons 64000 --backend spark \
        --spark-master 'local[2]' --work /tmp/bench-100k
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import resource
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from refwatch.analysis.linkage.run import link_records
from refwatch.analysis.lists import ListRecordData, ListSource, read_list, read_spec


def _read(source: ListSource) -> tuple[str, tuple[ListRecordData, ...]]:
    return source.name, read_list(source).records


def peak_mb() -> dict[str, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"self_peak_mb": round(own), "largest_child_peak_mb": round(children)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, required=True)
    parser.add_argument("--lists", type=int, default=4)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--backend", default="duckdb")
    parser.add_argument("--spark-master", default=None)
    parser.add_argument("--eval", type=Path, default=Path("/work/shared/tools/eval_linkage.py"))
    args = parser.parse_args()
    logging.getLogger("splink").setLevel(logging.ERROR)

    data = args.work / "lists"
    figures: dict[str, Any] = {"backend": args.backend, "spark_master": args.spark_master}
    if not (data / "lists.toml").exists():
        clock = time.perf_counter()
        subprocess.run(
            [str(Path(sys.executable).with_name("refwatch")), "synth", "--persons", str(args.persons), "--lists", str(args.lists),
             "--seed", str(args.seed), "--out", str(data)],
            check=True, capture_output=True,
        )
        figures["synth_seconds"] = round(time.perf_counter() - clock, 1)

    clock = time.perf_counter()
    sources = read_spec(data / "lists.toml").lists
    with ProcessPoolExecutor(max_workers=2) as pool:
        records = dict(pool.map(_read, sources))
    figures["read_seconds"] = round(time.perf_counter() - clock, 1)
    figures["records"] = sum(len(r) for r in records.values())
    print(f"read {figures['records']} records in {figures['read_seconds']} s", file=sys.stderr)

    clock = time.perf_counter()
    result = link_records(
        records, backend=args.backend, spark_master=args.spark_master, seed=args.seed,
        progress=lambda stage, done: print(f"{time.perf_counter() - clock:8.1f} s  {stage}",
                                           file=sys.stderr, flush=True),
    )
    figures["link_seconds"] = round(time.perf_counter() - clock, 1)
    figures["stages"] = result.diagnostics["seconds"]
    figures["entities"] = result.n_entities
    figures["threshold"] = result.threshold
    figures["prior"] = result.diagnostics["prior"]
    figures["prior_trained"] = result.diagnostics["prior_trained"]
    figures.update(peak_mb())

    out = args.work / f"clusters-{args.backend}.csv"
    with out.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["list", "record_id", "entity_id"])
        w.writerows((r.list, r.record_id, r.entity_id) for r in result.clusters)
    scored = subprocess.run(
        [sys.executable, str(args.eval), str(out), str(data / "truth.csv"), "--json"],
        check=True, capture_output=True, text=True,
    ).stdout
    figures["accuracy"] = json.loads(scored[: scored.rindex("}") + 1])["pairwise"]
    print(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
