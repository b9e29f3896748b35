"""Store benchmark: import, linkage, estimation and report on a synthetic store.

    python benchmarks/store/bench_store.py --persons 5000 --lists 4 --seed 1

Creates a throwaway home (SQLite, or DATABASE_URL if set), writes synthetic
lists with `refwatch synth`'s generator, then times each stage in-process and
prints one JSON line. Also times `refwatch demo` end to end as a user runs it.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=5000)
    parser.add_argument("--lists", type=int, default=4)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--demo", action="store_true", help="also time `refwatch demo`")
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="refwatch-bench-"))
    os.environ["REFWATCH_HOME"] = str(home)
    from refwatch.site.bootstrap import setup

    setup()
    from refwatch.analysis.linkage.synth import generate_lists, write_lists
    from refwatch.analysis.lists import read_list, read_spec
    from refwatch.cli.store import initialise_home
    from refwatch.jobs.estimation import estimate_store
    from refwatch.jobs.linkage import link_store
    from refwatch.records.actions import import_list

    times: dict[str, float] = {}

    def timed(name: str, fn):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        result = fn()
        times[name] = round(time.perf_counter() - start, 2)
        return result

    timed("init", lambda: initialise_home(admin_username="admin", admin_password="bench-password-long", quiet=True))
    lists_dir = home / "lists"
    synth = timed("synth", lambda: generate_lists(persons=args.persons, lists=args.lists, seed=args.seed))
    write_lists(synth, lists_dir)
    records = sum(len(lst.records) for lst in synth.lists)

    def do_import() -> None:
        for source in read_spec(lists_dir / "lists.toml").lists:
            import_list(read_list(source), original=source.path.read_bytes(), acting_user=None, skip_invalid=True)

    timed("import", do_import)
    timed("reimport_unchanged", do_import)
    link = timed("link_store", lambda: link_store(acting_user=None, seed=args.seed))
    timed("estimate_loglinear", lambda: estimate_store(acting_user=None, method="loglinear"))
    result = {
        "persons": args.persons, "lists": args.lists, "records": records, "entities": link.entities,
        "seconds": times, "import_records_per_s": round(records / times["import"]),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "database": os.environ.get("DATABASE_URL", "sqlite"),
    }
    if args.demo:
        demo_home = Path(tempfile.mkdtemp(prefix="refwatch-demo-bench-")) / "home"
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "refwatch", "demo", "--home", str(demo_home)],
                       check=True, capture_output=True)
        result["demo_seconds"] = round(time.perf_counter() - start, 1)
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
