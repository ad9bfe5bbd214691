"""The rating rule for auto-graded answers, why it rated as it did, and the early-answer rule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from quizapp.srs.rating import (
    AUTO_GRADED_KINDS,
    EARLY_ANSWER_RULE,
    rating_for_answer,
    rating_reason,
    slow_after,
)
from quizapp.srs.scheduler import MemoryState, relearn, replay_reviews, review

AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
NOW = datetime(2026, 4, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("kind", "correct", "seconds", "score", "rating"),
    [
        # Wrong is Again, however fast or slow.
        ("multiple_choice", False, 3, None, AGAIN),
        ("typed", False, 60, None, AGAIN),
        ("true_false", False, None, None, AGAIN),
        # Right at an ordinary pace, or without a timing, is Good.
        ("multiple_choice", True, 10, None, GOOD),
        ("typed", True, 15, None, GOOD),
        ("numeric", True, None, None, GOOD),
        ("matching", True, 30, None, GOOD),
        # Right but slow is Hard.
        ("true_false", True, 16, None, HARD),
        ("multiple_choice", True, 26, None, HARD),
        ("typed", True, 31, None, HARD),
        ("ordering", True, 61, None, HARD),
        ("comparison", True, 40, None, HARD),
        # Right and fast is Easy where the answer is produced, not picked...
        ("typed", True, 5, None, EASY),
        ("numeric", True, 8, None, EASY),
        ("ordering", True, 12, 1.0, EASY),
        # ...and never where a guess is likely.
        ("true_false", True, 1, None, GOOD),
        ("multiple_choice", True, 2, None, GOOD),
        ("comparison", True, 2, None, GOOD),
        ("multi_select", True, 3, None, GOOD),
        ("matching", True, 5, None, GOOD),
        # Partial credit: half or more is Hard, less is Again, full credit rates as right.
        ("multi_select", False, 10, 0.75, HARD),
        ("matching", False, 10, 0.5, HARD),
        ("ordering", False, 10, 0.49, AGAIN),
        ("multi_select", False, 10, 0.0, AGAIN),
        ("matching", True, 10, 1.0, GOOD),
    ],
)
def test_rating_rule(kind, correct, seconds, score, rating):
    assert rating_for_answer(kind, correct, seconds, score) == rating


def test_every_auto_graded_kind_is_covered_and_flashcards_are_not():
    assert AUTO_GRADED_KINDS == {
        "multiple_choice",
        "true_false",
        "typed",
        "numeric",
        "ordering",
        "matching",
        "multi_select",
        "comparison",
    }
    with pytest.raises(ValueError, match="rated by the learner"):
        rating_for_answer("flashcard", True, 3)
    with pytest.raises(ValueError, match="unknown question kind 'essay'"):
        rating_for_answer("essay", True, 3)


def _known_fact() -> MemoryState:
    """A fact on day-long intervals, next due on 2026-04-10 at 12:00 UTC."""
    return MemoryState(
        state="review",
        step=None,
        stability=9.0,
        difficulty=5.0,
        due=datetime(2026, 4, 10, 12, 0, tzinfo=UTC),
        last_review=datetime(2026, 4, 1, 12, 0, tzinfo=UTC),
    )


def test_an_early_right_answer_gains_less_stability_than_one_when_due():
    """FSRS reads the elapsed time: recall three days in is expected, so it proves little."""
    fact = _known_fact()
    early = review(fact, GOOD, datetime(2026, 4, 4, 12, 0, tzinfo=UTC)).after
    on_time = review(fact, GOOD, fact.due).after
    assert fact.stability < early.stability < on_time.stability
    forgotten_early = review(fact, AGAIN, datetime(2026, 4, 4, 12, 0, tzinfo=UTC)).after
    assert forgotten_early.stability < fact.stability
    assert "real elapsed time, right or wrong" in EARLY_ANSWER_RULE


@pytest.mark.parametrize(
    ("kind", "correct", "seconds", "score", "reason"),
    [
        ("typed", True, 45, None, "slow"),
        ("typed", True, 5, None, "fast"),
        ("typed", True, 20, None, "right"),
        ("multiple_choice", True, 2, None, "right"),  # never Easy for a pick
        ("multiple_choice", True, 26, None, "slow"),
        ("matching", False, 10, 2 / 3, "partial"),
        ("matching", False, 10, 1 / 3, "partial"),
        ("typed", False, 10, 0.0, "wrong"),
    ],
)
def test_rating_reason_names_the_rule_that_rated(kind, correct, seconds, score, reason):
    rating = rating_for_answer(kind, correct, seconds, score)
    assert rating_reason(kind, correct, score, rating) == reason


def test_rating_reason_of_self_rated_and_of_rows_without_a_score():
    assert rating_reason("flashcard", None, None, GOOD) == "self"
    assert rating_reason("matching", False, None, HARD) == "partial"  # logged before scores were kept
    assert rating_reason("matching", False, None, AGAIN) == "wrong"


def test_a_learner_allowance_stretches_the_slow_threshold():
    limit = slow_after("typed")
    assert rating_for_answer("typed", True, limit * 1.5) == HARD
    assert rating_for_answer("typed", True, limit * 1.5, slow_scale=2.0) == GOOD
    assert slow_after("typed", 2.0) == 2 * limit


def test_the_slow_threshold_is_the_one_the_rating_uses():
    limit = slow_after("numeric")
    assert rating_for_answer("numeric", True, limit) == GOOD
    assert rating_for_answer("numeric", True, limit + 0.1) == HARD
    assert slow_after("flashcard") is None


def test_replaying_reviews_gives_the_states_reviewing_one_by_one_gives():
    start = MemoryState.new(NOW)
    times = [NOW, NOW + timedelta(minutes=10), NOW + timedelta(days=2), NOW + timedelta(days=9)]
    ratings = [GOOD, GOOD, AGAIN, GOOD]
    outcomes = replay_reviews(start, list(zip(ratings, times, strict=True)))
    state = start
    for outcome, rating, at in zip(outcomes, ratings, times, strict=True):
        expected = review(state, rating, at)
        assert outcome == expected
        state = expected.after


def test_replay_relearns_a_fact_whose_answer_changed_between_reviews():
    changed = NOW + timedelta(days=5)
    reviews = [(GOOD, NOW), (GOOD, NOW + timedelta(days=1)), (GOOD, NOW + timedelta(days=6))]
    outcomes = replay_reviews(MemoryState.new(NOW), reviews, answer_changed_at=changed)
    assert outcomes[2].before == relearn(outcomes[1].after, NOW + timedelta(days=6))
