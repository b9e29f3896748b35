"""Benchmark (a): ~25k records on 4 synthetic Korean lists, three linkers side by side.

Generates the lists with ``refwatch synth`` and links them with

* ``refwatch``: :func:`refwatch.analysis.linkage.run.link_records` (Korean-aware model);
* ``naive``: same surname (Korean surname table), given name and birth year;
* ``generic``: a generic Splink 5 model: names romanised (algorithmic Revised
  Romanization of Hangul, no Korean tables), compared by Jaro–Winkler, birth date
  and sex exact, trained by EM, clustered at 0.9 and at 0.5.

Every clusters CSV is scored with shared/tools/eval_linkage.py. Usage:

    nice -n 10 python benchmarks/linkage/bench_synth.py --persons 16000 --seed 1 \
        --work /tmp/bench-synth --eval /work/shared/tools/eval_linkage.py
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import re
import subprocess
import sys
import time
import unicodedata
from pathlib import Path
from typing import Any

from refwatch.analysis.linkage.names import read_name
from refwatch.analysis.linkage.run import link_records
from refwatch.analysis.lists import ListRecordData, read_list, read_spec

Key = tuple[str, str]


def write_clusters(path: Path, entity: dict[Key, str]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["list", "record_id", "entity_id"])
        for (lst, rid), e in sorted(entity.items()):
            w.writerow([lst, rid, e])


def score(eval_script: Path, clusters: Path, truth: Path) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, str(eval_script), str(clusters), str(truth), "--json"],
        check=True, capture_output=True, text=True,
    ).stdout
    return json.loads(out[: out.rindex("}") + 1])


# --- naive rule ---------------------------------------------------------------

def naive(records: dict[str, tuple[ListRecordData, ...]]) -> dict[Key, str]:
    """Same surname, same given name and same birth year, knowing Korean names.

    Names are compared by their best Hangul reading in South orthography (so 리철수,
    Ri Chol Su and Lee Chul Soo meet), which is what a person who knows Korean names
    would do by hand; the birth year must be written and equal.
    """
    entity: dict[Key, str] = {}
    for lst, recs in records.items():
        for r in recs:
            best = read_name(r.name, surname=r.surname, given=r.given_name, alt=r.name_alt).best
            year = r.birth_date.year if r.birth_date else None
            if best is not None and year:
                entity[(lst, r.record_id)] = f"{best.key}|{year}"
            else:
                entity[(lst, r.record_id)] = f"single|{lst}|{r.record_id}"
    return entity


# --- generic Splink model -----------------------------------------------------

_L = ["g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"]
_V = ["a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we",
      "wi", "yu", "eu", "ui", "i"]
_T = ["", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p",
      "t", "t", "ng", "t", "t", "k", "t", "p", "t"]


def rr(text: str) -> str:
    """Algorithmic Revised Romanization, syllable by syllable (no name tables)."""
    out = []
    for c in text:
        code = ord(c) - 0xAC00
        if 0 <= code < 11172:
            out.append(_L[code // 588] + _V[(code % 588) // 28] + _T[code % 28])
        else:
            out.append(c)
    return "".join(out)


def generic_rows(records: dict[str, tuple[ListRecordData, ...]]) -> list[dict[str, Any]]:
    rows = []
    uid = 0
    for lst, recs in sorted(records.items()):
        for r in recs:
            if r.surname or r.given_name:
                sur, giv = rr(r.surname or ""), rr(r.given_name or "")
            else:
                text = rr(re.sub(r"[(（].*?[)）]", " ", r.name or ""))
                hangul_free = text.strip()
                parts = hangul_free.split(maxsplit=1)
                if len(parts) == 1 and len(hangul_free) > 3:
                    sur, giv = "", hangul_free
                else:
                    sur, giv = [*parts, ""][:2]
            fold = lambda s: "".join(  # noqa: E731
                c for c in unicodedata.normalize("NFKD", s.casefold()) if "a" <= c <= "z"
            )
            b = r.birth_date
            rows.append({
                "unique_id": uid, "list": lst, "record_id": r.record_id,
                "surname": fold(sur) or None, "given": fold(giv) or None,
                "dob": b.iso() if b and b.precision == "day" else None,
                "birth_year": b.year if b else None,
                "sex": r.sex,
            })
            uid += 1
    return rows


def generic(records: dict[str, tuple[ListRecordData, ...]], seed: int) -> tuple[dict[Key, str], dict[Key, str]]:
    import pyarrow as pa
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on
    from splink import comparison_library as cl

    rows = generic_rows(records)
    api = DuckDBAPI()
    sdf = api.register(pa.Table.from_pylist(rows), table_name="generic")
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.JaroWinklerAtThresholds("surname", [0.92, 0.8]),
            cl.JaroWinklerAtThresholds("given", [0.92, 0.8]),
            cl.ExactMatch("dob"),
            cl.ExactMatch("birth_year"),
            cl.ExactMatch("sex"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("surname", "given"), block_on("dob"), block_on("given", "birth_year"),
            block_on("surname", "birth_year"),
        ],
    )
    linker = Linker(sdf, settings, log_level=None)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=seed)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("surname", "given", "dob")], recall=0.7
    )
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("surname", "given"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    pred = linker.inference.predict(threshold_match_probability=0.01)
    keys = {row["unique_id"]: (row["list"], row["record_id"]) for row in rows}
    out = []
    for t in (0.9, 0.5):
        clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(pred, t)
        table = clusters.as_pyarrow_table()
        ids = table.column("unique_id").to_pylist()
        cids = table.column("cluster_id").to_pylist()
        out.append({keys[u]: str(c) for u, c in zip(ids, cids, strict=True)})
    return out[0], out[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=16000)
    parser.add_argument("--lists", type=int, default=4)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=Path("/tmp/bench-synth"))
    parser.add_argument("--eval", type=Path, default=Path("/work/shared/tools/eval_linkage.py"))
    parser.add_argument("--threshold", type=float, default=None,
                        help="default: the run chooses it (expected F1)")
    args = parser.parse_args()
    logging.getLogger("splink").setLevel(logging.ERROR)

    data = args.work / "lists"
    subprocess.run(
        [str(Path(sys.executable).with_name("refwatch")), "synth", "--persons", str(args.persons), "--lists", str(args.lists),
         "--seed", str(args.seed), "--out", str(data)],
        check=True, capture_output=True,
    )
    truth = data / "truth.csv"
    clock = time.perf_counter()
    records = {s.name: read_list(s).records for s in read_spec(data / "lists.toml").lists}
    read_seconds = time.perf_counter() - clock
    n = sum(len(r) for r in records.values())
    results: dict[str, Any] = {"records": n, "read_seconds": round(read_seconds, 1)}

    clock = time.perf_counter()
    ours = link_records(records, seed=args.seed, threshold=args.threshold)
    results["refwatch_seconds"] = round(time.perf_counter() - clock, 1)
    results["refwatch_stages"] = ours.diagnostics["seconds"]
    results["refwatch_threshold"] = ours.threshold
    results["refwatch_prior"] = ours.diagnostics["prior"]
    write_clusters(args.work / "refwatch.csv", ours.entity_of())
    results["refwatch"] = score(args.eval, args.work / "refwatch.csv", truth)

    clock = time.perf_counter()
    naive_entities = naive(records)
    results["naive_seconds"] = round(time.perf_counter() - clock, 1)
    write_clusters(args.work / "naive.csv", naive_entities)
    results["naive"] = score(args.eval, args.work / "naive.csv", truth)

    clock = time.perf_counter()
    g90, g50 = generic(records, args.seed)
    results["generic_seconds"] = round(time.perf_counter() - clock, 1)
    for name, ent in (("generic_0.9", g90), ("generic_0.5", g50)):
        write_clusters(args.work / f"{name}.csv", ent)
        results[name] = score(args.eval, args.work / f"{name}.csv", truth)

    print(json.dumps(results, indent=1))
    print(f"{'linker':<14}{'precision':>10}{'recall':>8}{'F1':>8}{'seconds':>9}")
    for name, secs in (("refwatch", "refwatch_seconds"), ("naive", "naive_seconds"),
                       ("generic_0.9", "generic_seconds"), ("generic_0.5", "generic_seconds")):
        pw = results[name]["pairwise"]
        print(f"{name:<14}{pw['precision']:>10.4f}{pw['recall']:>8.4f}{pw['f1']:>8.4f}{results[secs]:>9}")


if __name__ == "__main__":
    main()
