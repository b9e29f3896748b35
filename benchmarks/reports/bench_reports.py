"""Time the reports engine on the synthetic sample: HTML, PDF, public dataset, disclosure.

    nice -n 10 /work/venv/bin/python benchmarks/reports/bench_reports.py [--repeat 3]

Prints one line per step: median wall-clock and CPU seconds over the repeats
(CPU time is the steadier figure on a shared machine).
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date

from refwatch.analysis.reports import (
    Bilingual,
    CountTable,
    QuasiIdentifierRow,
    SuppressionPolicy,
    anonymise,
    render_report,
    sample_report_data,
    suppress_table,
    write_public_dataset,
)


def _time(step: Callable[[], object], repeat: int) -> tuple[float, float]:
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        step()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rng = random.Random(1)
    en, ko = sample_report_data(language="en"), sample_report_data(language="ko")
    table = CountTable(
        "big",
        Bilingual("big"),
        tuple(Bilingual(f"r{i}") for i in range(12)),
        tuple(Bilingual(f"c{j}") for j in range(10)),
        tuple(
            tuple(rng.choice((rng.randint(0, 6), rng.randint(0, 80))) for _ in range(10))
            for _ in range(12)
        ),
    )
    rows = [
        QuasiIdentifierRow(
            rng.choice("FM"),
            rng.randint(1950, 2010),
            rng.choice(("Musan", "Hoeryong", "Onsong", "Hyesan", "Sinuiju", "Chongjin")),
            rng.choice(("North Hamgyong", "Ryanggang", "North Pyongan")),
            rng.choice(("Tumen", "Dandong", "Longjing", "Hunchun", "Yanji")),
            rng.choice(("Jilin", "Liaoning")),
            date(rng.randint(2019, 2024), rng.randint(1, 12), rng.randint(1, 28)),
            rng.choice(("arrest", "detention", "forced_repatriation")),
        )
        for _ in range(5000)
    ]
    with tempfile.TemporaryDirectory() as out:
        steps: dict[str, Callable[[], object]] = {
            "html, English sample (5 incidents, 240 people)": lambda: render_report(en),
            "pdf, English sample (14 pages)": lambda: render_report(en, fmt="pdf"),
            "pdf, Korean sample (14 pages)": lambda: render_report(ko, fmt="pdf"),
            "public dataset, sample": lambda: write_public_dataset(en, out),
            "suppress_table, 12x10 table with margins": lambda: suppress_table(
                table, SuppressionPolicy()
            ),
            "anonymise, 5,000 quasi-identifier rows": lambda: anonymise(rows, SuppressionPolicy()),
        }
        print("    wall      cpu  step")
        for name, step in steps.items():
            wall, cpu = _time(step, args.repeat)
            print(f"{wall:8.2f} {cpu:8.2f}  {name}")


if __name__ == "__main__":
    main()
