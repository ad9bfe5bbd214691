"""When a learner's schedule is personalised again, without them asking.

A fit (srs.optimize) is worth trying once the learner has MIN_REVIEWS_FOR_FIT reviews, and again
when REFIT_AFTER_NEW_REVIEWS more have come in since the last try (their memory has shown more of
itself), or when a month has passed since the last try and they have studied since (so a learner
who studies a little every day still gets a fresh fit monthly). A try counts whether or not its
weights were applied: a fit that did not predict the held-out reviews better is not retried until
there is new evidence. A learner who stopped studying is left alone.

Plain data in, a reason (or None) out, so the rule is checked with hand-made figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from quizapp.srs.optimize import MIN_REVIEWS_FOR_FIT
from quizapp.srs.scheduler import SchedulerSettings, as_utc, effective_parameters

REFIT_AFTER_NEW_REVIEWS = 400
"""New schedule-changing reviews since the last try that call for another one."""

REFIT_AFTER = timedelta(days=30)
"""The longest a studying learner waits between tries."""


@dataclass(frozen=True, slots=True)
class FitTry:
    """The learner's latest personalisation try: when, and how many reviews it saw."""

    tried_at: datetime
    review_count: int


def personalise_reason(
    review_count: int,
    newest_review_at: datetime | None,
    last_try: FitTry | None,
    now: datetime,
) -> str | None:
    """Why the learner's schedule should be fitted now, or None to leave it.

    review_count: the learner's schedule-changing reviews so far; newest_review_at: the latest one.
    """
    now = as_utc(now)
    if review_count < MIN_REVIEWS_FOR_FIT:
        return None
    if last_try is None:
        return f"first fit: {review_count} reviews"
    new_reviews = review_count - last_try.review_count
    if new_reviews >= REFIT_AFTER_NEW_REVIEWS:
        return f"{new_reviews} new reviews since the last fit"
    studied_since = newest_review_at is not None and as_utc(newest_review_at) > as_utc(last_try.tried_at)
    if studied_since and new_reviews > 0 and now - as_utc(last_try.tried_at) >= REFIT_AFTER:
        return f"monthly fit: {new_reviews} new reviews"
    return None


FIRST_ANSWER_RATINGS = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}


def first_answer_stabilities(parameters: Sequence[float] | None) -> dict[int, float]:
    """Days a new fact stays at 90 % recall after a first answer of each rating (FSRS's w0-w3).

    The plainest figures to show a learner what a fit changed: "after a first Good, 2.3 days".
    """
    weights = effective_parameters(SchedulerSettings(parameters=tuple(parameters) if parameters else None))
    return {rating: weights[rating - 1] for rating in FIRST_ANSWER_RATINGS}
