"""Backtest the shipped rules on the shipped 2019-2025 history and time it.

Usage:
    python benchmarks/warning/backtest_shipped.py [--from 2019-01-01] [--to 2025-12-31]
        [--history DIR] [--rules FILE] [--level elevated] [--horizon 30] [--score]

Prints the backtest report (the same text as ``refwatch watch --backtest``),
then timings: days replayed per second, and the time of the out-of-sample
risk-score checks when ``--score`` is given.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from pathlib import Path

from refwatch.analysis.warning import (
    Level,
    backtest,
    default_rules,
    example_history,
    load_history,
    load_rules,
    render_text,
    score_backtest,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--from", dest="start", default="2019-01-01")
    parser.add_argument("--to", dest="end", default="2025-12-31")
    parser.add_argument("--history", type=Path)
    parser.add_argument("--rules", type=Path)
    parser.add_argument("--level", default="elevated")
    parser.add_argument("--horizon", type=int, default=30)
    parser.add_argument("--score", action="store_true")
    args = parser.parse_args()
    start, end = dt.date.fromisoformat(args.start), dt.date.fromisoformat(args.end)
    indicators = load_history(args.history) if args.history else example_history()
    rules = load_rules(args.rules) if args.rules else default_rules()

    t0 = time.perf_counter()
    report = backtest(
        rules, indicators, start, end, min_level=Level(args.level), horizon_days=args.horizon
    )
    elapsed = time.perf_counter() - t0
    print(render_text(report))
    print(
        f"\n{len(indicators)} observations, {len(rules)} rules: {report.days} days replayed in "
        f"{elapsed:.2f} s ({report.days / elapsed:.0f} days/s)"
    )
    if args.score:
        t0 = time.perf_counter()
        checks = score_backtest(indicators, start, end)
        elapsed = time.perf_counter() - t0
        print("\nRisk score on the eve of each incident (refitted on what was known then):")
        for c in checks:
            if c.daily_risk is None or c.ratio is None:
                print(
                    f"  {c.incident:22} eve {c.eve}: not available (fewer than two incidents known)"
                )
            else:
                print(
                    f"  {c.incident:22} eve {c.eve}: daily risk {c.daily_risk:.4f}, "
                    f"median day {c.median_daily_risk:.4f}, ratio {c.ratio:.1f}"
                )
        print(f"score checks: {elapsed:.2f} s")


if __name__ == "__main__":
    main()
