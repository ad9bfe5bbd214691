"""Which exam a learner's schedule works towards: their own date, or the soonest close time of a
quiz their teacher assigned to a class they are in, whichever comes first.

The scheduling rule itself is srs.exam; this only finds the date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import bindparam, select

from quizapp import srs
from quizapp.extensions import db
from quizapp.models import Enrollment, Quiz, User

# An exam further off than this is no exam to plan for: the learner's own date is refused beyond it,
# and a quiz left open "for ever" (closing in year 9999) must not become one.
EXAM_HORIZON = timedelta(days=5 * 366)


@dataclass(frozen=True)
class Exam:
    """at: the instant recall is predicted for (UTC). day: its study day in the learner's zone.
    source: the learner's own date ("your exam date") or the quiz that closes then."""

    at: datetime
    day: date
    source: str


# Built once and run on the session's connection: every study page and answer asks, and the
# ORM's per-statement work weighed more than the indexed lookup itself.
_SOONEST_QUIZ_CLOSE = (
    select(Quiz.closes_at, Quiz.title)
    .join(Enrollment, Enrollment.classroom_id == Quiz.classroom_id)
    .where(
        Enrollment.user_id == bindparam("user_id"),
        Quiz.assigned_at.is_not(None),
        Quiz.closes_at > bindparam("now"),
        Quiz.closes_at <= bindparam("horizon"),
    )
    .order_by(Quiz.closes_at, Quiz.id)
    .limit(1)
)


def _soonest_quiz_close(user: User, now: datetime) -> tuple[datetime, str] | None:
    row = (
        db.session.connection()
        .execute(_SOONEST_QUIZ_CLOSE, {"user_id": user.id, "now": now, "horizon": now + EXAM_HORIZON})
        .first()
    )
    if row is None or row[0] is None:
        return None
    return row[0], row[1]


def exam_for(user: User, now: datetime) -> Exam | None:
    """The learner's next exam after `now`, or None. A date already past counts as none."""
    found: list[Exam] = []
    if user.exam_date is not None:
        at = srs.exam_moment(user.exam_date, user.time_zone)
        if at > now:
            found.append(Exam(at, user.exam_date, "your exam date"))
    quiz = _soonest_quiz_close(user, now)
    if quiz is not None:
        at, title = quiz
        found.append(Exam(at, srs.study_day(at, user.time_zone), f"“{title}” closes"))
    return min(found, key=lambda exam: exam.at) if found else None


def exam_moment_or_none(user: User, now: datetime) -> datetime | None:
    """`exam_for`'s instant alone, for the scheduling rule."""
    exam = exam_for(user, now)
    return exam.at if exam else None
