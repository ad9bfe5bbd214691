"""Teacher quizzes for a class, learners' attempts at them and every answer given."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.clock import utcnow
from quizapp.models.base import Base
from quizapp.models.classes import Classroom
from quizapp.models.content import Question
from quizapp.models.user import User

SHOW_AT_ONCE, SHOW_AFTER_SUBMIT, SHOW_AFTER_CLOSE = "at_once", "after_submit", "after_close"


class Quiz(Base):
    """A quiz a teacher builds for one class: its questions in order and its settings.

    A draft is seen only by the teacher; once assigned, the class's learners see it.
    """

    __tablename__ = "quiz"

    id: Mapped[int] = mapped_column(primary_key=True)
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classroom.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(160))
    question_ids: Mapped[list[str]] = mapped_column(JSON)
    section_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    kinds: Mapped[list[str]] = mapped_column(JSON, default=list)
    time_limit_minutes: Mapped[int | None]
    opens_at: Mapped[datetime | None]
    closes_at: Mapped[datetime | None]
    attempts_allowed: Mapped[int] = mapped_column(default=1)
    shuffle_questions: Mapped[bool] = mapped_column(default=False)
    shuffle_choices: Mapped[bool] = mapped_column(default=False)
    show_answers: Mapped[str] = mapped_column(String(16), default=SHOW_AFTER_SUBMIT)
    # Assigned mode: every question on one page instead of one per page.
    one_page: Mapped[bool] = mapped_column(default=False)
    # Live mode: a right answer earns more the sooner it comes.
    speed_points: Mapped[bool] = mapped_column(default=False)
    # Live mode: signed-in players' answers are logged and move their schedules (off: a game is
    # played for the room, often guessed at speed, so the teacher opts in per quiz).
    live_feeds_schedules: Mapped[bool] = mapped_column(default=False, server_default=false())
    # str(user id) -> extra minutes on the time limit, for learners who need more time.
    extra_time: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    # Bank question id -> the question as this quiz grades it after the teacher fixed it (another
    # accepted answer, a corrected key); questions not in it are graded as the bank has them.
    question_fixes: Mapped[dict[str, dict[str, Any]]] = mapped_column(JSON, default=dict)
    assigned_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    classroom: Mapped[Classroom] = relationship(lazy="joined")

    @property
    def is_draft(self) -> bool:
        return self.assigned_at is None

    def extra_minutes(self, user_id: int) -> int:
        return int((self.extra_time or {}).get(str(user_id), 0))

    def question_data(self, row: Question) -> dict[str, Any]:
        """The stored question as this quiz asks and grades it: the teacher's fix, else the bank's."""
        return (self.question_fixes or {}).get(row.id) or row.data


class QuizAttempt(Base):
    """One learner's go at a quiz: the questions in the order they get them and the deadline."""

    __tablename__ = "quiz_attempt"
    __table_args__ = (UniqueConstraint("quiz_id", "user_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quiz.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(default=1)
    question_ids: Mapped[list[str]] = mapped_column(JSON)
    seed: Mapped[int]
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    deadline: Mapped[datetime | None]
    submitted_at: Mapped[datetime | None]
    # "submitted" by the learner, "time" when the deadline passed.
    closed_reason: Mapped[str | None] = mapped_column(String(16))
    correct_count: Mapped[int] = mapped_column(default=0)
    score: Mapped[float | None]

    quiz: Mapped[Quiz] = relationship(lazy="joined")
    user: Mapped[User] = relationship(lazy="joined")
    answers: Mapped[list[QuizAnswer]] = relationship(
        back_populates="attempt",
        order_by="QuizAnswer.position",
        lazy="selectin",
        cascade="all, delete-orphan",
    )

    @property
    def is_open(self) -> bool:
        return self.submitted_at is None


class QuizAnswer(Base):
    """One answer in an attempt; (attempt, position) and the submission key are unique, so a
    resent answer is stored once."""

    __tablename__ = "quiz_answer"
    __table_args__ = (UniqueConstraint("attempt_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("quiz_attempt.id", ondelete="CASCADE"))
    position: Mapped[int]
    question_id: Mapped[str] = mapped_column(ForeignKey("question.id"))
    submission_key: Mapped[str] = mapped_column(String(64), unique=True)
    answer_given: Mapped[str] = mapped_column(Text, default="")
    # The texts of the choices picked (choice kinds), for "how often each choice was picked".
    picked: Mapped[list[Any]] = mapped_column(JSON, default=list)
    # The response as graded (the kind's shape, about the question as shown), so a regrade can
    # grade it again; None for answers stored before it was kept and not found in the review log.
    response: Mapped[Any | None] = mapped_column(JSON)
    correct: Mapped[bool]
    score: Mapped[float]
    grader_note: Mapped[str] = mapped_column(Text, default="")
    seconds_taken: Mapped[float | None]
    review_log_id: Mapped[int | None] = mapped_column(ForeignKey("review_log.id", ondelete="SET NULL"))
    answered_at: Mapped[datetime] = mapped_column(default=utcnow)
    # A teacher's override: `score`/`correct` then hold the teacher's mark, `graded_score` the
    # grader's, so the learner's score, results and item analysis read one mark and the change is kept.
    graded_score: Mapped[float | None]
    override_reason: Mapped[str | None] = mapped_column(Text)
    overridden_at: Mapped[datetime | None]
    overridden_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    attempt: Mapped[QuizAttempt] = relationship(back_populates="answers")
    question: Mapped[Question] = relationship(lazy="joined")


class QuizChange(Base):
    """A change a teacher made to a quiz that already had attempts: a question regraded, dropped
    or added. Its effects say what it did to each attempt, so learners can be told."""

    __tablename__ = "quiz_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quiz.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[str] = mapped_column(String(200))
    # "regraded", "dropped" or "added".
    action: Mapped[str] = mapped_column(String(16))
    # What was fixed, in the teacher's words for the learner ("accepted answer added: GPT3").
    what: Mapped[str] = mapped_column(Text, default="")
    made_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    made_at: Mapped[datetime] = mapped_column(default=utcnow)

    effects: Mapped[list[QuizChangeEffect]] = relationship(
        back_populates="change", lazy="selectin", cascade="all, delete-orphan"
    )


class QuizChangeEffect(Base):
    """What one quiz change did to one attempt: the question's points and the attempt's score,
    before and after, and whether a teacher's own mark was kept instead of the new grade."""

    __tablename__ = "quiz_change_effect"

    id: Mapped[int] = mapped_column(primary_key=True)
    change_id: Mapped[int] = mapped_column(ForeignKey("quiz_change.id", ondelete="CASCADE"), index=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("quiz_attempt.id", ondelete="CASCADE"), index=True)
    # The question's number on the attempt's sheet (1-based) where the learner saw it, else None.
    number: Mapped[int | None]
    points_before: Mapped[float | None]
    points_after: Mapped[float | None]
    earned_before: Mapped[float]
    count_before: Mapped[int]
    earned_after: Mapped[float]
    count_after: Mapped[int]
    override_kept: Mapped[bool] = mapped_column(default=False)

    change: Mapped[QuizChange] = relationship(back_populates="effects", lazy="joined")


class QuizShare(Base):
    """A quiz shared with another teacher: they read it and copy it into a class of theirs."""

    __tablename__ = "quiz_share"
    __table_args__ = (UniqueConstraint("quiz_id", "teacher_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quiz.id", ondelete="CASCADE"), index=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    shared_at: Mapped[datetime] = mapped_column(default=utcnow)

    quiz: Mapped[Quiz] = relationship(lazy="joined")
    teacher: Mapped[User] = relationship(lazy="joined")
