"""The prior and threshold a run fits on its own scored pairs (no labels)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from refwatch.analysis.linkage.calibrate import (
    MAX_PRIOR_ODDS_RATIO,
    expected_f1,
    expected_f1_threshold,
    fit_prior,
    logit2,
    probability,
)
from refwatch.analysis.linkage.run import link_records

from .conftest import LinkedLists

pytestmark = pytest.mark.filterwarnings(
    r"ignore:Exception ignored in. <_io.FileIO name='.*\.xlsx':pytest.PytestUnraisableExceptionWarning"
)


def _population(prior: float) -> tuple[list[float], list[int], float, int]:
    """Scored pairs of a population whose true prior is ``prior``, as the engines give them.

    A million scored pairs with Bayes factors from 2^0 to 2^30 (namesakes to exact
    matches); each is a match with its probability under ``prior``; the other record
    pairs (Bayes factor ~0) are as many as make ``prior`` the share of matches. Returns
    weights at prior 1/2 (Bayes factors alone), to 0.01 bit, their counts, all pairs,
    and the matches drawn.
    """
    rng = np.random.default_rng(4)
    bits = np.round(rng.uniform(0, 30, 1_000_000), 2)
    odds = prior / (1 - prior) * np.power(2.0, bits)
    p = odds / (1 + odds)
    n_pairs = float(p.sum() / prior)
    matches = int((rng.random(p.size) < p).sum())
    values, counts = np.unique(bits, return_counts=True)
    return [float(v) for v in values], [int(c) for c in counts], n_pairs, matches


def test_the_fitted_prior_recovers_the_share_of_matching_pairs() -> None:
    prior = 2.5e-6
    bits, counts, n_pairs, matches = _population(prior)
    for start in (prior * 3, prior / 3):  # a direct estimate inflated or deflated
        weights = [b + logit2(start) for b in bits]
        fitted = fit_prior(weights, counts, n_pairs=n_pairs, start=start)
        assert fitted == pytest.approx(matches / n_pairs, rel=0.02)


def test_the_fitted_prior_stays_within_the_scoring_margin() -> None:
    # scores that imply far more matches than the trained prior: capped at the margin
    start = 1e-6
    fitted = fit_prior([30.0], [10_000], n_pairs=1e6, start=start)
    assert fitted / (1 - fitted) == pytest.approx(
        start / (1 - start) * MAX_PRIOR_ODDS_RATIO, rel=1e-3
    )
    # nothing scored at all: no evidence of any match, capped the other way
    fitted = fit_prior([], [], n_pairs=1e6, start=start)
    assert fitted / (1 - fitted) == pytest.approx(
        start / (1 - start) / MAX_PRIOR_ODDS_RATIO, rel=1e-3
    )
    with pytest.raises(ValueError, match="prior"):
        fit_prior([1.0], [1], n_pairs=10, start=0.0)


def test_probability_and_log_odds_are_inverse() -> None:
    for p in (1e-12, 0.05, 0.5, 0.9, 1 - 1e-9):
        assert probability(logit2(p)) == pytest.approx(p, rel=1e-9)
    assert probability(-2000.0) == 0.0
    assert probability(2000.0) == 1.0


def test_expected_f1_counts_probabilities_as_expected_true_pairs() -> None:
    probs = sorted([0.2, 0.6, 0.9, 1.0])
    # linking the three at or above 0.6: expected true positives 2.5, 3 linked, 2.7 expected in all
    assert expected_f1(probs, 0.6, 2.7) == pytest.approx(2 * 2.5 / (3 + 2.7))
    assert expected_f1([], 0.5, 0.0) == 0.0


def test_the_threshold_maximises_expected_f1_and_never_goes_below_one_half() -> None:
    confident = [0.999] * 90 + [0.97] * 10
    assert expected_f1_threshold(confident, expected_matches=99.0) == 0.97
    # many middling pairs: the best expected F1 lies below 0.5, the threshold does not
    middling = sorted([0.45] * 1000 + [0.6] * 50 + [0.99] * 10)
    assert expected_f1(middling, 0.45, 490.0) > expected_f1(middling, 0.6, 490.0)
    assert expected_f1_threshold(middling, expected_matches=490.0) == 0.6
    # no pairs at all
    assert expected_f1_threshold([], expected_matches=0.0) == 0.99
    # engines differ in the last bits of a probability: the threshold does not
    probs = [0.7, 0.8, 0.95]
    assert expected_f1_threshold(probs, 2.5) == expected_f1_threshold(
        [p + 1e-13 for p in probs], 2.5
    )


def test_a_run_chooses_its_threshold_and_prior_from_its_own_scores(linked: LinkedLists) -> None:
    result = linked.result
    assert result.diagnostics["threshold_chosen_by"] == "expected F1"
    assert 0.5 <= result.threshold <= 0.99
    prior = result.diagnostics["prior"]
    assert 0 < prior < 1
    trained = result.diagnostics["prior_trained"]
    ratio = (prior / (1 - prior)) / (trained / (1 - trained))
    assert 1 / MAX_PRIOR_ODDS_RATIO <= ratio <= MAX_PRIOR_ODDS_RATIO
    assert f'"probability_two_random_records_match": {prior}' in result.model_json
    # every kept pair's probability is its weight (fitted prior included)
    for pair in result.pairs[:50]:
        assert pair.match_probability == pytest.approx(probability(pair.match_weight))
    # the fitted prior's expected matches are those of the scored pairs
    n = len(result.clusters)
    expected = prior * n * (n - 1) / 2
    kept = math.fsum(p.match_probability for p in result.pairs)
    assert kept <= expected * 1.05


def test_a_given_threshold_is_used_as_given(linked: LinkedLists) -> None:
    result = link_records(linked.records, seed=3, threshold=0.9)
    assert result.threshold == 0.9
    assert result.diagnostics["threshold_chosen_by"] == "given"
    # the prior does not depend on the threshold
    assert result.diagnostics["prior"] == linked.result.diagnostics["prior"]
