"""A learner's memory of each fact and every answer they gave.

The schedule is per learner and fact (the variants of a fact are siblings); each answer is one
review-log row carrying the card state before and after it, so undo restores it exactly.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.clock import utcnow
from quizapp.models.base import Base
from quizapp.models.content import Fact, Question


class Card(Base):
    """The FSRS memory state of one fact for one learner."""

    __tablename__ = "card"
    __table_args__ = (
        UniqueConstraint("user_id", "fact_id"),
        Index("ix_card_user_due", "user_id", "due"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    fact_id: Mapped[str] = mapped_column(ForeignKey("fact.id"), index=True)
    # MemoryState.to_dict() of quizapp.srs: state, step, stability, difficulty, due, last_review.
    memory: Mapped[dict[str, Any]] = mapped_column(JSON)
    due: Mapped[datetime]
    reps: Mapped[int] = mapped_column(default=0)
    lapses: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    fact: Mapped[Fact] = relationship()


class ReviewLog(Base):
    """One answer: who, which question of which fact, the rating, and the state around it."""

    __tablename__ = "review_log"
    __table_args__ = (
        CheckConstraint("rating BETWEEN 1 AND 4", name="rating_range"),
        Index("ix_review_log_user_time", "user_id", "reviewed_at"),
        Index("ix_review_log_user_day", "user_id", "study_day"),
        Index("ix_review_log_user_fact", "user_id", "fact_id", "reviewed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The client's key for this submission: a resent answer hits the UNIQUE and is stored once.
    submission_key: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    fact_id: Mapped[str] = mapped_column(ForeignKey("fact.id"))
    question_id: Mapped[str] = mapped_column(ForeignKey("question.id"))
    kind: Mapped[str] = mapped_column(String(32))
    source: Mapped[str] = mapped_column(String(16), default="study")
    rating: Mapped[int]
    correct: Mapped[bool | None]
    answer_given: Mapped[str] = mapped_column(Text, default="")
    grader_note: Mapped[str] = mapped_column(Text, default="")
    seconds_taken: Mapped[float | None]
    affects_schedule: Mapped[bool] = mapped_column(default=True)
    is_new: Mapped[bool] = mapped_column(default=False)
    study_day: Mapped[date]
    reviewed_at: Mapped[datetime] = mapped_column(default=utcnow)
    state_before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    state_after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # The grader's partial credit (0-1) and the answer as graded (picked indices, pairs, order):
    # feedback marks the wrong items from them, history tells "Partly right" from "Wrong".
    score: Mapped[float | None]
    response: Mapped[Any | None] = mapped_column(JSON)
    # When the learner overrode the app's rating ("I was right"): the app's rating and when.
    # `rating` then holds the learner's own, and the schedule was replayed from it.
    auto_rating: Mapped[int | None]
    rerated_at: Mapped[datetime | None]

    @property
    def rerated(self) -> bool:
        return self.auto_rating is not None


class PracticeTest(Base):
    """A practice test: N questions chosen from sections and kinds, scored at the end."""

    __tablename__ = "practice_test"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    section_ids: Mapped[list[str]] = mapped_column(JSON)
    kinds: Mapped[list[str]] = mapped_column(JSON)
    question_ids: Mapped[list[str]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    correct_count: Mapped[int] = mapped_column(default=0)
    score: Mapped[float | None]

    answers: Mapped[list[PracticeAnswer]] = relationship(
        back_populates="test", order_by="PracticeAnswer.position", lazy="selectin"
    )


class PracticeAnswer(Base):
    """One answer in a practice test; (test, position) is unique, so a resent answer is kept once."""

    __tablename__ = "practice_answer"
    __table_args__ = (UniqueConstraint("test_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    test_id: Mapped[int] = mapped_column(ForeignKey("practice_test.id", ondelete="CASCADE"))
    position: Mapped[int]
    question_id: Mapped[str] = mapped_column(ForeignKey("question.id"))
    answer_given: Mapped[str] = mapped_column(Text, default="")
    correct: Mapped[bool]
    score: Mapped[float]
    grader_note: Mapped[str] = mapped_column(Text, default="")
    review_log_id: Mapped[int | None] = mapped_column(ForeignKey("review_log.id", ondelete="SET NULL"))
    answered_at: Mapped[datetime] = mapped_column(default=utcnow)

    test: Mapped[PracticeTest] = relationship(back_populates="answers")
    question: Mapped[Question] = relationship(lazy="joined")


FLAG_NAMES = {1: "Red", 2: "Orange", 3: "Green", 4: "Blue"}
"""A learner's flags, numbered as Anki's first four: a marker to find facts again, nothing more."""


class FactMark(Base):
    """What a learner set aside or marked on one fact, seen or not: suspended (out of all study until
    taken back), buried (out of study until `buried_until`, the next study day's start) or flagged.

    Kept apart from `Card` because a fact never answered can be suspended, buried or flagged too.
    """

    __tablename__ = "fact_mark"
    __table_args__ = (
        UniqueConstraint("user_id", "fact_id"),
        CheckConstraint("flag IS NULL OR flag BETWEEN 1 AND 4", name="flag_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    fact_id: Mapped[str] = mapped_column(ForeignKey("fact.id"))
    suspended_at: Mapped[datetime | None]
    buried_until: Mapped[datetime | None]
    flag: Mapped[int | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    fact: Mapped[Fact] = relationship()


class ScheduleFit(Base):
    """One try at personalising a learner's FSRS parameters, applied or not (the learner sees these).

    The scores are on the held-out latest reviews (srs.optimize): `old_*` with the parameters in use
    at the time, `new_*` with the fitted ones. A try that could not fit keeps `outcome` and no scores.
    """

    __tablename__ = "schedule_fit"
    __table_args__ = (Index("ix_schedule_fit_user_tried", "user_id", "tried_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    tried_at: Mapped[datetime] = mapped_column(default=utcnow)
    # "automatic: <why>" (srs.personalise) or "button" (the learner asked).
    trigger: Mapped[str] = mapped_column(String(120))
    review_count: Mapped[int]
    heldout_count: Mapped[int] = mapped_column(default=0)
    old_log_loss: Mapped[float | None]
    new_log_loss: Mapped[float | None]
    old_rmse: Mapped[float | None]
    new_rmse: Mapped[float | None]
    old_parameters: Mapped[list[float] | None] = mapped_column(JSON)
    new_parameters: Mapped[list[float] | None] = mapped_column(JSON)
    applied: Mapped[bool] = mapped_column(default=False)
    outcome: Mapped[str] = mapped_column(String(200))
    # What the schedule delivered on the repeat reviews since the previous measurement
    # (srs.calibration.measure): how many, the retention they were scheduled for, the share
    # recalled, and the log-odds shift reviews are scheduled with from then on. Tries made before
    # calibration_reviews existed hold the held-out reviews' mean prediction and share instead.
    calibration_reviews: Mapped[int | None]
    predicted_recall: Mapped[float | None]
    actual_recall: Mapped[float | None]
    recall_offset: Mapped[float | None]
