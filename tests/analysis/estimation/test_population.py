"""The estimate_population entry point: dispatch, recommendation, guardrails, strata."""

from __future__ import annotations

import math
import sys
import types
from typing import Any

import pytest

from refwatch.analysis.estimation import (
    CaptureHistories,
    Estimate,
    EstimationRefused,
    estimate_population,
    recommend_method,
)

from .golden import GOLDEN, load


def test_it_runs_each_named_method() -> None:
    h = load("spina621")
    for method in ("loglinear", "dga", "mt", "mth-chao", "mth-darroch", "mth-poisson", "mth-gamma"):
        estimate = estimate_population(h, method)
        assert estimate.method == method
        assert estimate.observed == 621
        assert estimate.interval[0] <= estimate.estimate <= estimate.interval[1]
        assert estimate.reason is None


def test_it_refuses_an_unknown_method() -> None:
    with pytest.raises(ValueError, match="unknown method"):
        estimate_population(load("spina621"), "magic")


def test_it_recommends_chapman_for_two_lists_and_says_why() -> None:
    h = CaptureHistories.from_rows(["A", "B"], [((1, 0), 60), ((0, 1), 40), ((1, 1), 20)])
    estimate = estimate_population(h)
    assert estimate.method == "chapman"
    assert estimate.reason is not None and "two lists" in estimate.reason
    assert estimate.to_json_dict()["reason"] == estimate.reason


def test_it_recommends_darroch_loglinear_from_three_lists_and_warns_about_three() -> None:
    recommendation = recommend_method(load("spina621"))
    assert recommendation.method == "loglinear"
    assert recommendation.settings == {"heterogeneity": "darroch"}
    assert "three lists" in recommendation.reason and "identify little" in recommendation.reason


def test_it_names_the_heterogeneity_it_sees() -> None:
    recommendation = recommend_method(load("kosovo"))
    assert recommendation.method == "loglinear"
    assert "heterogeneous capture" in recommendation.reason


def test_the_recommended_estimate_is_rcaptures_best_model_with_darroch() -> None:
    # Rcapture 1.4-4, closedpMS.t(kosovo, h = "Darroch", maxorder = 3): BIC-best
    # [123,24] + Darroch, 9,837.4 (8,452.1-11,627.4); see results_rcapture.csv.
    estimate = estimate_population(load("kosovo"))
    assert estimate.method == "loglinear"
    assert estimate.settings["heterogeneity"] == "darroch"
    assert f"{estimate.estimate:.4g}" == "9837"
    assert [f"{b:.4g}" for b in estimate.interval] == ["8452", "1.163e+04"]
    assert estimate.reason is not None and "Darroch" in estimate.reason


def test_a_caller_setting_overrides_the_recommended_one() -> None:
    estimate = estimate_population(load("kosovo"), heterogeneity="poisson")
    assert estimate.settings["heterogeneity"] == "poisson"


def test_it_recommends_latent_classes_from_six_lists() -> None:
    rows = []
    for bits in range(1, 64):
        pattern = tuple((bits >> j) & 1 for j in range(6))
        rows.append((pattern, 3 + bits % 5))
    recommendation = recommend_method(CaptureHistories.from_rows([f"L{j}" for j in range(6)], rows))
    assert recommendation.method == "lcmcr"
    assert recommendation.settings == {}
    assert "6 lists" in recommendation.reason


def test_it_refuses_lists_that_never_overlap() -> None:
    h = CaptureHistories.from_rows(
        ["A", "B", "C"], [((1, 0, 0), 5), ((0, 1, 0), 4), ((0, 0, 1), 3)]
    )
    with pytest.raises(EstimationRefused, match="nobody appears on two lists"):
        estimate_population(h, "loglinear")


def test_it_refuses_an_empty_list() -> None:
    h = CaptureHistories.from_rows(["A", "B", "C"], [((1, 1, 0), 5), ((0, 1, 0), 4)])
    with pytest.raises(EstimationRefused, match="nobody on them"):
        estimate_population(h, "loglinear")


def test_it_warns_on_a_sparse_table_and_an_empty_pairwise_margin() -> None:
    h = CaptureHistories.from_rows(
        ["A", "B", "C", "D"],
        [
            ((1, 0, 0, 0), 30),
            ((0, 1, 0, 0), 20),
            ((0, 0, 1, 0), 25),
            ((0, 0, 0, 1), 10),
            ((1, 1, 0, 0), 5),
            ((0, 0, 1, 1), 3),
        ],
    )
    estimate = estimate_population(h, "mt")
    assert any("sparse" in w for w in estimate.warnings)
    assert any("nobody is on both 'A' and 'C'" in w for w in estimate.warnings)
    with pytest.raises(EstimationRefused):
        estimate_population(h, "mt", strict=True)


