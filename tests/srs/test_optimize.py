"""Personal parameters fitted with fsrs-rs-python: a threshold, and a fit that explains the log better."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from quizapp.srs.optimize import MIN_REVIEWS_FOR_FIT, NotEnoughReviews, ReviewRecord, fit_parameters
from quizapp.srs.scheduler import MemoryState, SchedulerSettings, review

NOW = datetime(2026, 6, 1, tzinfo=UTC)


def records(count: int, spacing: timedelta) -> list[ReviewRecord]:
    """`count` Good answers over 50 facts, `spacing` apart, all before NOW."""
    start = NOW - spacing * (count + 1)
    return [ReviewRecord(f"f{i % 50}", 3, start + spacing * i) for i in range(count)]


def test_below_the_threshold_the_learner_is_told_how_many_reviews_are_needed():
    assert MIN_REVIEWS_FOR_FIT == 400
    with pytest.raises(NotEnoughReviews, match="at least 400 reviews; this learner has 399") as error:
        fit_parameters(records(399, timedelta(hours=7)), NOW)
    assert (error.value.have, error.value.need) == (399, 400)


def test_reviews_after_now_do_not_count():
    reviews = records(420, timedelta(hours=7))
    with pytest.raises(NotEnoughReviews, match="has 300"):
        fit_parameters(reviews, reviews[300].reviewed_at - timedelta(seconds=1))


def test_a_log_without_day_apart_repeats_cannot_be_fitted():
    with pytest.raises(NotEnoughReviews, match="a day after another"):
        fit_parameters(records(450, timedelta(seconds=30)), NOW)


def test_a_bad_rating_is_refused():
    reviews = records(400, timedelta(hours=7)) + [ReviewRecord("f1", 5, NOW)]
    with pytest.raises(ValueError, match="rating must be 1-4"):
        fit_parameters(reviews, NOW)


@pytest.fixture(scope="module")
def first_2000(real_review_log) -> list[ReviewRecord]:
    return [ReviewRecord(r.card_id, r.rating, r.reviewed_at) for r in real_review_log[:2000]]


def test_a_fit_on_the_real_logs_first_2000_reviews_explains_them_better(first_2000):
    fit = fit_parameters(first_2000, NOW)
    assert fit.review_count == 2000 and fit.scored_count > 300
    assert fit.improved and fit.after_log_loss < fit.before_log_loss
    assert len(fit.parameters) == 21
    # The weights are usable by the scheduler as they are, and change what it does.
    personal = SchedulerSettings(parameters=fit.parameters)
    first = review(MemoryState.new(), 3, NOW, personal).after
    assert first.stability != review(MemoryState.new(), 3, NOW).after.stability
    # The same log at the same moment gives the same fit.
    assert fit_parameters(first_2000, NOW) == fit


def test_the_before_figure_uses_the_current_parameters(first_2000):
    fit = fit_parameters(first_2000, NOW)
    again = fit_parameters(first_2000, NOW, current_parameters=fit.parameters)
    assert again.before_log_loss == pytest.approx(fit.after_log_loss)
