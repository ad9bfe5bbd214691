"""Personal FSRS parameters fitted to one learner's own review log, judged on reviews held out.

Fitting uses fsrs-rs-python (the Rust FSRS optimizer; no torch). A learner's reviews are grouped
by fact; every review that comes a day or more after the previous one of its fact is a training
item (the fact's history up to it), as in the fsrs-rs examples. Elapsed days are whole 24-hour
periods, the way py-fsrs counts them when it schedules, so the fitted model is the one applied.

The log is split in time: the weights are fitted on the earlier part only, and both the current
and the fitted weights then predict the recall of the latest part (HELDOUT_SHARE of the reviews),
replayed through the scheduler adapter over the whole log so every memory state has its history.
The fitted weights are applied only when their held-out log loss is lower: a fit that merely
explains the reviews it was fitted on better (it always does) may still predict the learner's
next reviews worse. The weights applied are the ones that were checked (fitted on the earlier part).

What the schedule delivered (recall on the reviews it timed against the retention it aimed at) is
measured apart from the fit, on the reviews since the last measurement (srs.calibration).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from fsrs_rs_python import FSRS, FSRSItem, FSRSReview

from quizapp.srs.replay import LoggedReview, log_loss, predict_recall, rmse_bins
from quizapp.srs.scheduler import RATINGS, SchedulerSettings, as_utc, within_parameter_bounds

MIN_REVIEWS_FOR_FIT = 400
"""Fewer reviews than this give too few day-apart repeats for 21 weights to mean anything."""

HELDOUT_SHARE = 0.25
"""The latest quarter of the reviews (in time) is held out: predicted, never fitted on."""


class NotEnoughReviews(ValueError):
    """The learner's log is too short to fit personal parameters yet."""

    def __init__(self, have: int, need: int, detail: str = "") -> None:
        self.have = have
        self.need = need
        message = f"optimizing needs at least {need} reviews; this learner has {have}"
        super().__init__(f"{message} ({detail})" if detail else message)


@dataclass(frozen=True, slots=True)
class ReviewRecord:
    """One schedule-changing answer from the learner's log: which fact, the rating 1-4, when."""

    fact_id: str
    rating: int
    reviewed_at: datetime


@dataclass(frozen=True, slots=True)
class HeldOutScore:
    """How well one set of weights predicted the held-out reviews (lower is better for both).

    predicted_recall / actual_recall: the mean predicted recall and the share recalled.
    """

    log_loss: float
    rmse_bins: float
    predicted_recall: float = float("nan")
    actual_recall: float = float("nan")


@dataclass(frozen=True, slots=True)
class FitResult:
    """Fitted weights and how well the current and the fitted ones predict the held-out reviews.

    parameters: the 21 FSRS-6 weights fitted on the earlier part, ready for SchedulerSettings.
    before / after: held-out scores with the current parameters and with the fitted ones.
    review_count: reviews used (those at or before `now`); train_count of them were fitted on.
    scored_count: held-out reviews that were predicted (a day or more after the fact's previous one).
    """

    parameters: tuple[float, ...]
    before: HeldOutScore
    after: HeldOutScore
    review_count: int
    train_count: int
    scored_count: int

    @property
    def improved(self) -> bool:
        """Whether the fitted weights predict the held-out reviews better; apply them only then."""
        return self.after.log_loss < self.before.log_loss

    @property
    def in_use(self) -> HeldOutScore:
        """The score of the weights the learner has after this fit: the fitted ones if better."""
        return self.after if self.improved else self.before

    @property
    def before_log_loss(self) -> float:
        return self.before.log_loss

    @property
    def after_log_loss(self) -> float:
        return self.after.log_loss


def _training_items(reviews: Sequence[ReviewRecord]) -> list[FSRSItem]:
    by_fact: dict[str, list[ReviewRecord]] = {}
    for record in sorted(reviews, key=lambda record: record.reviewed_at):
        by_fact.setdefault(record.fact_id, []).append(record)
    items: list[FSRSItem] = []
    for history in by_fact.values():
        so_far: list[FSRSReview] = []
        previous = history[0].reviewed_at
        for record in history:
            elapsed_days = (record.reviewed_at - previous).days
            so_far.append(FSRSReview(record.rating, elapsed_days))
            if elapsed_days > 0:
                items.append(FSRSItem(list(so_far)))
            previous = record.reviewed_at
    return [item for item in items if item.long_term_review_cnt() > 0]


def _held_out_score(
    logged: Sequence[LoggedReview], split: int, settings: SchedulerSettings
) -> tuple[HeldOutScore, int]:
    predictions = [p for p in predict_recall(logged, settings) if p.log_position >= split]
    if not predictions:
        return HeldOutScore(float("nan"), float("nan")), 0
    probabilities = [p.retrievability for p in predictions]
    outcomes = [p.recalled for p in predictions]
    score = HeldOutScore(
        log_loss=log_loss(probabilities, outcomes),
        rmse_bins=rmse_bins(predictions, probabilities),
        predicted_recall=sum(probabilities) / len(probabilities),
        actual_recall=sum(outcomes) / len(outcomes),
    )
    return score, len(predictions)


def fit_parameters(
    reviews: Sequence[ReviewRecord],
    now: datetime,
    current_parameters: Sequence[float] | None = None,
) -> FitResult:
    """Fit FSRS-6 weights to the earlier part of `reviews` and score them on the latest part.

    Reviews after `now` are ignored, so a fit is reproducible for a given moment. Raises
    NotEnoughReviews below MIN_REVIEWS_FOR_FIT reviews, when the earlier part has no fact reviewed
    a day after another, or when the held-out part has no such review to predict.
    `current_parameters` (None for the defaults) are what the "before" figure is computed with.
    """
    now = as_utc(now)
    for record in reviews:
        if record.rating not in RATINGS:
            raise ValueError(f"rating must be 1-4, got {record.rating!r} for fact {record.fact_id}")
    used = sorted(
        (r for r in reviews if as_utc(r.reviewed_at, "reviewed_at") <= now), key=lambda r: r.reviewed_at
    )
    if len(used) < MIN_REVIEWS_FOR_FIT:
        raise NotEnoughReviews(len(used), MIN_REVIEWS_FOR_FIT)
    split = held_out_split(len(used))
    items = _training_items(used[:split])
    if not items:
        raise NotEnoughReviews(
            len(used), MIN_REVIEWS_FOR_FIT, "no fact was reviewed a day after another review"
        )
    logged = [LoggedReview(r.fact_id, r.rating, as_utc(r.reviewed_at, "reviewed_at")) for r in used]
    current = SchedulerSettings(parameters=tuple(current_parameters) if current_parameters else None)
    before, scored = _held_out_score(logged, split, current)
    if not scored:
        raise NotEnoughReviews(
            len(used), MIN_REVIEWS_FOR_FIT, "no fact in the latest reviews was reviewed a day after another"
        )
    fitted = within_parameter_bounds(tuple(FSRS([]).compute_parameters(items)))
    after, _scored = _held_out_score(logged, split, SchedulerSettings(parameters=fitted))
    return FitResult(
        parameters=fitted,
        before=before,
        after=after,
        review_count=len(used),
        train_count=split,
        scored_count=scored,
    )


def held_out_split(review_count: int) -> int:
    """How many of `review_count` reviews (oldest first) are fitted on; the rest are held out."""
    return review_count - round(review_count * HELDOUT_SHARE)
