"""When a learner's schedule is personalised again: hand-made counts and dates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from quizapp.srs.optimize import MIN_REVIEWS_FOR_FIT
from quizapp.srs.personalise import (
    REFIT_AFTER,
    REFIT_AFTER_NEW_REVIEWS,
    FitTry,
    first_answer_stabilities,
    personalise_reason,
)
from quizapp.srs.scheduler import SchedulerSettings, effective_parameters

NOW = datetime(2026, 6, 1, 3, 0, tzinfo=UTC)
YESTERDAY = NOW - timedelta(days=1)


def test_the_thresholds_are_the_documented_ones():
    assert (MIN_REVIEWS_FOR_FIT, REFIT_AFTER_NEW_REVIEWS, REFIT_AFTER) == (400, 400, timedelta(days=30))


def test_too_few_reviews_means_no_fit():
    assert personalise_reason(399, YESTERDAY, None, NOW) is None


def test_enough_reviews_and_no_fit_yet_means_a_first_fit():
    assert personalise_reason(400, YESTERDAY, None, NOW) == "first fit: 400 reviews"


def test_a_refit_waits_for_400_new_reviews():
    last = FitTry(NOW - timedelta(days=3), review_count=500)
    assert personalise_reason(899, YESTERDAY, last, NOW) is None  # 399 new
    assert personalise_reason(900, YESTERDAY, last, NOW) == "400 new reviews since the last fit"


def test_a_studying_learner_is_fitted_again_after_30_days_even_with_few_new_reviews():
    last = FitTry(NOW - timedelta(days=30), review_count=500)
    assert personalise_reason(520, YESTERDAY, last, NOW) == "monthly fit: 20 new reviews"
    # A day short of a month: not yet.
    younger = FitTry(NOW - timedelta(days=29, hours=23), review_count=500)
    assert personalise_reason(520, YESTERDAY, younger, NOW) is None


def test_a_learner_who_stopped_studying_is_left_alone():
    last = FitTry(NOW - timedelta(days=90), review_count=500)
    # No review since the last try: nothing new to learn from.
    assert personalise_reason(500, last.tried_at - timedelta(hours=1), last, NOW) is None


def test_first_answer_stabilities_are_the_first_four_weights():
    defaults = effective_parameters(SchedulerSettings())
    assert first_answer_stabilities(None) == {1: defaults[0], 2: defaults[1], 3: defaults[2], 4: defaults[3]}
    personal = (1.0, 2.0, 5.0, 20.0, *defaults[4:])
    assert first_answer_stabilities(personal) == {1: 1.0, 2: 2.0, 3: 5.0, 4: 20.0}


@pytest.mark.parametrize("naive", [datetime(2026, 6, 1)])
def test_a_naive_clock_is_refused(naive):
    with pytest.raises(ValueError, match="timezone-aware"):
        personalise_reason(400, None, None, naive)
