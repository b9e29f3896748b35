"""bict: Bayesian model averaging over hierarchical log-linear models (conting's method).

The sampler is checked against :func:`laplace_posterior`, which visits every model and
integrates coefficients (Laplace) and the prior scale (quadrature) without sampling: a
wrong jump ratio, Jacobian or prior constant moves the sampled model probabilities away
from it.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

from refwatch.analysis.estimation import (
    CaptureHistories,
    estimate_population,
    sensitivity_table,
)
from refwatch.analysis.estimation.bict import (
    LogLinearSpace,
    bict_estimate,
    hpd_interval,
    laplace_posterior,
    sample_bict,
)
from refwatch.cli.estimate import estimate

from .golden import GOLDEN, load

# conting 1.7 (R), bict(y ~ (EXH + ABA + OSCE + HRW)^2, prior = "SBH", n.sample = 20000),
# total_pop(fit, n.burnin = 2000): posterior mean 14586.5, 95% HPD 12578-16583
# (shared/data/mse/reference/results_conting_spina_eth_spina621_spina626_kosovo_hiv.csv).
# It is one chain of a slowly mixing sampler: its Monte Carlo error is about 2%.
CONTING_KOSOVO_MEAN = 14586.5
# Rcapture 1.4-4 closedp.t(kosovo) Mt: 7394.6.
RCAPTURE_KOSOVO_MT = 7394.6


@pytest.mark.parametrize(
    ("k", "order", "count"), [(3, 2, 8), (4, 2, 64), (4, 3, 113), (5, 2, 1024)]
)
def test_it_enumerates_the_hierarchical_models(k: int, order: int, count: int) -> None:
    # 113 is Rcapture's count of hierarchical models for 4 lists up to 3-way terms.
    assert len(LogLinearSpace.build(k, order).all_models()) == count


def test_every_jump_can_be_reversed() -> None:
    space = LogLinearSpace.build(4, 3)
    models = set(space.all_models())
    for model in models:
        for term in space.moves(model):
            other = tuple((not on) if j == term else on for j, on in enumerate(model))
            assert other in models
            assert term in space.moves(other)


def test_the_design_uses_sum_to_zero_contrasts() -> None:
    space = LogLinearSpace.build(3, 2)
    x = space.design
    assert set(np.unique(x)) == {-1.0, 1.0}
    assert np.allclose(x.T @ x, 8 * np.eye(7))
    assert np.allclose(x[0], 1.0)  # the unobserved cell is "not listed" everywhere
    assert np.allclose(space.prior_precision, np.diag([0.0] + [1.0] * 6))
    assert space.name(space.maximal()) == "[12,13,23]"
    assert space.name(space.main_effects()) == "[1,2,3]"


def test_hpd_is_the_shortest_interval_as_in_coda() -> None:
    draws = [1, 2, 3, 4, 5, 6, 7, 8, 9, 100]
    assert hpd_interval(draws, 0.8) == (1.0, 9.0)
    assert hpd_interval(list(reversed(draws)), 0.8) == (1.0, 9.0)


@pytest.mark.parametrize("augment", [False, True])
def test_sampled_model_probabilities_match_the_laplace_enumeration(augment: bool) -> None:
    spina = load("spina621")
    exact = laplace_posterior(spina)
    assert sum(exact.model_probabilities.values()) == pytest.approx(1.0)
    run = sample_bict(spina, samples=10_000, burn_in=1_000, seed=11, augment=augment)
    sampled = run.model_probabilities()
    for name, probability in exact.model_probabilities.items():
        assert abs(sampled.get(name, 0.0) - probability) < 0.05, name
    assert float(run.totals.mean()) == pytest.approx(exact.mean, rel=0.01)


def test_the_same_seed_gives_the_same_draws() -> None:
    spina = load("spina621")
    first = sample_bict(spina, samples=300, burn_in=0, seed=5)
    again = sample_bict(spina, samples=300, burn_in=0, seed=5)
    other = sample_bict(spina, samples=300, burn_in=0, seed=6)
    assert np.array_equal(first.totals, again.totals)
    assert np.array_equal(first.models, again.models)
    assert not np.array_equal(first.totals, other.totals)


def test_it_reports_the_posterior_mean_with_the_hpd_interval() -> None:
    estimate_ = bict_estimate(load("spina621"), samples=3_000, burn_in=300, chains=2, seed=2)
    data = json.loads(estimate_.to_json())
    assert data["method"] == "bict"
    assert data["settings"]["point"] == "posterior mean"
    assert data["settings"]["interval"] == "highest posterior density"
    assert data["settings"]["max_order"] == 2 and data["seed"] == 2
    low, high = data["interval"]
    assert data["observed"] < low < data["estimate"] < high
    low_q, high_q = data["diagnostics"]["quantile_interval"]
    assert low_q < data["diagnostics"]["median"] < high_q
    assert data["diagnostics"]["rhat"] < 1.1


def test_it_refuses_the_unidentified_all_lists_interaction() -> None:
    with pytest.raises(ValueError, match="max_order"):
        bict_estimate(load("spina621"), max_order=3, samples=100, burn_in=10)


def test_it_joins_the_sensitivity_table_and_reaches_contings_kosovo_figure() -> None:
    table = sensitivity_table(load("kosovo"), methods=("mt", "bict"), seed=1, bict_samples=8_000)
    bict = table.rows[1].estimate
    assert table.rows[1].label == "log-linear, Bayesian model averaging (conting)"
    assert table.low == pytest.approx(RCAPTURE_KOSOVO_MT, abs=0.1)
    assert table.high == bict.estimate
    assert bict.estimate == pytest.approx(CONTING_KOSOVO_MEAN, rel=0.05)
    assert bict.settings["samples"] == 8_000 and bict.settings["burn_in"] == 800


def test_estimate_population_and_the_cli_run_it() -> None:
    result = estimate_population(load("spina621"), "bict", seed=4, bict_samples=1_000)
    assert result.method == "bict" and "input_fingerprint" in result.diagnostics
    path = str(GOLDEN / "datasets" / "spina_conting_3list_collapsed.csv")
    args = [path, "--method", "bict", "--seed", "4", "--bict-samples", "1000", "--json"]
    output = CliRunner().invoke(estimate, args)
    assert output.exit_code == 0, output.output
    data = json.loads(output.output)
    assert data["method"] == "bict" and data["estimate"] == pytest.approx(result.estimate)


def _four_list_table() -> CaptureHistories:
    """Expected counts of a fixed log-linear model with one three-way term (no sampling)."""
    space = LogLinearSpace.build(4, 3)
    beta = np.zeros(15)
    beta[:5] = [5.0, 0.3, 0.2, 0.4, 0.1]
    beta[[5, 6, 9, 11]] = [0.25, 0.2, -0.15, 0.08]  # AB, AC, BD, ABC
    mu = np.exp(space.design @ beta)
    rows = [(tuple((c >> j) & 1 for j in range(4)), round(float(mu[c]))) for c in range(1, 16)]
    return CaptureHistories.from_rows(["A", "B", "C", "D"], rows)


def test_jumps_between_models_with_three_way_terms_match_the_enumeration() -> None:
    # With three-way terms the number of possible jumps differs between models, so the
    # proposal-probability ratio of the reversible jump matters here.
    table = _four_list_table()
    exact = laplace_posterior(table, max_order=3, log_sigma2_grid=np.arange(-10.0, 20.0, 0.5))
    run = sample_bict(table, max_order=3, samples=15_000, burn_in=1_000, seed=3)
    sampled = run.model_probabilities()
    for name, probability in exact.model_probabilities.items():
        assert abs(sampled.get(name, 0.0) - probability) < 0.05, name
    assert float(run.totals.mean()) == pytest.approx(exact.mean, rel=0.01)


def test_it_reports_progress_up_to_the_last_iteration() -> None:
    calls: list[tuple[int, int]] = []
    sample_bict(
        load("spina621"),
        samples=1_500,
        burn_in=100,
        chains=2,
        seed=1,
        progress=lambda done, total: calls.append((done, total)),
    )
    assert calls == [(1_000, 3_000), (2_000, 3_000), (3_000, 3_000)]


def test_a_covariate_adds_factor_blocks_and_one_unobserved_cell_per_value() -> None:
    space = LogLinearSpace.build(3, 2, covariate_levels=[3], covariate_names=["eth"])
    # intercept, 3 lists, eth (2 columns), 3 list pairs, 3 list-by-eth blocks of 2
    assert space.design.shape == (24, 15)
    assert [b.size for b in space.blocks] == [1, 1, 1, 2, 1, 1, 2, 1, 2, 2]
    assert space.missing.tolist() == [0, 8, 16]
    assert np.allclose(space.design[:, 1:].sum(axis=0), 0.0)  # sum-to-zero columns
    assert len(space.all_models()) == 64
    with_eth = tuple(t in ((0,), (1,), (2,), (3,), (0, 3)) for t in space.terms)
    assert space.name(with_eth) == "[1:eth,2,3]"


def test_covariate_models_match_the_laplace_enumeration() -> None:
    spina = CaptureHistories.from_csv(
        GOLDEN / "datasets" / "spina_conting_3list_by_eth.csv", strata=["eth"]
    )
    grid = np.arange(-10.0, 20.0, 0.5)
    exact = laplace_posterior(spina, covariates=True, log_sigma2_grid=grid)
    run = sample_bict(spina, covariates=True, samples=10_000, burn_in=1_000, seed=3)
    assert run.settings["covariates"] == ["x1"]
    sampled = run.model_probabilities()
    for name, probability in exact.model_probabilities.items():
        assert abs(sampled.get(name, 0.0) - probability) < 0.05, name
