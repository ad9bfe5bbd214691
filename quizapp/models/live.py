"""Live quiz sessions: the teacher runs them from a projector, players answer on their phones.

Every bit of live state is a row here, never a worker's memory, so any gunicorn worker can serve
any request and a restarted worker or a reloaded phone picks up exactly where things were.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.clock import utcnow
from quizapp.models.base import Base
from quizapp.models.quizzes import Quiz
from quizapp.models.user import User

LOBBY, QUESTION, REVEAL, FINISHED = "lobby", "question", "reveal", "finished"
SECONDS_CHOICES = (10, 20, 30, 45, 60, 90, 120)  # the times per question a host can choose
DEFAULT_SECONDS = 20


class LiveSession(Base):
    """One run of a quiz in class. `phase` and `position` say what every screen shows;
    `version` goes up at each change of them, so a screen that polls knows when to redraw."""

    __tablename__ = "live_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quiz.id", ondelete="CASCADE"), index=True)
    host_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    join_code: Mapped[str] = mapped_column(String(16), unique=True)
    # The quiz's questions as they were when the session started: later edits don't disturb it.
    question_ids: Mapped[list[str]] = mapped_column(JSON)
    seed: Mapped[int]
    shuffle_choices: Mapped[bool] = mapped_column(default=False)
    speed_points: Mapped[bool] = mapped_column(default=False)
    # Copied from the quiz at the start, like speed points: whether answers feed players' schedules.
    feeds_schedules: Mapped[bool] = mapped_column(default=False, server_default=false())
    seconds_per_question: Mapped[int] = mapped_column(default=DEFAULT_SECONDS)
    phase: Mapped[str] = mapped_column(String(16), default=LOBBY)
    position: Mapped[int] = mapped_column(default=-1)
    question_started_at: Mapped[datetime | None]
    question_ends_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]

    # Loaded only when a page needs it: phones poll the session every second and need none of it.
    quiz: Mapped[Quiz] = relationship()
    host: Mapped[User] = relationship()


class LivePlayer(Base):
    """Someone playing: a signed-in user, or a nickname without an account.
    `nickname_key` (the nickname folded to lower case) keeps two players from looking alike."""

    __tablename__ = "live_player"
    __table_args__ = (
        UniqueConstraint("session_id", "nickname_key"),
        # Named: the convention names both uniques after session_id alone, and PostgreSQL refuses twins.
        UniqueConstraint("session_id", "user_id", name="uq_live_player_session_id_user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("live_session.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    nickname: Mapped[str] = mapped_column(String(40))
    nickname_key: Mapped[str] = mapped_column(String(40))
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User | None] = relationship(lazy="joined")


class LiveAnswer(Base):
    """A player's answer to the question at `position`; UNIQUE (player, position) stores it once,
    however many times a phone resends it."""

    __tablename__ = "live_answer"
    __table_args__ = (UniqueConstraint("player_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("live_session.id", ondelete="CASCADE"), index=True)
    player_id: Mapped[int] = mapped_column(ForeignKey("live_player.id", ondelete="CASCADE"))
    position: Mapped[int]
    question_id: Mapped[str] = mapped_column(ForeignKey("question.id"))
    answer_given: Mapped[str] = mapped_column(Text, default="")
    picked: Mapped[list[Any]] = mapped_column(JSON, default=list)
    correct: Mapped[bool]
    score: Mapped[float]
    points: Mapped[int] = mapped_column(default=0)
    seconds_taken: Mapped[float]
    answered_at: Mapped[datetime] = mapped_column(default=utcnow)

    player: Mapped[LivePlayer] = relationship()
