"""Calibrated retention: what the schedule delivered since the last measurement sets the retention
reviews are scheduled for (quizapp/srs/calibration.py).

Figures worked by hand: with n repeat reviews scheduled for a retention a, k of them recalled, the
share is q = (k + 1/2) / (n + 1) and the window's shift c = logit(q) - logit(a); weighed against the
previous shift p (PRIOR_REVIEWS = 50 reviews' worth), the offset is (n c + 50 p) / (n + 50). The
retention scheduled for a desired r then has odds odds(r) / e^offset.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import pytest

from quizapp.srs.calibration import (
    MAX_OFFSET,
    PRIOR_REVIEWS,
    SCHEDULED_RANGE,
    measure,
    measured_offset,
    repeat_reviews_since,
    scheduled_retention,
)
from quizapp.srs.optimize import ReviewRecord, fit_parameters
from quizapp.srs.replay import LoggedReview, predict_recall
from quizapp.srs.scheduler import SchedulerSettings
from tests.srs.histories import AFTER, history, steady_learner

DAY0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def outcomes(recalled: int, total: int) -> list[bool]:
    return [True] * recalled + [False] * (total - recalled)


def test_reviews_scheduled_for_90_recalled_80_of_100_are_scheduled_sooner():
    assert PRIOR_REVIEWS == 50
    # q = 80.5 / 101, c = ln(80.5 / 20.5) - ln 9 = -0.82939; no previous shift: 100 c / 150.
    offset = measured_offset(outcomes(80, 100), 0.9, None)
    assert offset == pytest.approx((math.log(80.5 / 20.5) - math.log(9)) * 100 / 150, abs=1e-12)
    assert offset == pytest.approx(-0.55293, abs=1e-5)
    # A desired 0.9 has odds 9: scheduled at odds 9 e^0.55293 = 15.646, 94.0 %; 0.8: 6.954, 87.4 %.
    assert scheduled_retention(0.9, offset) == pytest.approx(0.93992, abs=1e-5)
    assert scheduled_retention(0.8, offset) == pytest.approx(0.87427, abs=1e-5)


def test_the_previous_shift_weighs_as_much_as_50_reviews():
    # 40 of 50 scheduled for 0.85: q = 40.5 / 51, c = ln(40.5 / 10.5) - ln(0.85 / 0.15) = -0.38467;
    # with the previous -0.4: (50 c + 50 x -0.4) / 100 = -0.39234.
    offset = measured_offset(outcomes(40, 50), 0.85, -0.4)
    assert offset == pytest.approx((50 * (math.log(40.5 / 10.5) - math.log(0.85 / 0.15)) - 20) / 100)
    assert offset == pytest.approx(-0.39234, abs=1e-5)
    # A few reviews move it less than many at the same share.
    few = measured_offset(outcomes(8, 10), 0.9, None)
    assert measured_offset(outcomes(80, 100), 0.9, None) < few < 0


def test_recall_as_scheduled_leaves_the_desired_retention_alone():
    # 9 of 11 recalled at 0.8: q = 9.5 / 12 = 0.79167, c = ln(9.5 / 2.5) - ln 4 = -0.05129, shrunk
    # to 11 c / 61; with no reviews the previous shift stands (none: 0).
    assert measured_offset(outcomes(9, 11), 0.8, None) == pytest.approx(
        11 * (math.log(9.5 / 2.5) - math.log(4)) / 61
    )
    assert measured_offset([], 0.9, -0.3) == -0.3
    assert measured_offset([], 0.9, None) == 0.0


def test_no_offset_schedules_at_the_desired_retention():
    assert scheduled_retention(0.85, 0.0) == 0.85
    assert scheduled_retention(0.85, None) == 0.85


def test_a_wild_measurement_is_bounded():
    assert measured_offset(outcomes(0, 1000), 0.9, None) == -MAX_OFFSET
    assert measured_offset(outcomes(1000, 1000), 0.5, None) == MAX_OFFSET
    low, high = SCHEDULED_RANGE
    # sigmoid(logit 0.9 + 1.5) = 0.976 is more than the highest retention scheduled for.
    assert scheduled_retention(0.9, -MAX_OFFSET) == high == 0.97
    assert scheduled_retention(0.75, MAX_OFFSET) == low == 0.70
    # A desired retention outside the range is kept as the bound on its side.
    assert scheduled_retention(0.98, -0.5) == 0.98
    assert scheduled_retention(0.6, 0.5) == 0.6


def answers(*rows: tuple[str, float, int]) -> list[ReviewRecord]:
    """(fact, days after DAY0, rating)"""
    return [ReviewRecord(fact, rating, DAY0 + timedelta(days=day)) for fact, day, rating in rows]


def test_only_repeat_reviews_a_day_or_more_apart_are_measured():
    log = answers(
        ("b", 2, 3),  # b's first answer: not a repeat
        ("a", 0, 3),  # a's first answer
        ("a", 0.01, 1),  # a learning step 15 minutes later: not timed by the schedule
        ("a", 1.01, 3),  # a day after: recalled
        ("b", 2.5, 3),  # twelve hours after: not counted
        ("a", 3, 1),  # forgotten
        ("b", 4, 2),  # Hard is recalled
    )
    assert repeat_reviews_since(log, None) == [True, False, True]
    assert repeat_reviews_since(log, DAY0 + timedelta(days=2)) == [False, True]
    assert repeat_reviews_since(log, DAY0 + timedelta(days=4)) == []


def test_measure_says_what_was_aimed_at_and_what_came_of_it():
    log = answers(("a", 0, 3), ("a", 1, 3), ("a", 3, 1), ("a", 8, 3))
    # Aimed at what the previous shift -0.4 made of 0.9: odds 9 e^0.4 = 13.427, 0.93069.
    measured = measure(log, DAY0 + timedelta(days=2), 0.9, -0.4)
    assert measured.aimed_at == pytest.approx(0.93069, abs=1e-5)
    assert (measured.reviews, measured.recalled) == (2, 0.5)
    # q = 1.5 / 3 = 0.5: c = 0 - logit(0.93069) = -2.5972; (2 c + 50 x -0.4) / 52 = -0.48451.
    assert measured.offset == pytest.approx(-0.48451, abs=1e-5)
    nothing = measure(log, DAY0 + timedelta(days=9), 0.9, -0.4)
    assert (nothing.reviews, nothing.recalled, nothing.offset) == (0, None, -0.4)


def test_a_fit_scores_each_parameter_set_on_the_held_out_reviews():
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
    assert fit.improved and fit.in_use is fit.after


def test_a_fit_not_applied_leaves_the_current_parameters_in_use():
    fit = fit_parameters(history(60, early_rating=1, late_rating=3), AFTER)
    assert not fit.improved and fit.in_use is fit.before
