"""What a learner is told about a personalisation try: when, from how many reviews, and what changed."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import ScheduleFit
from quizapp.srs.calibration import scheduled_retention
from quizapp.srs.optimize import MIN_REVIEWS_FOR_FIT, held_out_split
from quizapp.srs.personalise import FIRST_ANSWER_RATINGS, first_answer_stabilities

RECENT_FITS = 5


@dataclass(frozen=True)
class StabilityChange:
    """After a first answer rated `label`, days at 90 % recall before and after the try."""

    label: str
    before_days: float
    after_days: float


@dataclass(frozen=True)
class FitSummary:
    """One try as the history page and the flash message show it.

    retention_aim: what the schedule delivered since the previous measurement and, from that, when
    reviews now come (srs.calibration); None for a try that measured nothing.
    """

    attempt: ScheduleFit
    detail: str
    changes: list[StabilityChange]
    retention_aim: str | None = None

    @property
    def sentence(self) -> str:
        verdict = (
            "Your personal parameters are now in use."
            if self.attempt.applied
            else "Your current parameters were kept."
        )
        return f"{self.detail} {verdict}"


def _days(value: float) -> str:
    return f"{value:.1f} days" if value < 100 else f"{value:.0f} days"


def _percent(share: float) -> str:
    return f"{share * 100:.1f}".removesuffix(".0") + " %"


def retention_aim(attempt: ScheduleFit, desired_retention: float) -> str | None:
    """What the try measured and the retention reviews are scheduled for, in plain words."""
    if attempt.recall_offset is None:
        return None
    scheduled = scheduled_retention(desired_retention, attempt.recall_offset)
    if attempt.calibration_reviews == 0:
        return (
            "No repeat reviews since the last measurement: reviews still come when your parameters "
            f"expect {_percent(scheduled)}."
        )
    measured = _measured(attempt)
    if round(scheduled, 3) == round(desired_retention, 3):
        close = (
            f"That is close enough: reviews come when your parameters expect {_percent(desired_retention)}."
        )
        return f"{measured} {close}".lstrip()
    when = "sooner" if scheduled > desired_retention else "later"
    return (
        f"{measured} So that you recall the {_percent(desired_retention)} you asked for, reviews "
        f"now come when your parameters expect {_percent(scheduled)}, a little {when} than they alone would bring them."
    ).lstrip()


def _measured(attempt: ScheduleFit) -> str:
    if attempt.calibration_reviews is None:  # a try from before calibration_reviews: held-out figures
        if attempt.predicted_recall is None or attempt.actual_recall is None:
            return ""
        return (
            f"On your latest {attempt.heldout_count} repeat reviews, the parameters in use expected you to "
            f"recall {_percent(attempt.predicted_recall)} and you recalled {_percent(attempt.actual_recall)}."
        )
    if attempt.actual_recall is None or attempt.predicted_recall is None:
        return ""
    reviews = attempt.calibration_reviews
    return (
        f"Your {reviews} repeat review{'s' if reviews != 1 else ''} since the last measurement came when "
        f"the schedule expected you to recall {_percent(attempt.predicted_recall)}, and you recalled "
        f"{_percent(attempt.actual_recall)}."
    )


def fit_summary(attempt: ScheduleFit, desired_retention: float | None = None) -> FitSummary:
    """Plain sentences for `attempt`; the held-out figures are log loss, lower is better.

    With `desired_retention`, also the retention aim the try set (see `retention_aim`).
    """
    if attempt.old_log_loss is None or attempt.new_log_loss is None:
        if attempt.review_count < MIN_REVIEWS_FOR_FIT:
            detail = (
                f"Not enough answers yet: a fit needs at least {MIN_REVIEWS_FOR_FIT} answers that count "
                f"toward your schedule, and you have {attempt.review_count}."
            )
        else:
            detail = (
                f"No fit from your {attempt.review_count} answers: it needs facts you came back to on a "
                "later day, among your earlier answers and among your latest ones."
            )
        return FitSummary(attempt, detail, [])
    detail = (
        f"Fitted on your first {held_out_split(attempt.review_count)} of {attempt.review_count} reviews "
        f"and checked on the latest ones ({attempt.heldout_count} repeat reviews predicted): "
        f"prediction error (log loss) {attempt.old_log_loss:.4f} with the parameters in use, "
        f"{attempt.new_log_loss:.4f} with the fitted ones."
    )
    before = first_answer_stabilities(attempt.old_parameters)
    after = first_answer_stabilities(attempt.new_parameters)
    changes = [
        StabilityChange(label, before[rating], after[rating])
        for rating, label in FIRST_ANSWER_RATINGS.items()
    ]
    aim = retention_aim(attempt, desired_retention) if desired_retention is not None else None
    return FitSummary(attempt, detail, changes, aim)


def recent_fit_summaries(
    user_id: int, limit: int = RECENT_FITS, desired_retention: float | None = None
) -> list[FitSummary]:
    """The learner's latest tries, newest first (with their retention aims, given `desired_retention`)."""
    attempts = db.session.scalars(
        select(ScheduleFit)
        .where(ScheduleFit.user_id == user_id)
        .order_by(ScheduleFit.tried_at.desc(), ScheduleFit.id.desc())
        .limit(limit)
    )
    return [fit_summary(attempt, desired_retention) for attempt in attempts]


def latest_fit_summary(user_id: int) -> FitSummary | None:
    """The learner's latest try, for the settings page; None before the first."""
    summaries = recent_fit_summaries(user_id, limit=1)
    return summaries[0] if summaries else None
