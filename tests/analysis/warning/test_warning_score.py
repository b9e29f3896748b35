"""The Firth-penalised discrete-time hazard score."""

from __future__ import annotations

import math

import numpy as np

from refwatch.analysis.warning import Indicators, example_history, risk_score
from refwatch.analysis.warning.score import firth_logistic

from .warning_synth import D, backlog, border, event, returned


def _expit(z: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-z))


def test_it_solves_the_firth_modified_score_equations() -> None:
    rng = np.random.default_rng(7)
    x = np.column_stack([np.ones(400), rng.normal(size=400), rng.integers(0, 2, 400)])
    y = (rng.random(400) < _expit(x @ np.array([-1.0, 0.8, 1.2]))).astype(float)
    beta, _ = firth_logistic(x, y)
    p = _expit(x @ beta)
    w = p * (1 - p)
    info_inv = np.linalg.inv(x.T @ (x * w[:, None]))
    hat = w * np.einsum("ij,jk,ik->i", x, info_inv, x)
    assert np.allclose(x.T @ (y - p + hat * (0.5 - p)), 0, atol=1e-6)
    assert np.allclose(beta, [-1.0, 0.8, 1.2], atol=0.45)


def test_it_stays_finite_under_complete_separation() -> None:
    x = np.column_stack([np.ones(20), np.r_[np.zeros(10), np.ones(10)]])
    y = np.r_[np.zeros(10), np.ones(10)]  # maximum likelihood would diverge
    beta, loglik = firth_logistic(x, y)
    assert np.all(np.isfinite(beta)) and math.isfinite(loglik)
    # Known closed form for a 2x2 table: Firth adds 1/2 to each cell.
    assert math.isclose(beta[1], math.log((10.5 / 0.5) / (0.5 / 10.5)), rel_tol=1e-4)


def test_it_refuses_to_score_with_fewer_than_two_known_incidents() -> None:
    history = Indicators(
        border=(border("open", D(2019, 1, 1), "open"),),
        repatriations=(
            returned("r1", D(2019, 6, 1), D(2019, 6, 3)),
            returned("r2", D(2019, 9, 1), D(2020, 6, 1)),
        ),
    )
    assert risk_score(history, D(2020, 1, 1)) is None  # r2 not yet published
    assert risk_score(history, D(2020, 6, 2), intervals=False) is not None


def test_it_states_its_inputs_uncertainty_and_the_small_number_of_events() -> None:
    history = Indicators(
        border=(border("open", D(2019, 1, 1), "open"),),
        backlog=(backlog("held", 999, known=D(2019, 1, 1)),),
        calendar=(event("e", D(2019, 3, 1), D(2019, 3, 5), D(2018, 1, 1)),),
        repatriations=(
            returned("r1", D(2019, 3, 6), D(2019, 3, 8)),
            returned("r2", D(2019, 7, 1), D(2019, 7, 3)),
            returned("r3", D(2019, 11, 1), D(2019, 11, 3)),
        ),
    )
    score = risk_score(history, D(2020, 1, 1), history_start=D(2019, 1, 1))
    assert score is not None
    assert score.inputs == {"border_open": 1.0, "backlog": 1.0, "event": 0.0, "recent_return": 0.0}
    assert score.incidents_used == ("r1", "r2", "r3")
    assert score.daily_interval[0] < score.daily_risk < score.daily_interval[1]
    estimated = [c for c in score.coefficients if not math.isnan(c.estimate)]
    assert [c.name for c in estimated] == ["intercept", "event", "recent_return"]
    for c in estimated:
        assert c.low <= c.estimate <= c.high
    assert score.caveats[0].startswith("descriptive only")
    assert "border_open, backlog" in score.caveats[-1]  # constant inputs are left out, openly


def test_the_shipped_history_gives_a_wide_interval() -> None:
    score = risk_score(example_history(), D(2024, 4, 10), intervals=False)
    assert score is not None
    low, high = score.risk_30d_interval
    assert high / max(low, 1e-9) > 3  # a handful of events cannot pin the risk down
