"""From an auto-graded answer to an FSRS rating, and when a practice-test answer moves the schedule.

Flashcards are rated by the learner (Again/Hard/Good/Easy). Every other kind is graded by the app,
and `rating_for_answer` turns the grade into a rating by one rule, below.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from quizapp.srs.scheduler import MemoryState, is_due

AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4

SELF_RATED_KINDS = frozenset({"flashcard"})


@dataclass(frozen=True, slots=True)
class AnswerPace:
    """Seconds within which a right answer counts as fast, and beyond which as slow, for one kind.

    `fast` is None where a fast right answer still proves little (guessable kinds never earn Easy).
    The figures are for reading the question and answering; they are generous on purpose, since a
    wrong "Hard" costs less than a wrong "Easy" but still shortens an interval.
    """

    fast: float | None
    slow: float


ANSWER_PACE: dict[str, AnswerPace] = {
    # Guessing is likely: one of two or a few options is on screen.
    "true_false": AnswerPace(fast=None, slow=15),
    "multiple_choice": AnswerPace(fast=None, slow=25),
    "comparison": AnswerPace(fast=None, slow=25),
    # Recognition among shown items: harder to guess, but still not recall.
    "multi_select": AnswerPace(fast=None, slow=40),
    "matching": AnswerPace(fast=None, slow=60),
    # Recall: the answer is produced, not picked, so a quick right one is strong evidence.
    "typed": AnswerPace(fast=8, slow=30),
    "numeric": AnswerPace(fast=8, slow=30),
    "ordering": AnswerPace(fast=15, slow=60),
}
AUTO_GRADED_KINDS = frozenset(ANSWER_PACE)

PARTIAL_CREDIT_HARD = 0.5
"""A partly right answer (score in [0.5, 1)) is Hard; below 0.5 it is Again."""


def rating_for_answer(
    kind: str, correct: bool, seconds_taken: float | None, score: float | None = None
) -> int:
    """The FSRS rating (1 Again, 2 Hard, 3 Good, 4 Easy) for an auto-graded answer.

    The rule, in order:

    1. Partial credit (`score` below 1, for kinds graded item by item: matching, multi_select,
       ordering): at least half right is Hard, less is Again. Half-remembered is what FSRS's Hard
       means ("recalled with serious difficulty"); mostly wrong is a failure to recall.
    2. Wrong is Again.
    3. Right but slow (more than the kind's `slow` seconds) is Hard: a long struggle to a right
       answer is an effortful, barely-successful recall.
    4. Right and fast (within the kind's `fast` seconds) is Easy, only for typed, numeric and
       ordering answers, where the answer is produced rather than picked. A quick right pick among
       two to four options is indistinguishable from a lucky guess (half of true/false guesses are
       right), and Easy multiplies the next stability by about 1.9, so an undeserved Easy costs
       the learner weeks of not seeing a fact they do not know. Those kinds top out at Good.
    5. Otherwise Good. Without a timing (`seconds_taken` None) a right answer is Good.

    Flashcards are self-rated and never come here; an unknown kind is an error rather than a guess.
    """
    if kind in SELF_RATED_KINDS:
        raise ValueError("flashcards are rated by the learner, not by rating_for_answer")
    pace = ANSWER_PACE.get(kind)
    if pace is None:
        raise ValueError(f"unknown question kind {kind!r}; expected one of {sorted(ANSWER_PACE)}")
    if score is not None and score < 1.0:
        return HARD if score >= PARTIAL_CREDIT_HARD else AGAIN
    if not correct:
        return AGAIN
    if seconds_taken is None:
        return GOOD
    if seconds_taken > pace.slow:
        return HARD
    if pace.fast is not None and seconds_taken <= pace.fast:
        return EASY
    return GOOD


PRACTICE_RULE = """\
A practice-test answer is always logged with its rating. It changes the fact's schedule when:
- the learner has never studied the fact (the answer is its first review, and it counts as a new
  fact for the day), or
- the fact is due (today's review for it, answered in a practice test instead of the study page), or
- the answer is wrong (Again): a lapse is real news about the learner's memory, and leaving the fact
  scheduled weeks away would hide a fact the learner has just shown they do not know.
A right answer on a fact that is not yet due is logged without changing the schedule: practice is
often repeated within a day, and FSRS would read each repeat as a same-day review and stretch the
interval for recall that only shows the answer is fresh, not that it will last.
"""


def practice_affects_schedule(
    state: MemoryState | None,
    now: datetime,
    rating: int,
    day_end: datetime | None = None,
) -> bool:
    """Whether a practice answer with `rating` feeds the schedule; see PRACTICE_RULE.

    `state` is None for a fact the learner has never studied. `day_end` is the end of the current
    study day, so a fact on day-long intervals that falls due later today counts as due (as on the
    study page).
    """
    if state is None or not state.has_memory:
        return True
    return rating == AGAIN or is_due(state, now, day_end)


@dataclass(frozen=True, slots=True)
class PracticeRating:
    """A practice answer's rating (always logged) and whether it is applied to the schedule."""

    rating: int
    affects_schedule: bool


def rating_for_practice(
    kind: str,
    correct: bool,
    seconds_taken: float | None,
    state: MemoryState | None,
    now: datetime,
    score: float | None = None,
    day_end: datetime | None = None,
) -> PracticeRating:
    """Rate a practice-test answer as on the study page, and apply PRACTICE_RULE to it."""
    rating = rating_for_answer(kind, correct, seconds_taken, score)
    return PracticeRating(rating, practice_affects_schedule(state, now, rating, day_end))