def test_it_warns_when_dga_collapses_to_n() -> None:
    estimate = estimate_population(load("hiv"), "dga", delta=1.0)
    assert any("barely exceeds" in w for w in estimate.warnings)


def test_it_adds_up_strata_and_keeps_the_unstratified_figure() -> None:
    h = CaptureHistories.from_csv(
        GOLDEN / "datasets" / "spina_conting_3list_by_eth.csv", strata=["eth"]
    )
    estimate = estimate_population(h, "loglinear", stratify=True)
    strata = estimate.diagnostics["strata"]
    assert set(strata) == {"afro-american", "caucasian", "other"}
    finite = [s["estimate"] for s in strata.values() if s["estimate"] is not None]
    other = strata["other"]
    assert other["estimate"] is None and "no estimate" in other["diagnostics"]["warnings"][0]
    assert estimate.estimate == pytest.approx(sum(finite) + other["observed"])
    assert estimate.interval[0] < estimate.estimate < estimate.interval[1]
    assert estimate.diagnostics["unstratified_estimate"] == pytest.approx(724.12, abs=0.01)


def test_it_hands_lcmcr_the_agreed_signature(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, Any]] = []

    def fake(histories: CaptureHistories, **kwargs: Any) -> Estimate:
        calls.append(kwargs)
        return Estimate(
            "lcmcr",
            histories.n_observed,
            800.0,
            (700.0, 900.0),
            0.95,
            {},
            kwargs["seed"],
            {"rhat": 1.3, "warnings": []},
        )

    module = types.ModuleType("refwatch.analysis.estimation.lcmcr")
    module.estimate_lcmcr = fake  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "refwatch.analysis.estimation.lcmcr", module)
    estimate = estimate_population(load("spina621"), "lcmcr", seed=7, K=5, samples=50, chains=3)
    assert calls == [
        {
            "K": 5,
            "a_alpha": 0.25,
            "b_alpha": 0.25,
            "burn_in": 10_000,
            "samples": 50,
            "thinning": 100,
            "chains": 3,
            "seed": 7,
        }
    ]
    assert any("chains disagree" in w for w in estimate.warnings)


def test_its_json_has_exactly_the_contract_keys() -> None:
    data = estimate_population(load("kosovo"), "loglinear").to_json_dict()
    assert list(data) == [
        "method",
        "observed",
        "estimate",
        "interval",
        "level",
        "settings",
        "seed",
        "diagnostics",
    ]
    assert data["settings"]["model"] == "[123,14,34]"
    assert data["diagnostics"]["input_fingerprint"] == load("kosovo").fingerprint()
    assert not math.isnan(data["diagnostics"]["model_average"]["estimate"])


def test_it_warns_when_the_posterior_is_cut_by_the_prior_bound() -> None:
    estimate = estimate_population(load("kosovo"), "dga", max_missing=2000)
    assert any("last 1% of the grid" in w for w in estimate.warnings)
    assert any("prior's upper bound" in w for w in estimate.warnings)


def test_it_warns_when_three_lists_leave_most_of_the_estimate_unobserved() -> None:
    # Three independent lists each catching about a fifth of 1,000 people: fewer than half
    # are seen, so the estimate's unobserved share comes from the model, not the data.
    low_capture = CaptureHistories.from_rows(
        ["A", "B", "C"],
        [
            ((1, 0, 0), 128),
            ((0, 1, 0), 128),
            ((0, 0, 1), 128),
            ((1, 1, 0), 32),
            ((1, 0, 1), 32),
            ((0, 1, 1), 32),
            ((1, 1, 1), 8),
        ],
    )
    estimate = estimate_population(low_capture, "mt")
    assert estimate.estimate > 1.5 * estimate.observed
    assert any("only three lists" in w for w in estimate.warnings)
    # Most people listed (spina bifida: about 85% seen) or a fourth list (Kosovo): quiet.
    for name, method in (("spina621", "mt"), ("kosovo", "loglinear")):
        h = load(name)
        found = estimate_population(h, method).warnings
        assert not any("only three lists" in w for w in found), name
