"""What the feedback page and the history say about one graded answer, in words.

The verdict ("Right", "Partly right", "Wrong"), why the app rated it as it did (a right but slow
answer is Hard, and the page says so), which items of a partly right answer were wrong, and the
ratings the learner may pick instead of the app's. The reason comes from `srs.rating_reason`, the
same rule that rated the answer, so the sentence and the rating cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from quizapp import srs
from quizapp.answering.service import RATING_LABELS
from quizapp.srs.rating import ANSWER_PACE

KIND_NAMES = {
    "true_false": "true-or-false answers",
    "multiple_choice": "multiple-choice answers",
    "comparison": "comparison answers",
    "multi_select": "choose-all answers",
    "matching": "matching answers",
    "typed": "typed answers",
    "numeric": "number answers",
    "ordering": "ordering answers",
}


def verdict(
    kind: str, correct: bool | None, score: float | None, rating: int, auto_rating: int | None
) -> str:
    """ "Right", "Partly right", "Wrong" for an answer the app graded; "Rated Good" for a flashcard.

    Rows logged before the score was kept are told apart by their rating: the app rates a wrong
    answer Again and only a partly right one Hard.
    """
    if correct is None:
        return f"Rated {RATING_LABELS.get(rating, rating)}"
    if correct:
        return "Right"
    app_rating = auto_rating if auto_rating is not None else rating
    partly = srs.rating_reason(kind, correct, score, app_rating) == "partial"
    return "Partly right" if partly else "Wrong"


def result_label(answer: Any) -> str:
    """The result cell of an answer table (history, a fact's page): the verdict, and the learner's
    own rating when they overrode the app's."""
    label = verdict(answer.kind, answer.correct, answer.score, answer.rating, answer.auto_rating)
    if answer.auto_rating is not None:
        label += f" · you rated it {RATING_LABELS[answer.rating]}"
    return label


def result_class(answer: Any) -> str:
    """The CSS modifier of a result cell: rated, right, partly or wrong."""
    if answer.correct is None:
        return "rated"
    if answer.correct:
        return "right"
    return "partly" if result_label(answer).startswith("Partly") else "wrong"


def _seconds(value: float) -> str:
    return f"{value:.0f} s" if value < 90 else f"{value / 60:.1f} min".replace(".0 ", " ")


def rating_sentence(kind: str, correct: bool | None, score: float | None, app_rating: int) -> str:
    """Why the app rated the answer as it did, e.g. "Right, but slow: counted as Hard"."""
    reason = srs.rating_reason(kind, correct, score, app_rating)
    rating = RATING_LABELS[app_rating]
    return {
        "slow": f"Right, but slow: counted as {rating}",
        "fast": f"Right and quick: counted as {rating}",
        "right": f"Counted as {rating}",
        "partial": f"Partly right: counted as {rating}",
        "wrong": f"Counted as {rating}",
        "self": "",
    }[reason]


def slow_detail(
    kind: str,
    correct: bool | None,
    seconds: float | None,
    score: float | None,
    app_rating: int,
    slow_percent: int = 100,
) -> str:
    """For a slow right answer: how long it took and the threshold (the learner's setting now)."""
    if srs.rating_reason(kind, correct, score, app_rating) != "slow" or seconds is None:
        return ""
    limit = ANSWER_PACE[kind].slow * slow_percent / 100  # the kind is graded: rating_reason said "slow"
    return (
        f"You took {_seconds(seconds)}; right {KIND_NAMES[kind]} that take longer than "
        f"{_seconds(limit)} count as Hard, so the fact comes back sooner."
    )


@dataclass(frozen=True)
class ItemMark:
    """One row of a partly right answer: the item, what the learner gave, what is right."""

    label: str
    given: str
    expected: str
    right: bool


def item_marks(question: Any, response: Any) -> list[ItemMark]:
    """Row by row, which pairs, places or picks of a matching, comparison, ordering or choose-all
    answer were right; empty for other kinds or when the answer was not kept."""
    if response is None:
        return []
    try:
        if question.kind in ("matching", "comparison"):
            expected = dict(question.answer)
            return [
                ItemMark(
                    question.items[i],
                    question.choices[j],
                    question.choices[expected[i]],
                    j == expected[i],
                )
                for i, j in response
            ]
        if question.kind == "ordering":
            return [
                ItemMark(
                    f"Place {place}",
                    question.choices[given],
                    question.choices[right],
                    given == right,
                )
                for place, (given, right) in enumerate(zip(response, question.answer, strict=True), 1)
            ]
        if question.kind == "multi_select":
            picked, members = set(response), set(question.answer)
            return [
                ItemMark(
                    choice,
                    "picked" if i in picked else "not picked",
                    "in the list" if i in members else "not in the list",
                    (i in picked) == (i in members),
                )
                for i, choice in enumerate(question.choices)
            ]
    except (IndexError, KeyError, TypeError, ValueError):
        return []  # a response kept for an older version of the question
    return []


def rating_choices(current: int) -> list[dict[str, Any]]:
    """The four ratings the learner may give instead of the app's, the current one marked."""
    return [{"value": r, "label": RATING_LABELS[r], "current": r == current} for r in srs.scheduler.RATINGS]


def answer_pace_rows(slow_percent: int = 100) -> list[dict[str, str]]:
    """For the settings page: per kind, how long a right answer may take before it counts as Hard
    (with the learner's allowance), and how quick earns Easy (the thresholds `srs.rating_for_answer`
    applies)."""
    return [
        {
            "kind": KIND_NAMES[kind].capitalize(),
            "slow": _seconds(pace.slow * slow_percent / 100),
            "fast": _seconds(pace.fast) if pace.fast is not None else "never (a quick pick may be a guess)",
        }
        for kind, pace in ANSWER_PACE.items()
    ]
