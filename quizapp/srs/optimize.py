"""Personal FSRS parameters fitted to one learner's own review log ("Optimize my schedule").

Fitting uses fsrs-rs-python (the Rust FSRS optimizer; no torch). A learner's reviews are grouped
by fact; every review that comes a day or more after the previous one of its fact is a training
item (the fact's history up to it), as in the fsrs-rs examples. Elapsed days are whole 24-hour
periods, the way py-fsrs counts them when it schedules, so the fitted model is the one applied.

The before/after figures are the log loss of recall predictions on the same log, replayed through
the scheduler adapter with the current and with the fitted parameters (in-sample, as Anki shows
them). They tell the learner how much better the personal model explains their own history.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from fsrs_rs_python import FSRS, FSRSItem, FSRSReview

from quizapp.srs.replay import LoggedReview, log_loss, predict_recall
from quizapp.srs.scheduler import RATINGS, SchedulerSettings, as_utc, within_parameter_bounds

MIN_REVIEWS_FOR_FIT = 400
"""Fewer reviews than this give too few day-apart repeats for 21 weights to mean anything."""


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
class FitResult:
    """Fitted weights and how well the log is predicted with the current and the fitted ones.

    parameters: the 21 fitted FSRS-6 weights, ready for SchedulerSettings(parameters=...).
    before_log_loss / after_log_loss: log loss of the log's recall predictions with the current
        parameters and with the fitted ones (lower is better).
    review_count: reviews used (those at or before `now`).
    scored_count: reviews that were predicted (a day or more after the fact's previous review).
    """

    parameters: tuple[float, ...]
    before_log_loss: float
    after_log_loss: float
    review_count: int
    scored_count: int

    @property
    def improved(self) -> bool:
        """Whether the fitted weights explain the log better; apply them only then."""
        return self.after_log_loss < self.before_log_loss


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


def _in_sample_log_loss(logged: Sequence[LoggedReview], settings: SchedulerSettings) -> tuple[float, int]:
    predictions = predict_recall(logged, settings)
    loss = log_loss([p.retrievability for p in predictions], [p.recalled for p in predictions])
    return loss, len(predictions)


def fit_parameters(
    reviews: Sequence[ReviewRecord],
    now: datetime,
    current_parameters: Sequence[float] | None = None,
) -> FitResult:
    """Fit FSRS-6 weights to `reviews` (a learner's schedule-changing answers) as of `now`.

    Reviews after `now` are ignored, so a fit is reproducible for a given moment. Raises
    NotEnoughReviews below MIN_REVIEWS_FOR_FIT reviews, or when none comes a day after another.
    `current_parameters` (None for the defaults) are what the "before" figure is computed with.
    """
    now = as_utc(now)
    for record in reviews:
        if record.rating not in RATINGS:
            raise ValueError(f"rating must be 1-4, got {record.rating!r} for fact {record.fact_id}")
    used = [r for r in reviews if as_utc(r.reviewed_at, "reviewed_at") <= now]
    if len(used) < MIN_REVIEWS_FOR_FIT:
        raise NotEnoughReviews(len(used), MIN_REVIEWS_FOR_FIT)
    items = _training_items(used)
    if not items:
        raise NotEnoughReviews(
            len(used), MIN_REVIEWS_FOR_FIT, "no fact was reviewed a day after another review"
        )

    fitted = within_parameter_bounds(tuple(FSRS([]).compute_parameters(items)))
    logged = [LoggedReview(r.fact_id, r.rating, as_utc(r.reviewed_at, "reviewed_at")) for r in used]
    current = SchedulerSettings(parameters=tuple(current_parameters) if current_parameters else None)
    before, scored = _in_sample_log_loss(logged, current)
    after, _scored = _in_sample_log_loss(logged, SchedulerSettings(parameters=fitted))
    return FitResult(
        parameters=fitted,
        before_log_loss=before,
        after_log_loss=after,
        review_count=len(used),
        scored_count=scored,
    )
