"""Log-linear estimates reproduce Rcapture 1.4-4 to 4 significant digits."""

from __future__ import annotations

import re

import pytest

from refwatch.analysis.estimation.loglinear import heterogeneity_estimate, loglinear_estimate

from .golden import load, results, same_to_4_digits

ROWS = results("results_rcapture")
HETEROGENEITY = {"Chao": "chao", "Darroch": "darroch", "Poisson2": "poisson"}


def _row_id(row: dict[str, str]) -> str:
    return f"{row['dataset']}:{row['model'][:45]}"


@pytest.mark.parametrize("row", [r for r in ROWS if r["model"].startswith("M")], ids=_row_id)
def test_it_reproduces_rcapture_standard_models(row: dict[str, str]) -> None:
    words = row["model"].split()
    kind = None if words[0] == "Mt" else HETEROGENEITY[words[1]]
    estimate = heterogeneity_estimate(load(row["dataset"]), kind)
    assert same_to_4_digits(estimate.estimate, float(row["estimate"]))
    assert same_to_4_digits(estimate.interval[0], float(row["lo95"]))
    assert same_to_4_digits(estimate.interval[1], float(row["hi95"]))
    assert same_to_4_digits(estimate.diagnostics["bic"], float(row["BIC"]))
    assert estimate.diagnostics["df"] == int(row["df"])


@pytest.mark.parametrize("row", [r for r in ROWS if r["model"].startswith("BIC-best")], ids=_row_id)
def test_it_picks_rcapture_bic_best_model_and_its_profile_interval(row: dict[str, str]) -> None:
    kind = "darroch" if "+ Darroch" in row["model"] else None
    match = re.search(r"(\[[0-9,]+\])", row["model"])
    assert match is not None
    n_models = int(re.search(r"over (\d+) models", row["model"]).group(1))  # type: ignore[union-attr]
    estimate = loglinear_estimate(load(row["dataset"]), heterogeneity=kind)
    assert estimate.settings["model"] == match.group(1)
    assert estimate.settings["n_models"] == n_models
    assert same_to_4_digits(estimate.estimate, float(row["estimate"]))
    assert same_to_4_digits(estimate.interval[0], float(row["lo95"]))
    assert same_to_4_digits(estimate.interval[1], float(row["hi95"]))
    assert same_to_4_digits(estimate.diagnostics["stderr"], float(row["stderr"]))
    assert same_to_4_digits(estimate.diagnostics["deviance"], float(row["deviance"]))


def test_it_gives_the_published_kosovo_figure() -> None:
    estimate = loglinear_estimate(load("kosovo"))
    assert estimate.settings["model"] == "[123,14,34]"
    assert estimate.settings["model_terms"] == [
        ["EXH", "ABA", "OSCE"],
        ["EXH", "HRW"],
        ["OSCE", "HRW"],
    ]
    assert round(estimate.estimate, 1) == 10356.5
    assert (round(estimate.interval[0]), round(estimate.interval[1])) == (8994, 12110)
