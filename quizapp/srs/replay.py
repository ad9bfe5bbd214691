"""Replay a review log through the scheduler adapter and score its recall predictions.

This checks the integration against real behaviour: every review goes through `scheduler.review`
exactly as a learner's answer would, and before each review that comes a day or more after the
previous review of its card, `scheduler.retrievability` predicts whether it will be recalled
(any rating but Again). Same-day reviews still update the card but are not scored, and neither is a
card's first review (there is nothing to predict from). Elapsed days are whole 24-hour periods,
as py-fsrs counts them.

Scoring follows the open srs-benchmark: predictions for reviews in the second half of the log in
time order are scored (the first half is the "training" period; FSRS with default parameters is
trained on nothing, so it only supplies the constant baseline's mean).

- log loss: mean binary cross-entropy.
- RMSE(bins): srs-benchmark's `rmse_matrix`. Each prediction is put in a bin by three features,
  each rounded down on a geometric grid: elapsed days (2.48 * 3.62^floor(log_3.62 t), to 2
  decimals), the review's position in its card's history counting every review including this one
  (1.99 * 1.89^floor(log_1.89 i), rounded), and earlier lapses, i.e. earlier non-first reviews
  rated Again (1.65 * 1.73^floor(log_1.73 n), rounded; 0 stays 0). The result is the RMSE between
  each bin's mean prediction and mean outcome, weighted by the bin's size.
- AUC: the probability that a recalled review got a higher prediction than a forgotten one (ties
  count half), from ranks.
- The constant baseline predicts, for every scored review, the recall rate of the scored reviews in
  the first half.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from quizapp.srs.scheduler import (
    DEFAULT_SETTINGS,
    MemoryState,
    SchedulerSettings,
    as_utc,
    retrievability,
    review,
)

_EPSILON = 1e-12


@dataclass(frozen=True, slots=True)
class LoggedReview:
    """One row of a review log: which card, the rating 1-4, when (UTC) and how long it took."""

    card_id: str
    rating: int
    reviewed_at: datetime
    duration_ms: int | None = None


@dataclass(frozen=True, slots=True)
class Prediction:
    """A scored moment: the predicted recall before a review and whether the learner recalled.

    log_position: index of the review in the log sorted by time, for the train/test split.
    review_number: 1 for a card's first review, counting same-day reviews.
    lapses_before: earlier reviews of the card rated Again, other than its first.
    """

    card_id: str
    log_position: int
    elapsed_days: int
    review_number: int
    lapses_before: int
    retrievability: float
    recalled: bool


@dataclass(frozen=True, slots=True)
class ReplayScore:
    """How well one set of predictions matched what happened."""

    count: int
    log_loss: float
    rmse_bins: float
    auc: float


@dataclass(frozen=True, slots=True)
class ReplayReport:
    """The replay of a whole log: FSRS's score and the constant baseline's, on the second half."""

    review_count: int
    prediction_count: int
    fsrs: ReplayScore
    constant: ReplayScore
    constant_recall_rate: float


def read_review_log(path: Path | str) -> list[LoggedReview]:
    """Read a CSV with columns card_id, review_rating, review_time (ISO 8601), review_duration (ms)."""
    with open(path, newline="", encoding="utf-8") as handle:
        return [
            LoggedReview(
                card_id=row["card_id"],
                rating=int(row["review_rating"]),
                reviewed_at=as_utc(datetime.fromisoformat(row["review_time"]), "review_time"),
                duration_ms=int(row["review_duration"]) if row.get("review_duration") else None,
            )
            for row in csv.DictReader(handle)
        ]


def predict_recall(
    reviews: Iterable[LoggedReview], settings: SchedulerSettings = DEFAULT_SETTINGS
) -> list[Prediction]:
    """Replay `reviews` in time order through the adapter; predict each review a day or more on."""
    ordered = sorted(reviews, key=lambda logged: logged.reviewed_at)  # stable for equal times
    states: dict[str, MemoryState] = {}
    history: dict[str, list[tuple[int, int]]] = {}  # card -> [(rating, elapsed days)]
    predictions: list[Prediction] = []
    for position, logged in enumerate(ordered):
        state = states.get(logged.card_id)
        card_history = history.setdefault(logged.card_id, [])
        elapsed = 0
        if state is None:
            state = MemoryState.new(logged.reviewed_at)
        elif state.last_review is not None:
            elapsed = (logged.reviewed_at - state.last_review).days
            recall = retrievability(state, logged.reviewed_at, settings)
            if elapsed >= 1 and recall is not None:
                predictions.append(
                    Prediction(
                        card_id=logged.card_id,
                        log_position=position,
                        elapsed_days=elapsed,
                        review_number=len(card_history) + 1,
                        lapses_before=sum(1 for rating, days in card_history if rating == 1 and days != 0),
                        retrievability=recall,
                        recalled=logged.rating > 1,
                    )
                )
        card_history.append((logged.rating, elapsed))
        states[logged.card_id] = review(state, logged.rating, logged.reviewed_at, settings).after
    return predictions


def log_loss(probabilities: Sequence[float], outcomes: Sequence[bool]) -> float:
    """Mean binary cross-entropy of predicted recall against what happened."""
    total = 0.0
    for p, recalled in zip(probabilities, outcomes, strict=True):
        p = min(max(p, _EPSILON), 1.0 - _EPSILON)
        total -= math.log(p) if recalled else math.log(1.0 - p)
    return total / len(probabilities)


def auc(probabilities: Sequence[float], outcomes: Sequence[bool]) -> float:
    """Area under the ROC curve by the rank-sum formula, tied predictions sharing their mean rank."""
    ranked = sorted(zip(probabilities, outcomes, strict=True), key=lambda pair: pair[0])
    positives = sum(1 for _p, recalled in ranked if recalled)
    negatives = len(ranked) - positives
    if positives == 0 or negatives == 0:
        raise ValueError("AUC needs both recalled and forgotten reviews")
    rank_sum = 0.0
    start = 0
    while start < len(ranked):
        end = start
        while end < len(ranked) and ranked[end][0] == ranked[start][0]:
            end += 1
        mean_rank = (start + 1 + end) / 2  # ranks are 1-based: start+1 .. end
        rank_sum += mean_rank * sum(1 for _p, recalled in ranked[start:end] if recalled)
        start = end
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)


def _geometric_bin(value: float, scale: float, base: float, digits: int) -> float:
    return round(scale * base ** math.floor(math.log(value) / math.log(base)), digits)


def _benchmark_bin(prediction: Prediction) -> tuple[float, float, float]:
    lapses = prediction.lapses_before
    return (
        _geometric_bin(prediction.elapsed_days, 2.48, 3.62, 2),
        _geometric_bin(prediction.review_number, 1.99, 1.89, 0),
        _geometric_bin(lapses, 1.65, 1.73, 0) if lapses else 0.0,
    )


def rmse_bins(predictions: Sequence[Prediction], probabilities: Sequence[float]) -> float:
    """srs-benchmark's RMSE(bins); `probabilities` are the predictions to score, one per entry."""
    bins: dict[tuple[float, float, float], list[float]] = {}
    for prediction, p in zip(predictions, probabilities, strict=True):
        sums = bins.setdefault(_benchmark_bin(prediction), [0.0, 0.0, 0.0])
        sums[0] += p
        sums[1] += 1.0 if prediction.recalled else 0.0
        sums[2] += 1.0
    squared = sum(n * (p_sum / n - y_sum / n) ** 2 for p_sum, y_sum, n in bins.values())
    return math.sqrt(squared / sum(n for _p, _y, n in bins.values()))


