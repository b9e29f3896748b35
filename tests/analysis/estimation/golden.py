"""Paths and loaders for the golden reference files (see golden/estimation/PROVENANCE.md)."""

from __future__ import annotations

import csv
from pathlib import Path

from refwatch.analysis.estimation import CaptureHistories

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "estimation"

DATASETS = {
    "kosovo": "kosovo_lcmcr_4list",
    "hiv": "hiv_rome_rcapture_4list",
    "spina621": "spina_conting_3list_collapsed",
    "spina626": "madigan_york_3list_dga_example",
    "scotpwid": "scotpwid_conting_4list_collapsed",
    "my5list": "madigan_york_5list_dga_example",
}


def load(key: str) -> CaptureHistories:
    """One golden data set by its short name."""
    return CaptureHistories.from_csv(GOLDEN / "datasets" / f"{DATASETS[key]}.csv")


def results(name: str) -> list[dict[str, str]]:
    """Rows of a golden results CSV (``results_rcapture`` or ``results_dga``)."""
    with (GOLDEN / f"{name}.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def same_to_4_digits(ours: float, reference: float) -> bool:
    """Whether two numbers agree to 4 significant digits (relative error below 5e-5)."""
    return abs(ours - reference) <= 5e-5 * abs(reference)
