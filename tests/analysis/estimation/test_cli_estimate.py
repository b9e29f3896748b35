"""`refwatch estimate`: the table, the JSON contract, the recommendation, clusters input."""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from refwatch.analysis.estimation import CaptureHistories, Estimate
from refwatch.cli.estimate import estimate

from .golden import GOLDEN

KOSOVO = str(GOLDEN / "datasets" / "kosovo_lcmcr_4list.csv")
SPINA = str(GOLDEN / "datasets" / "spina_conting_3list_collapsed.csv")
CONTRACT = [
    "method",
    "observed",
    "estimate",
    "interval",
    "level",
    "settings",
    "seed",
    "diagnostics",
]


def _invoke(*args: str) -> Any:
    result = CliRunner().invoke(estimate, list(args))
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def fake_lcmcr(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stand in for the sampler so CLI tests do not run long chains."""

    def fake(histories: CaptureHistories, **kwargs: Any) -> Estimate:
        n = histories.n_observed
        return Estimate(
            "lcmcr",
            n,
            1.5 * n,
            (1.2 * n, 2 * n),
            0.95,
            {"K": kwargs["K"]},
            kwargs["seed"],
            {"rhat": 1.01, "warnings": []},
        )

    module = types.ModuleType("refwatch.analysis.estimation.lcmcr")
    module.estimate_lcmcr = fake  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "refwatch.analysis.estimation.lcmcr", module)


def test_it_prints_the_loglinear_json_contract() -> None:
    data = json.loads(_invoke(KOSOVO, "--method", "loglinear", "--json").output)
    assert list(data) == CONTRACT
    assert data["settings"]["model"] == "[123,14,34]"
    assert round(data["estimate"], 1) == 10356.5
    assert [round(v) for v in data["interval"]] == [8994, 12110]
    assert "model_average" in data["diagnostics"]


def test_it_prints_dga_posterior_median_and_quantiles() -> None:
    data = json.loads(_invoke(KOSOVO, "--method", "dga", "--json").output)
    assert (data["estimate"], data["interval"]) == (12595, [9827, 16544])


def test_it_passes_max_order_and_delta_through() -> None:
    data = json.loads(_invoke(KOSOVO, "--method", "loglinear", "--max-order", "1", "--json").output)
    assert data["settings"]["model"] == "[1,2,3,4]"
    data = json.loads(_invoke(KOSOVO, "--method", "dga", "--delta", "1", "--json").output)
    assert data["estimate"] == 4616


def test_it_reports_the_recommended_method_and_reason() -> None:
    data = json.loads(_invoke(SPINA, "--json").output)
    # Rcapture 1.4-4 closedpMS.t(spina621, h = "Darroch"): [23,1] + Darroch, 754.4
    # (654.9-1,048.3), results_rcapture.csv.
    assert (data["method"], data["settings"]["heterogeneity"]) == ("loglinear", "darroch")
    assert data["settings"]["model"] == "[23,1]"
    assert round(data["estimate"], 1) == 754.4
    assert [round(v, 1) for v in data["interval"]] == [654.9, 1048.3]
    assert "three lists" in data["reason"]
    assert "chosen" in _invoke(SPINA).output


def test_it_prints_a_json_list_for_all_methods(fake_lcmcr: None) -> None:
    data = json.loads(
        _invoke(KOSOVO, "--method", "all", "--seed", "3", "--K", "7", "--json").output
    )
    assert [d["method"] for d in data] == ["loglinear", "lcmcr", "dga", "bict"]
    assert data[1]["seed"] == 3 and data[1]["settings"]["K"] == 7


def test_it_prints_a_readable_table() -> None:
    output = _invoke(KOSOVO, "--method", "loglinear").output
    assert "10,357" in output and "8,994 – 12,110" in output and "[123,14,34]" in output


def test_it_shows_the_spread_across_methods(fake_lcmcr: None) -> None:
    output = _invoke(KOSOVO, "--sensitivity", "--method", "loglinear").output
    assert "7,395" in output and "range from" in output


def test_it_estimates_from_a_clusters_file_and_pools_thresholds(tmp_path: Path) -> None:
    lines = ["list,record_id,entity_id,match_probability"]
    person = 0
    for pattern, count in (
        ("110", 30),
        ("101", 25),
        ("011", 20),
        ("111", 10),
        ("100", 60),
        ("010", 50),
        ("001", 40),
    ):
        for _ in range(count):
            person += 1
            for name, bit in zip("ABC", pattern, strict=True):
                if bit == "1":
                    prob = "0.6" if person % 7 == 0 else "0.99"
                    lines.append(f"{name},{name}{person},e{person},{prob}")
    path = tmp_path / "clusters.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    single = json.loads(_invoke(str(path), "--method", "mt", "--json").output)
    assert single["observed"] == 235
    pooled = json.loads(
        _invoke(
            str(path), "--method", "mt", "--threshold", "0.5", "--threshold", "0.9", "--json"
        ).output
    )
    assert pooled["settings"]["pooling"].startswith("Rubin")
    assert len(pooled["diagnostics"]["runs"]) == 2


def test_it_reads_covariate_columns_as_strata() -> None:
    path = str(GOLDEN / "datasets" / "spina_conting_3list_by_eth.csv")
    data = json.loads(_invoke(path, "--method", "loglinear", "--stratify", "--json").output)
    assert set(data["diagnostics"]["strata"]) == {"afro-american", "caucasian", "other"}


def test_it_explains_bad_input_without_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("A,B,count\n1,0,5\n0,0,3\n", encoding="utf-8")
    result = CliRunner().invoke(estimate, [str(path), "--method", "mt"])
    assert result.exit_code == 1
    assert "all-zero pattern" in result.output
