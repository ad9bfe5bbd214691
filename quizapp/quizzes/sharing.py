"""Quizzes shared with other teachers, who read them and copy them into a class of their own.

A shared quiz is never run by the teacher it is shared with: their copy is a draft of their own,
with no tie to the original, its learners or its results (as Kahoot's "duplicate" and Moodle's
import do). Unsharing removes the read-only view; copies already made stay theirs.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Quiz, QuizShare, User
from quizapp.sharing import add_share, remove_share


def share_quiz(quiz: Quiz, teacher: User, now: datetime) -> bool:
    return add_share(QuizShare, quiz.id, teacher, now)


def unshare_quiz(quiz: Quiz, share_id: int) -> QuizShare | None:
    removed = remove_share(QuizShare, quiz.id, share_id)
    return removed if isinstance(removed, QuizShare) else None


def shares_of_quiz(quiz: Quiz) -> list[QuizShare]:
    return list(
        db.session.scalars(
            select(QuizShare).where(QuizShare.quiz_id == quiz.id).order_by(QuizShare.shared_at)
        )
    )


def quizzes_shared_with(user: User) -> list[QuizShare]:
    """The shares naming `user`, newest first (each carries its quiz and, through it, the class)."""
    return list(
        db.session.scalars(
            select(QuizShare)
            .where(QuizShare.teacher_id == user.id)
            .order_by(QuizShare.shared_at.desc(), QuizShare.id.desc())
        )
    )


def is_shared_with(quiz: Quiz, user: User) -> bool:
    return (
        db.session.scalar(
            select(QuizShare.id).where(QuizShare.quiz_id == quiz.id, QuizShare.teacher_id == user.id)
        )
        is not None
    )
