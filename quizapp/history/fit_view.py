"""What a learner is told about a personalisation try: when, from how many reviews, and what changed."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import ScheduleFit
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
    """One try as the history page and the flash message show it."""

    attempt: ScheduleFit
    detail: str
    changes: list[StabilityChange]

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


def fit_summary(attempt: ScheduleFit) -> FitSummary:
    """Plain sentences for `attempt`; the held-out figures are log loss, lower is better."""
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
    return FitSummary(attempt, detail, changes)


def recent_fit_summaries(user_id: int, limit: int = RECENT_FITS) -> list[FitSummary]:
    """The learner's latest tries, newest first."""
    attempts = db.session.scalars(
        select(ScheduleFit)
        .where(ScheduleFit.user_id == user_id)
        .order_by(ScheduleFit.tried_at.desc(), ScheduleFit.id.desc())
        .limit(limit)
    )
    return [fit_summary(attempt) for attempt in attempts]


def latest_fit_summary(user_id: int) -> FitSummary | None:
    """The learner's latest try, for the settings page; None before the first."""
    summaries = recent_fit_summaries(user_id, limit=1)
    return summaries[0] if summaries else None