def score(predictions: Sequence[Prediction], probabilities: Sequence[float]) -> ReplayScore:
    """Log loss, RMSE(bins) and AUC of `probabilities` for the reviews in `predictions`."""
    if not predictions:
        raise ValueError("nothing to score: no review came a day or more after the previous one")
    outcomes = [prediction.recalled for prediction in predictions]
    return ReplayScore(
        count=len(predictions),
        log_loss=log_loss(probabilities, outcomes),
        rmse_bins=rmse_bins(predictions, probabilities),
        auc=auc(probabilities, outcomes),
    )


def replay_and_score(
    reviews: Sequence[LoggedReview], settings: SchedulerSettings = DEFAULT_SETTINGS
) -> ReplayReport:
    """Replay the whole log, then score the second half in time order against a constant baseline."""
    predictions = predict_recall(reviews, settings)
    split = len(reviews) // 2
    train = [p for p in predictions if p.log_position < split]
    test = [p for p in predictions if p.log_position >= split]
    if not train:
        raise ValueError("the first half of the log has no scorable review for the baseline")
    recall_rate = sum(p.recalled for p in train) / len(train)
    return ReplayReport(
        review_count=len(reviews),
        prediction_count=len(predictions),
        fsrs=score(test, [p.retrievability for p in test]),
        constant=score(test, [recall_rate] * len(test)),
        constant_recall_rate=recall_rate,
    )
