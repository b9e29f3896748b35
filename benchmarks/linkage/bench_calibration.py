"""Where linkage accuracy goes at scale: calibration, prior, name evidence, clustering, ceiling.

Step ``dump`` trains the model on lists written by ``refwatch synth`` (as ``link_records``
does) and writes every scored pair at or above ``--floor`` with its comparison levels and
term frequencies (``pairs.parquet``), each record's truth (``records.parquet``) and the
model (``model.json``) into ``--work``. Step ``report`` reads them back and prints, as
JSON:

* calibration: predicted match probability in bins against the share of true pairs;
* prior: the trained prior against the true share of matching pairs;
* name evidence: true and false pairs with surname and given name both exact, by how
  many records share the full name;
* ceiling: an oracle that knows, for every combination of comparison levels and
  full-name frequency band, the share of true pairs, and links a combination when
  that share clears a threshold; its best pairwise F1 (before any clustering) is an
  upper bound for any model over these comparisons, and the true pairs it must leave
  out (in combinations where most pairs are namesakes) are indistinguishable on these
  fields.

Usage::

    nice -n 10 python benchmarks/linkage/bench_calibration.py dump /tmp/bench-250k/lists \\
        --work /tmp/calib-250k --floor 0.001
    python benchmarks/linkage/bench_calibration.py report --work /tmp/calib-250k
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import logging
import time
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from refwatch.analysis.linkage import model
from refwatch.analysis.linkage.engine import open_engine
from refwatch.analysis.linkage.features import features_table
from refwatch.analysis.linkage.run import _train
from refwatch.analysis.lists import read_list, read_spec


def dump(lists: Path, work: Path, floor: float, seed: int) -> None:
    from splink import Linker

    logging.getLogger("splink").setLevel(logging.ERROR)
    work.mkdir(parents=True, exist_ok=True)
    cached = work / "features.parquet"
    if cached.exists():
        table = pq.read_table(cached)
        keys = list(
            zip(
                table.column("list_name").to_pylist(),
                table.column("record_id").to_pylist(),
                strict=True,
            )
        )
    else:
        records = {s.name: read_list(s).records for s in read_spec(lists / "lists.toml").lists}
        table, keys = features_table(records)
        pq.write_table(table, cached)
    person: dict[tuple[str, str], str] = {}
    with (lists / "truth.csv").open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            person[(row["list"], row["record_id"])] = row["person_id"]
    pq.write_table(
        pa.table(
            {
                "unique_id": list(range(len(keys))),
                "person": [person.get(k) for k in keys],
                "surname": table.column("surname"),
                "given": table.column("given"),
                "birth_year": table.column("birth_year"),
            }
        ),
        work / "records.parquet",
    )
    clock = time.perf_counter()
    trained = _train(table, len(keys), seed=seed, extra=(), say=lambda *_: None)
    (work / "model.json").write_text(json.dumps(trained, indent=1), encoding="utf-8")
    settings = model.settings(seed=seed, trained=trained, large=len(keys) > model.LARGE_ABOVE)
    settings.retain_intermediate_calculation_columns = True
    with open_engine("duckdb") as engine:
        linker = Linker(engine.register(table, "refwatch_records"), settings, log_level=None)
        chunks = -(-len(keys) // 125_000)
        predictions = linker.inference.predict(
            threshold_match_probability=floor, num_chunks_left=chunks, num_chunks_right=1
        )
        # Splink 5 keeps each comparison's partial match weight (mw_*), one value a level
        out = predictions.query_sql(
            "SELECT unique_id_l, unique_id_r, match_weight, match_probability,"
            " COLUMNS('^(mw|tf)_') FROM {this}"
        ).as_pyarrow_table()
    pq.write_table(out, work / "pairs.parquet")
    print(
        json.dumps(
            {
                "records": len(keys),
                "pairs": out.num_rows,
                "seconds": round(time.perf_counter() - clock, 1),
            }
        )
    )


def report(work: Path) -> dict[str, Any]:
    import duckdb

    con = duckdb.connect()
    con.execute(f"CREATE TABLE r AS SELECT * FROM '{work / 'records.parquet'}'")
    con.execute(f"CREATE TABLE p AS SELECT * FROM '{work / 'pairs.parquet'}'")
    trained = json.loads((work / "model.json").read_text(encoding="utf-8"))
    n = con.execute("SELECT count(*) FROM r").fetchone()[0]
    true_total = con.execute(
        "SELECT sum(c * (c - 1) / 2) FROM (SELECT count(*) c FROM r GROUP BY person)"
    ).fetchone()[0]
    con.execute(
        """CREATE TABLE f AS SELECT surname, given, count(*) AS n_full FROM r
           WHERE surname IS NOT NULL AND given IS NOT NULL GROUP BY ALL"""
    )
    con.execute(
        """CREATE TABLE q AS SELECT p.*, (a.person = b.person) AS truth,
             (a.surname = b.surname AND a.given = b.given) AS same_name,
             greatest(coalesce(fa.n_full, 1), coalesce(fb.n_full, 1)) AS n_full
           FROM p JOIN r a ON a.unique_id = p.unique_id_l JOIN r b ON b.unique_id = p.unique_id_r
           LEFT JOIN f fa ON fa.surname = a.surname AND fa.given = a.given
           LEFT JOIN f fb ON fb.surname = b.surname AND fb.given = b.given"""
    )
    out: dict[str, Any] = {"records": n, "true_pairs": int(true_total)}
    pairs = n * (n - 1) / 2
    out["prior"] = {
        "trained": trained["probability_two_random_records_match"],
        "true": true_total / pairs,
        "sum_of_scored_probabilities": con.execute(
            "SELECT sum(match_probability) FROM q"
        ).fetchone()[0]
        / pairs,
    }
    edges = [
        0,
        0.001,
        0.005,
        0.01,
        0.05,
        0.1,
        0.2,
        0.3,
        0.5,
        0.7,
        0.8,
        0.9,
        0.95,
        0.99,
        0.999,
        1.01,
    ]
    case = " ".join(
        f"WHEN match_probability < {hi} THEN {lo}" for lo, hi in itertools.pairwise(edges)
    )
    out["calibration"] = [
        {"from": b, "pairs": int(k), "mean_predicted": round(m, 4), "true_share": round(t, 4)}
        for b, k, m, t in con.execute(
            f"""SELECT CASE {case} END AS b, count(*), avg(match_probability), avg(truth::int)
                FROM q GROUP BY b ORDER BY b"""
        ).fetchall()
    ]
    out["true_pairs_scored"] = int(con.execute("SELECT sum(truth::int) FROM q").fetchone()[0])
    # name evidence: both name parts exact, by how common the full name is
    out["exact_names_by_full_name_count"] = [
        {
            "records_with_name": band,
            "true": int(t),
            "false": int(fl),
            "mean_predicted_true": round(mt or 0, 3),
            "mean_predicted_false": round(mf or 0, 3),
        }
        for band, t, fl, mt, mf in con.execute(
            """SELECT CASE WHEN n_full <= 2 THEN '1-2' WHEN n_full <= 5 THEN '3-5'
                      WHEN n_full <= 20 THEN '6-20' WHEN n_full <= 100 THEN '21-100' ELSE '>100' END AS band,
                      sum(truth::int), sum((NOT truth)::int),
                      avg(CASE WHEN truth THEN match_probability END),
                      avg(CASE WHEN NOT truth THEN match_probability END)
               FROM q WHERE same_name GROUP BY band ORDER BY min(n_full)"""
        ).fetchall()
    ]
    # ceiling: oracle over level combinations x full-name frequency band
    groups = con.execute(
        """SELECT sum(truth::int) AS t, sum((NOT truth)::int) AS fl FROM q
           GROUP BY round(mw_surname, 3), round(mw_given, 3), round(mw_birth, 3), round(mw_sex, 3),
                    round(mw_home, 3), round(mw_event, 3),
                    CAST(floor(log2(n_full)) AS INT),
                    CAST(floor(log2(greatest(tf_given_l, tf_given_r) * 1e6)) AS INT),
                    CAST(floor(log2(greatest(tf_surname_l, tf_surname_r) * 1e3)) AS INT)"""
    ).fetchall()
    best = {"f1": 0.0}
    for cut in (0.2, 0.3, 0.4, 0.5, 0.6, 0.7):
        tp = sum(t for t, fl in groups if t / (t + fl) >= cut)
        fp = sum(fl for t, fl in groups if t / (t + fl) >= cut)
        precision, recall = tp / (tp + fp), tp / true_total
        f1 = 2 * precision * recall / (precision + recall)
        if f1 > best["f1"]:
            best = {
                "f1": round(f1, 4),
                "precision": round(precision, 4),
                "recall": round(recall, 4),
                "cut": cut,
            }
    best["true_pairs_in_majority_namesake_groups"] = sum(
        t for t, fl in groups if t / (t + fl) < 0.5
    )
    best["true_pairs_not_scored"] = int(true_total - out["true_pairs_scored"])
    best["groups"] = len(groups)
    out["oracle_ceiling"] = best
    out["oracle_clustered"] = _oracle_clustered(con, work)
    return out


def _oracle_clustered(con: Any, work: Path) -> dict[str, Any]:
    """The oracle's links (share of true pairs >= 1/2) clustered as a run clusters.

    Clustering adds the pairs its entities imply (A-B and B-C linked: A-C too), so a
    pairwise ceiling is not one for clustered F1; this is the oracle's clustered F1.
    """
    from collections import Counter

    from refwatch.analysis.linkage.clusters import cluster_pairs

    linked = con.execute(
        """SELECT unique_id_l, unique_id_r, share FROM (
             SELECT unique_id_l, unique_id_r,
                    avg(truth::int) OVER (PARTITION BY round(mw_surname, 3), round(mw_given, 3),
                      round(mw_birth, 3), round(mw_sex, 3), round(mw_home, 3), round(mw_event, 3),
                      CAST(floor(log2(n_full)) AS INT),
                      CAST(floor(log2(greatest(tf_given_l, tf_given_r) * 1e6)) AS INT),
                      CAST(floor(log2(greatest(tf_surname_l, tf_surname_r) * 1e3)) AS INT)) AS share
             FROM q) WHERE share >= 0.5"""
    ).fetchall()
    person = [p for (p,) in con.execute("SELECT person FROM r ORDER BY unique_id").fetchall()]
    lists = [
        g
        for (g,) in con.execute(
            f"SELECT list_name FROM '{work / 'features.parquet'}' ORDER BY unique_id"
        ).fetchall()
    ]
    entity = cluster_pairs(len(person), linked, threshold=0.5, groups=lists).entity
    cell = Counter(zip(entity, person, strict=True))
    tp = sum(c * (c - 1) // 2 for c in cell.values())
    pred = sum(c * (c - 1) // 2 for c in Counter(entity).values())
    gold = sum(c * (c - 1) // 2 for c in Counter(person).values())
    precision, recall = tp / pred, tp / gold
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(2 * precision * recall / (precision + recall), 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="step", required=True)
    d = sub.add_parser("dump")
    d.add_argument("lists", type=Path)
    d.add_argument("--work", type=Path, required=True)
    d.add_argument("--floor", type=float, default=0.001)
    d.add_argument("--seed", type=int, default=1)
    r = sub.add_parser("report")
    r.add_argument("--work", type=Path, required=True)
    args = parser.parse_args()
    if args.step == "dump":
        dump(args.lists, args.work, args.floor, args.seed)
    else:
        print(json.dumps(report(args.work), indent=1, default=float))


if __name__ == "__main__":
    main()
