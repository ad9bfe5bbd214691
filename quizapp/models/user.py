"""People who use quizapp: learners (guests included), teachers and admins."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from quizapp.clock import utcnow
from quizapp.models.base import Base


class Role(enum.StrEnum):
    LEARNER = "learner"
    TEACHER = "teacher"
    ADMIN = "admin"


ROLE_VALUES = tuple(role.value for role in Role)


class User(Base):
    __tablename__ = "user"
    __table_args__ = (
        CheckConstraint(f"role IN {ROLE_VALUES!r}", name="role_known"),
        CheckConstraint("desired_retention > 0.5 AND desired_retention < 1", name="retention_range"),
        CheckConstraint("new_facts_per_day >= 0", name="new_facts_nonnegative"),
        CheckConstraint("reviews_per_day >= 0", name="reviews_nonnegative"),
        CheckConstraint("slow_answer_percent BETWEEN 50 AND 400", name="slow_answer_range"),
        CheckConstraint("daily_goal BETWEEN 0 AND 1000", name="daily_goal_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Guests have no email or password until they sign up; the row (and its progress) stays.
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    display_name: Mapped[str] = mapped_column(String(80))
    role: Mapped[str] = mapped_column(String(16), default=Role.LEARNER.value)
    is_guest: Mapped[bool] = mapped_column(default=False)
    is_disabled: Mapped[bool] = mapped_column(default=False)
    # Bumped on sign-out and password change so that every copy of an old session cookie dies.
    session_version: Mapped[int] = mapped_column(default=1)
    time_zone: Mapped[str] = mapped_column(String(64), default="UTC")
    desired_retention: Mapped[float] = mapped_column(default=0.9)
    new_facts_per_day: Mapped[int] = mapped_column(default=20)
    reviews_per_day: Mapped[int] = mapped_column(default=200)
    # How long a right answer may take before it counts as Hard, in percent of each kind's
    # usual time (srs.rating.ANSWER_PACE): 200 gives a slow reader twice as long.
    slow_answer_percent: Mapped[int] = mapped_column(default=100, server_default="100")
    # Answers a day the learner aims for (0: no goal); the study page and progress show how far.
    daily_goal: Mapped[int] = mapped_column(default=30, server_default="30")
    # Personal FSRS weights from "Optimize my schedule"; None means the published defaults.
    fsrs_parameters: Mapped[list[float] | None] = mapped_column(JSON)
    # How the parameters in use predict this learner's recall, measured on the held-out reviews of
    # the latest fit (srs.calibration): the log-odds shift from predicted to actual recall. Reviews
    # are scheduled for the predicted recall that delivers desired_retention. None: not measured.
    fsrs_recall_offset: Mapped[float | None]
    # The learner's exam (a study day in their zone): reviews are brought before it where predicted
    # recall on the day would fall under desired_retention (srs.exam). None: no exam.
    exam_date: Mapped[date | None]
    # Until when one process is fitting this learner's parameters (a lease, so two workers, a cron
    # job and the button never fit the same learner at once); None or past means free.
    schedule_fit_claimed_until: Mapped[datetime | None]
    # Easy days: the share of a normal day's reviews wanted on each weekday, Monday first, in percent
    # (100 normal, 50 reduced, 0 minimum, as in Anki); None means every day is normal.
    easy_days: Mapped[list[int] | None] = mapped_column(JSON)
    # Bumped by database triggers on every change to the learner's review log, cards, fact marks
    # and practice tests (migration d5a8c3f1e7b2), never by the app: the progress page's cache key.
    progress_version: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_sign_in_at: Mapped[datetime | None]

    # Flask-Login protocol, written out so the session id carries the session version.
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return not self.is_disabled

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    def has_role(self, *roles: Role | str) -> bool:
        return self.role in {str(role) for role in roles}

    @property
    def is_teacher(self) -> bool:
        return self.role in {Role.TEACHER, Role.ADMIN}

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email or 'guest'} {self.role}>"
