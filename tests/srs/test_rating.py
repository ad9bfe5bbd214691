"""The rating rule for auto-graded answers, and when practice-test answers move the schedule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from quizapp.srs.day import current_day_bounds
from quizapp.srs.rating import (
    AUTO_GRADED_KINDS,
    PRACTICE_RULE,
    practice_affects_schedule,
    rating_for_answer,
    rating_for_practice,
)
from quizapp.srs.scheduler import MemoryState, review

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


@pytest.mark.parametrize(
    ("situation", "when", "rating", "affects"),
    [
        ("never studied", NOW, GOOD, True),
        ("not due, right", datetime(2026, 4, 5, tzinfo=UTC), GOOD, False),
        ("not due, easy", datetime(2026, 4, 5, tzinfo=UTC), EASY, False),
        ("not due, hard", datetime(2026, 4, 5, tzinfo=UTC), HARD, False),
        ("not due, wrong", datetime(2026, 4, 5, tzinfo=UTC), AGAIN, True),
        ("due, right", datetime(2026, 4, 10, 13, 0, tzinfo=UTC), GOOD, True),
        ("due later today, right", datetime(2026, 4, 10, 8, 0, tzinfo=UTC), GOOD, True),
    ],
)
def test_practice_rule(situation, when, rating, affects):
    state = None if situation == "never studied" else _known_fact()
    _start, day_end = current_day_bounds(when, "Europe/Berlin")
    assert practice_affects_schedule(state, when, rating, day_end) is affects


def test_practice_rule_without_day_end_needs_the_due_time_passed():
    assert not practice_affects_schedule(_known_fact(), datetime(2026, 4, 10, 8, 0, tzinfo=UTC), GOOD)


def test_a_fact_reset_for_relearning_always_takes_the_practice_answer():
    from quizapp.srs.scheduler import relearn

    assert practice_affects_schedule(relearn(_known_fact(), NOW), NOW, GOOD)


def test_practice_rating_combines_the_rating_and_the_rule():
    state = review(MemoryState.new(), GOOD, NOW).after  # in learning steps, due in 10 minutes
    early = rating_for_practice("typed", True, 5.0, state, NOW + timedelta(minutes=2))
    assert (early.rating, early.affects_schedule) == (EASY, False)
    wrong = rating_for_practice("true_false", False, 5.0, state, NOW + timedelta(minutes=2))
    assert (wrong.rating, wrong.affects_schedule) == (AGAIN, True)
    assert "logged" in PRACTICE_RULE and "due" in PRACTICE_RULE
