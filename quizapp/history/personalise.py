"""Personalising learners' schedules: who is due a fit, one fit at a time per learner, every try kept.

`personalise_due_learners` is what `flask schedules personalise` (cron, or the runner gunicorn
starts, quizapp/gunicorn_config.py) calls; the "Optimize my schedule" button calls
`personalise_learner` for one learner. Both go through the same steps:

1. Claim the learner: an UPDATE that sets `user.schedule_fit_claimed_until` only if it is empty or
   past, committed at once. Exactly one of two processes racing for the same learner sees its row
   updated (SQLite and PostgreSQL both make the conditional UPDATE atomic); the other moves on.
   A process that dies mid-fit leaves a lease that runs out after FIT_LEASE.
2. Read the log and commit, so the fit (seconds of CPU) holds no transaction or lock.
3. Fit and score on held-out reviews (srs.optimize), then in one short transaction record the try
   and apply the weights if they predicted better and the learner's parameters did not change
   meanwhile (they may have gone back to the defaults during the fit). Either way, unless they
   changed, measure what the schedule delivered since the last measurement (srs.calibration):
   reviews are then scheduled for the predicted recall that delivers the learner's desired retention.
4. Release the lease.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select, update

from quizapp.extensions import db
from quizapp.history.service import schedule_review_records
from quizapp.models import ReviewLog, ScheduleFit, User
from quizapp.srs.calibration import measure
from quizapp.srs.optimize import MIN_REVIEWS_FOR_FIT, NotEnoughReviews, fit_parameters
from quizapp.srs.personalise import FitTry, personalise_reason

FIT_LEASE = timedelta(minutes=15)
"""Longer than any fit takes (a year of daily study fits in seconds)."""

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DueLearner:
    user_id: int
    reason: str


def due_learners(now: datetime) -> list[DueLearner]:
    """Learners whose schedule should be fitted now (srs.personalise), in id order."""
    counts = db.session.execute(
        select(ReviewLog.user_id, func.count(ReviewLog.id), func.max(ReviewLog.reviewed_at))
        .where(ReviewLog.affects_schedule.is_(True))
        .group_by(ReviewLog.user_id)
        .having(func.count(ReviewLog.id) >= MIN_REVIEWS_FOR_FIT)
        .order_by(ReviewLog.user_id)
    ).all()
    latest = {fit.user_id: fit for fit in latest_fits([user_id for user_id, _count, _newest in counts])}
    due = []
    for user_id, count, newest in counts:
        last = latest.get(user_id)
        last_try = FitTry(last.tried_at, last.review_count) if last else None
        reason = personalise_reason(count, newest, last_try, now)
        if reason:
            due.append(DueLearner(user_id, reason))
    return due


def latest_fits(user_ids: list[int]) -> list[ScheduleFit]:
    """Each learner's latest try, for those of `user_ids` who have one."""
    if not user_ids:
        return []
    newest = (
        select(ScheduleFit.user_id, func.max(ScheduleFit.id).label("fit_id"))
        .where(ScheduleFit.user_id.in_(user_ids))
        .group_by(ScheduleFit.user_id)
        .subquery()
    )
    return list(db.session.scalars(select(ScheduleFit).join(newest, ScheduleFit.id == newest.c.fit_id)))


def last_measurement(user_id: int) -> datetime | None:
    """When the learner's schedule was last measured (srs.calibration.measure); None: never."""
    return db.session.scalar(
        select(func.max(ScheduleFit.tried_at)).where(
            ScheduleFit.user_id == user_id, ScheduleFit.recall_offset.is_not(None)
        )
    )


def claim_learner(user_id: int, now: datetime) -> bool:
    """Take the learner's fitting lease until now + FIT_LEASE; False if another process holds it."""
    claimed = db.session.execute(
        update(User)
        .where(
            User.id == user_id,
            or_(User.schedule_fit_claimed_until.is_(None), User.schedule_fit_claimed_until < now),
        )
        .values(schedule_fit_claimed_until=now + FIT_LEASE)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return bool(claimed.rowcount == 1)  # type: ignore[attr-defined]


def release_learner(user_id: int) -> None:
    db.session.rollback()
    db.session.execute(
        update(User)
        .where(User.id == user_id)
        .values(schedule_fit_claimed_until=None)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def personalise_learner(
    user_id: int, now: datetime, trigger: str, keep_unfitted: bool = True
) -> ScheduleFit | None:
    """Fit the learner's parameters and record the try; None if another process is fitting them.

    A try that could not fit (too few reviews) is kept only if `keep_unfitted`: the automatic pass
    keeps it so it is not retried before new reviews come; the button just says why.
    """
    if not claim_learner(user_id, now):
        return None
    try:
        user = db.session.get(User, user_id)
        if user is None:
            return None
        current = list(user.fsrs_parameters) if user.fsrs_parameters else None
        records = schedule_review_records(user_id)
        measured_since = last_measurement(user_id)
        db.session.commit()  # the fit takes seconds: hold no transaction meanwhile
        try:
            fit = fit_parameters(records, now, current)
        except NotEnoughReviews as not_enough:
            attempt = ScheduleFit(
                user_id=user_id,
                tried_at=now,
                trigger=trigger,
                review_count=not_enough.have,
                old_parameters=current,
                applied=False,
                outcome=f"not fitted: {not_enough}"[:200],
            )
        else:
            attempt = ScheduleFit(
                user_id=user_id,
                tried_at=now,
                trigger=trigger,
                review_count=fit.review_count,
                heldout_count=fit.scored_count,
                old_log_loss=fit.before.log_loss,
                new_log_loss=fit.after.log_loss,
                old_rmse=fit.before.rmse_bins,
                new_rmse=fit.after.rmse_bins,
                old_parameters=current,
                new_parameters=list(fit.parameters),
                applied=False,
                outcome="kept: the fitted parameters predicted the held-out reviews no better",
            )
            user = db.session.get(User, user_id, populate_existing=True)
            unchanged = user is not None and (user.fsrs_parameters or None) == current
            if fit.improved and unchanged and user is not None:
                user.fsrs_parameters = list(fit.parameters)
                attempt.applied = True
                attempt.outcome = "applied: the fitted parameters predicted the held-out reviews better"
            elif fit.improved:
                attempt.outcome = "kept: the parameters were changed during the fit"
            if unchanged and user is not None:
                # What the schedule delivered since the last measurement sets its aim from now on.
                measured = measure(records, measured_since, user.desired_retention, user.fsrs_recall_offset)
                attempt.calibration_reviews = measured.reviews
                attempt.predicted_recall = measured.aimed_at
                attempt.actual_recall = measured.recalled
                attempt.recall_offset = measured.offset
                user.fsrs_recall_offset = measured.offset
        if attempt.new_parameters is not None or keep_unfitted:
            db.session.add(attempt)
        db.session.commit()
        return attempt
    finally:
        release_learner(user_id)


def personalise_due_learners(
    now: Callable[[], datetime], report: Callable[[str], None] = log.info
) -> list[ScheduleFit]:
    """One pass: fit every learner who is due (see `due_learners`), one after another."""
    due = due_learners(now())
    db.session.commit()
    tries = []
    for learner in due:
        attempt = personalise_learner(learner.user_id, now(), f"automatic: {learner.reason}"[:120])
        if attempt is None:
            report(f"learner {learner.user_id}: another process is fitting them; skipped")
            continue
        report(f"learner {learner.user_id} ({learner.reason}): {attempt.outcome}")
        tries.append(attempt)
    return tries
