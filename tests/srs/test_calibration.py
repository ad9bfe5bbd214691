"""Calibrated retention: the held-out reviews' predicted and actual recall set the retention scheduled for.

Figures worked by hand: with n held-out reviews all predicted p and k of them recalled, and
PRIOR_REVIEWS (50) pseudo-reviews recalled as predicted, the offset c solves
(n + 50) * sigmoid(logit(p) + c) = k + 50 p, so the corrected recall q = (k + 50 p) / (n + 50) and
c = logit(q) - logit(p); the retention scheduled for a desired r has odds odds(r) * odds(p) / odds(q).
"""

from __future__ import annotations

import math

import pytest

from quizapp.srs.calibration import (
    MAX_OFFSET,
    PRIOR_REVIEWS,
    SCHEDULED_RANGE,
    recall_offset,
    scheduled_retention,
)
from quizapp.srs.optimize import fit_parameters
from quizapp.srs.replay import LoggedReview, predict_recall
from quizapp.srs.scheduler import SchedulerSettings
from tests.srs.histories import AFTER, history, steady_learner


def outcomes(recalled: int, total: int) -> list[bool]:
    return [True] * recalled + [False] * (total - recalled)


def test_over_confident_weights_predicted_90_recalled_80_of_100():
    assert PRIOR_REVIEWS == 50
    # q = (80 + 45) / 150 = 5/6: odds 5 against odds 9 for 0.9, so c = ln 5 - ln 9.
    offset = recall_offset([0.9] * 100, outcomes(80, 100))
    assert offset == pytest.approx(math.log(5) - math.log(9), abs=1e-9)
    # Odds for 0.9 become 9 x 9 / 5 = 16.2: schedule at 81/86; for 0.8, 4 x 9 / 5 = 7.2.
    assert scheduled_retention(0.9, offset) == pytest.approx(81 / 86)
    assert scheduled_retention(0.8, offset) == pytest.approx(7.2 / 8.2)


def test_cautious_weights_predicted_80_recalled_95_of_100_space_reviews_out():
    # q = (95 + 40) / 150 = 0.9: c = ln 9 - ln 4, and a desired 0.9 is scheduled at odds 9 x 4 / 9.
    offset = recall_offset([0.8] * 100, outcomes(95, 100))
    assert offset == pytest.approx(math.log(9) - math.log(4), abs=1e-9)
    assert scheduled_retention(0.9, offset) == pytest.approx(0.8)


def test_a_few_reviews_move_the_offset_less_than_many_with_the_same_share():
    # 8 of 10: q = (8 + 45) / 60 = 53/60, odds 53/7, so c = ln(53/7) - ln 9, a third of 80 of 100's.
    few = recall_offset([0.9] * 10, outcomes(8, 10))
    assert few == pytest.approx(math.log(53 / 7) - math.log(9), abs=1e-9)
    assert recall_offset([0.9] * 100, outcomes(80, 100)) < few < 0


def test_predictions_that_came_true_leave_the_desired_retention_alone():
    assert recall_offset([0.5] * 4, outcomes(2, 4)) == pytest.approx(0.0, abs=1e-9)
    # 0.2 + 0.8 predicted, one of two recalled: sigmoid(logit 0.2 + c) + sigmoid(logit 0.8 + c) = 1 at c = 0.
    assert recall_offset([0.2, 0.8], [False, True]) == pytest.approx(0.0, abs=1e-9)
    assert scheduled_retention(0.85, 0.0) == 0.85
    assert scheduled_retention(0.85, None) == 0.85


def test_a_wild_measurement_is_bounded():
    assert recall_offset([0.9] * 1000, outcomes(0, 1000)) == -MAX_OFFSET
    assert recall_offset([0.5] * 1000, outcomes(1000, 1000)) == MAX_OFFSET
    low, high = SCHEDULED_RANGE
    # sigmoid(logit 0.9 + 1.5) = 0.976 is more than the highest retention scheduled for.
    assert scheduled_retention(0.9, -MAX_OFFSET) == high == 0.97
    assert scheduled_retention(0.75, MAX_OFFSET) == low == 0.70
    # A desired retention outside the range is kept as the bound on its side.
    assert scheduled_retention(0.98, -0.5) == 0.98
    assert scheduled_retention(0.6, 0.5) == 0.6


def test_mismatched_or_missing_predictions_are_refused():
    with pytest.raises(ValueError, match="2 predictions for 1 outcomes"):
        recall_offset([0.9, 0.9], [True])
    with pytest.raises(ValueError, match="no held-out predictions"):
        recall_offset([], [])


def test_a_fit_measures_each_parameter_sets_offset_on_the_held_out_reviews():
    reviews = steady_learner()
    fit = fit_parameters(reviews, AFTER)
    logged = [LoggedReview(r.fact_id, r.rating, r.reviewed_at) for r in reviews]
    for parameters, score in ((None, fit.before), (fit.parameters, fit.after)):
        held_out = [
            p
            for p in predict_recall(logged, SchedulerSettings(parameters=parameters))
            if p.log_position >= 315
        ]
        predicted = [p.retrievability for p in held_out]
        assert score.predicted_recall == pytest.approx(sum(predicted) / 105)
        assert score.actual_recall == 1.0  # the steady learner recalls every review
        assert score.recall_offset == pytest.approx(recall_offset(predicted, [True] * 105))
        assert score.recall_offset > 0  # it recalled more than predicted
    assert fit.improved and fit.in_use is fit.after


def test_a_fit_not_applied_keeps_the_current_parameters_offset():
    fit = fit_parameters(history(60, early_rating=1, late_rating=3), AFTER)
    assert not fit.improved and fit.in_use is fit.before
