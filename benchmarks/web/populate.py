"""Fill a refwatch home with N synthetic persons (and one list of N records) for the web benchmark.

Run with REFWATCH_HOME (and DATABASE_URL for PostgreSQL) set to an initialised
home. Rows are bulk-inserted (sealed exactly as the actions seal them) rather
than created one by one through the actions: 100k audited creations would take
the benchmark's whole budget and measure the writer, not the web server. One
audit event records the bulk load.

    python benchmarks/web/populate.py --persons 100000
"""

from __future__ import annotations

import argparse
import random
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    from refwatch.site.bootstrap import setup

    setup()
    from django.db import transaction

    from refwatch.audit.chain import record_event
    from refwatch.crypto import keyring
    from refwatch.records.models import List, ListRecord, Person, PersonName

    rng = random.Random(args.seed)
    surnames = ["김", "리", "박", "최", "정", "강", "조", "윤", "장", "림", "한", "오", "서", "신", "권"]
    syllables = "가나다라마바사아자차카타파하서윤지민현수영진은혜성철광명옥순희"
    ring = keyring()
    started = time.perf_counter()
    the_list, _ = List.objects.get_or_create(name="bench", defaults={"organisation": "synthetic"})
    batch = 2000
    done = Person.objects.count()
    while done < args.persons:
        n = min(batch, args.persons - done)
        with transaction.atomic():
            people = []
            for _ in range(n):
                p = Person(sex=rng.choice("FM"))
                p.seal("birth_date", f"{rng.randint(1950, 2010)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}")
                people.append(p)
            Person.objects.bulk_create(people)
            people = list(Person.objects.order_by("-id")[:n])
            names, records = [], []
            for p in people:
                name = rng.choice(surnames) + "".join(rng.choice(syllables) for _ in range(2))
                pn = PersonName(person=p, kind="primary", script="hangul", name_index=ring.blind_index(name))
                pn.seal("name", name)
                names.append(pn)
                r = ListRecord(list=the_list, record_id=f"R{p.pk}", row=p.pk, sex=p.sex,
                               name_index=pn.name_index, content_mac=ring.mac("bench", str(p.pk).encode()),
                               person=p)
                r.seal_json("data", {"name": name, "birth_date": {"year": rng.randint(1950, 2010)}})
                records.append(r)
            PersonName.objects.bulk_create(names)
            ListRecord.objects.bulk_create(records)
        done += n
        print(f"\r{done} persons", end="", flush=True)
    the_list.record_count = ListRecord.objects.filter(list=the_list).count()
    the_list.save()
    record_event(None, "bench.populated", the_list, {"persons": done})
    # Planner statistics and the visibility map after a bulk load: what autovacuum would
    # reach on PostgreSQL a little later (index-only scans need the visibility map);
    # SQLite has no statistics until ANALYZE runs.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    print(f"\n{done} persons in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
