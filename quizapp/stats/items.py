"""Item analysis for a teacher's quiz: does a question separate those who know from those who don't?

Discrimination is the corrected item-total correlation: across finished attempts, the Pearson
correlation between the score on this question and the score on the rest of the quiz. Near 0 the
question tells nothing about who knows the material; below 0 the stronger learners got it wrong
more often, which usually means the question (or its key) is faulty.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from math import sqrt

MIN_ATTEMPTS = 5  # below this, neither discrimination nor "few got it right" means much
LOW_SHARE_CORRECT = 0.25
NEGATIVE_DISCRIMINATION = 0.0


@dataclass(frozen=True, slots=True)
class ItemScores:
    """One question's score in each finished attempt, and that attempt's total over the quiz."""

    item: Sequence[float]
    totals: Sequence[float]


def discrimination(scores: ItemScores) -> float | None:
    """Corrected item-total correlation, or None with too few attempts or no spread to correlate."""
    if len(scores.item) != len(scores.totals):
        raise ValueError("every attempt needs an item score and a total")
    if len(scores.item) < MIN_ATTEMPTS:
        return None
    rest = [total - item for item, total in zip(scores.item, scores.totals)]
    return _pearson(list(scores.item), rest)


def _pearson(xs: list[float], ys: list[float]) -> float | None:
    n = len(xs)
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    cov = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys))
    var_x = sum((x - mean_x) ** 2 for x in xs)
    var_y = sum((y - mean_y) ** 2 for y in ys)
    if var_x == 0 or var_y == 0:
        return None
    return cov / sqrt(var_x * var_y)


def needs_checking(
    attempts: int,
    share_correct: float | None,
    item_discrimination: float | None,
    picks: Sequence[tuple[str, int, bool]] = (),
) -> list[str]:
    """Reasons a teacher should look at this question again (empty when nothing stands out).

    picks: (choice, times picked, is right) for choice questions.
    """
    reasons = []
    if item_discrimination is not None and item_discrimination < NEGATIVE_DISCRIMINATION:
        reasons.append("learners who did well overall got it wrong more often")
    if attempts >= MIN_ATTEMPTS and share_correct is not None and share_correct < LOW_SHARE_CORRECT:
        reasons.append(f"fewer than {LOW_SHARE_CORRECT:.0%} got it right")
    right_picks = max((count for _choice, count, right in picks if right), default=0)
    popular_wrong = [choice for choice, count, right in picks if not right and count > right_picks]
    if attempts >= MIN_ATTEMPTS and popular_wrong:
        reasons.append(f"a wrong choice drew more picks than the answer: {popular_wrong[0]}")
    return reasons
