"""Personal parameters fitted with fsrs-rs-python on the earlier reviews and judged on the latest ones."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from quizapp.srs.optimize import (
    HELDOUT_SHARE,
    MIN_REVIEWS_FOR_FIT,
    NotEnoughReviews,
    ReviewRecord,
    fit_parameters,
    held_out_split,
)
from quizapp.srs.replay import LoggedReview, log_loss, predict_recall
from quizapp.srs.scheduler import MemoryState, SchedulerSettings, review
from tests.srs.histories import AFTER, changed_learner, history, steady_learner

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


def test_a_fit_on_the_real_logs_first_2000_reviews_predicts_the_latest_500_better(first_2000):
    fit = fit_parameters(first_2000, NOW)
    assert (fit.review_count, fit.train_count) == (2000, 1500) and fit.scored_count > 50
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


def test_the_latest_quarter_is_held_out():
    assert HELDOUT_SHARE == 0.25
    assert [held_out_split(n) for n in (400, 420, 1000)] == [300, 315, 750]


def test_399_reviews_of_a_constructed_history_are_too_few():
    with pytest.raises(NotEnoughReviews, match="has 399"):
        fit_parameters(history(57), AFTER)  # 57 facts x 7 reviews


def test_a_steady_learner_is_fitted_on_315_reviews_and_checked_on_105():
    fit = fit_parameters(steady_learner(), AFTER)
    assert (fit.review_count, fit.train_count, fit.scored_count) == (420, 315, 105)
    assert fit.improved and fit.after.log_loss < fit.before.log_loss
    assert fit.after.rmse_bins < fit.before.rmse_bins


def test_the_held_out_figures_are_the_log_loss_of_the_latest_105_predictions():
    reviews = steady_learner()
    fit = fit_parameters(reviews, AFTER)
    logged = [LoggedReview(r.fact_id, r.rating, r.reviewed_at) for r in reviews]
    for parameters, expected in ((None, fit.before.log_loss), (fit.parameters, fit.after.log_loss)):
        held_out = [
            p
            for p in predict_recall(logged, SchedulerSettings(parameters=parameters))
            if p.log_position >= 315
        ]
        assert len(held_out) == 105 and all(p.recalled for p in held_out)
        # Every held-out review was recalled, so the loss is the mean of -ln(predicted recall).
        assert log_loss([p.retrievability for p in held_out], [True] * 105) == pytest.approx(expected)


def test_a_learner_who_changed_gets_a_fit_that_predicts_the_held_out_reviews_worse():
    fit = fit_parameters(changed_learner(), AFTER)
    assert fit.scored_count == 105
    assert not fit.improved and fit.after.log_loss > fit.before.log_loss
