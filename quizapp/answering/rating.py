"""From a graded answer to its rating and whether it moves the schedule: the one place that decides.

Every source comes through `rate`, so a rule about ratings (a slow answer, an answer before the
fact is due, a learner's own override) is added here once and holds for all of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from quizapp import content, srs
from quizapp.srs.rating import AGAIN, EASY

STUDY, PRACTICE, QUIZ, LIVE, CRAM = "study", "practice", "quiz", "live", "cram"
SOURCES = (STUDY, PRACTICE, QUIZ, LIVE, CRAM)
"""Where an answer was given. A cram (chosen sections, studied when nothing is due) is logged but
leaves the schedule alone: the learner asked to go over facts, not to have them rescheduled."""


@dataclass(frozen=True)
class Rated:
    """An answer's FSRS rating (always logged) and whether it is applied to the fact's schedule."""

    rating: int
    affects_schedule: bool


@dataclass(frozen=True)
class RatingInput:
    """Everything the rule reads about one answer.

    grade: None for self-rated kinds, whose `self_rating` is the learner's own. before: the fact's
    memory before this answer, None if the learner never answered it. day_end: the end of the
    learner's study day, so a fact falling due later today counts as due.
    """

    source: str
    kind: str
    grade: content.Grade | None
    self_rating: int | None
    seconds_taken: float | None
    before: srs.MemoryState | None
    now: datetime
    day_end: datetime
    slow_scale: float = 1.0


def rate(answer: RatingInput) -> Rated:
    """Every source rates by the same rule and every answer moves the schedule: an answer given
    before the fact is due is a review at its real elapsed time, right or wrong
    (srs.EARLY_ANSWER_RULE), so the figures and the optimizer see practice answers unbiased.
    The one exception is a cram, rated the same way but not applied."""
    moves_schedule = answer.source != CRAM
    if answer.grade is None:
        if answer.self_rating is None or not AGAIN <= answer.self_rating <= EASY:
            raise ValueError("a self-rated answer needs the learner's rating, 1 to 4")
        return Rated(answer.self_rating, moves_schedule)
    rating = srs.rating_for_answer(
        answer.kind, answer.grade.correct, answer.seconds_taken, answer.grade.score, answer.slow_scale
    )
    return Rated(rating, moves_schedule)
