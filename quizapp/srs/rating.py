"""From an auto-graded answer to an FSRS rating and why; the rule for answers given before a fact is due.

Flashcards are rated by the learner (Again/Hard/Good/Easy). Every other kind is graded by the app,
and `rating_for_answer` turns the grade into a rating by one rule, below.
"""

from __future__ import annotations

from dataclasses import dataclass

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
    kind: str,
    correct: bool,
    seconds_taken: float | None,
    score: float | None = None,
    slow_scale: float = 1.0,
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

    `slow_scale` stretches the slow threshold for one learner (their setting: 2.0 gives twice as
    long before a right answer counts as Hard).

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
    if seconds_taken > pace.slow * slow_scale:
        return HARD
    if pace.fast is not None and seconds_taken <= pace.fast:
        return EASY
    return GOOD


def slow_after(kind: str, slow_scale: float = 1.0) -> float | None:
    """Seconds beyond which a right answer of `kind` counts as Hard (None for self-rated kinds)."""
    pace = ANSWER_PACE.get(kind)
    return None if pace is None else pace.slow * slow_scale


def rating_reason(kind: str, correct: bool | None, score: float | None, rating: int) -> str:
    """Why `rating_for_answer` gave `rating`, in one word the feedback page turns into a sentence.

    "partial" (some items right), "wrong", "slow" (right but over the kind's slow threshold: Hard),
    "fast" (right and quick enough for Easy), "right" (Good), or "self" for self-rated kinds. Read
    from the rating the app gave, so a threshold changed since does not rewrite the reason.
    """
    if kind not in ANSWER_PACE or correct is None:
        return "self"
    if score is not None and 0 < score < 1.0:
        return "partial"
    if not correct:  # a wrong answer is Again; Hard only for partial credit (kept before scores were)
        return "partial" if rating == HARD else "wrong"
    return {HARD: "slow", EASY: "fast"}.get(rating, "right")


EARLY_ANSWER_RULE = """\
Every answer is a review at its real elapsed time, right or wrong, whatever page it was given on
(study, practice test, quiz) and whether or not the fact was due. FSRS models an early review
through the elapsed time: the recall it predicts for a fact seen three days ago is high, so a right
answer then raises stability only a little and a wrong one lowers it a lot. Same-day repeats go
through FSRS's short-term formula, which barely moves a stable memory. Applying every answer the
same way keeps the figures unbiased: true retention counts the early answers that were recalled as
well as those forgotten, and the optimizer trains on both. (The rule before this one moved the
schedule on a wrong early answer but not on a right one, so a learner who practised saw only their
failures counted.)
"""
