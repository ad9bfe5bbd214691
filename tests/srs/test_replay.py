"""Replaying a real learner's log through the adapter reproduces the published FSRS-6 figures."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import pytest

from quizapp.srs.replay import (
    LoggedReview,
    Prediction,
    auc,
    log_loss,
    predict_recall,
    replay_and_score,
    rmse_bins,
)

# tests/data/SOURCE.md: FSRS-6, default parameters, second half in time order.
PUBLISHED = {"log_loss": 0.440, "rmse_bins": 0.067, "auc": 0.662}
PUBLISHED_CONSTANT_LOG_LOSS = 0.482


@pytest.fixture(scope="module")
def report(real_review_log):
    return replay_and_score(real_review_log)


def test_the_log_is_the_one_described(real_review_log):
    assert len(real_review_log) == 12580
    assert len({logged.card_id for logged in real_review_log}) == 1205


def test_log_loss_matches_the_published_figure(report):
    assert report.fsrs.log_loss == pytest.approx(PUBLISHED["log_loss"], abs=0.005)


def test_rmse_bins_and_auc_match_the_published_figures(report):
    assert report.fsrs.rmse_bins == pytest.approx(PUBLISHED["rmse_bins"], abs=0.005)
    assert report.fsrs.auc == pytest.approx(PUBLISHED["auc"], abs=0.005)


def test_fsrs_beats_the_constant_baseline_which_also_matches(report):
    assert report.constant.log_loss == pytest.approx(PUBLISHED_CONSTANT_LOG_LOSS, abs=0.005)
    assert report.constant.auc == 0.5
    assert report.fsrs.log_loss < report.constant.log_loss - 0.03
    assert report.fsrs.count == report.constant.count > 3000


START = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)


def logged(card: str, rating: int, days: float) -> LoggedReview:
    return LoggedReview(card, rating, START + timedelta(days=days))


def test_only_reviews_a_day_or_more_after_the_previous_are_predicted():
    reviews = [
        logged("c1", 3, 0),
        logged("c1", 3, 0.01),  # same day: updates the card, not scored
        logged("c1", 1, 2.5),
        logged("c1", 3, 2.6),
        logged("c1", 3, 3.7),
        logged("c2", 3, 1),
    ]
    predictions = predict_recall(reversed(reviews))  # order of the input does not matter
    assert [
        (p.card_id, p.elapsed_days, p.review_number, p.lapses_before, p.recalled) for p in predictions
    ] == [
        ("c1", 2, 3, 0, False),
        ("c1", 1, 5, 1, True),
    ]
    assert all(0 < p.retrievability < 1 for p in predictions)


def test_scoring_functions_on_hand_checked_cases():
    assert log_loss([0.8, 0.4], [True, False]) == pytest.approx(-(math.log(0.8) + math.log(0.6)) / 2)
    assert auc([0.9, 0.8, 0.3, 0.1], [True, True, False, False]) == 1.0
    assert auc([0.1, 0.9], [True, False]) == 0.0
    assert auc([0.5, 0.5, 0.5], [True, False, True]) == 0.5
    same_bin = [Prediction("c", i, 1, 2, 0, 0.0, recalled) for i, recalled in enumerate([True, False])]
    # One bin: mean prediction 0.7 against mean outcome 0.5.
    assert rmse_bins(same_bin, [0.6, 0.8]) == pytest.approx(0.2)
