"""The question bank as stored: sections, facts and the questions generated from them.

Rows are upserted by their stable ids and never deleted while anything refers to them: a fact or
question that left the bank is marked retired, so every learner's answers keep their meaning.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.clock import utcnow
from quizapp.models.base import Base

if TYPE_CHECKING:
    from quizapp.models.user import User


class Deck(Base):
    """A set of facts: the built-in bank (no owner) or a teacher's upload, private unless shared."""

    __tablename__ = "deck"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Bumped by every sync: workers keep the bank's facts and sections in memory and read them
    # again when the built-in decks' versions change (quizapp.study.bank_cache).
    version: Mapped[int] = mapped_column(default=0, server_default="0")
    # False while an upload is still being written (in short transactions): nobody sees it yet.
    complete: Mapped[bool] = mapped_column(default=True, server_default=true())
    # Set when its owner deletes it: nobody sees it any more, but its rows stay, so the quizzes
    # that already hold its questions keep working and their results keep their meaning.
    deleted_at: Mapped[datetime | None]

    owner: Mapped[User | None] = relationship(foreign_keys=[owner_id])


class DeckShare(Base):
    """A teacher's deck shared read-only with another teacher, who may use it in quizzes or copy it."""

    __tablename__ = "deck_share"
    __table_args__ = (UniqueConstraint("deck_id", "teacher_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    deck_id: Mapped[int] = mapped_column(ForeignKey("deck.id", ondelete="CASCADE"), index=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    shared_at: Mapped[datetime] = mapped_column(default=utcnow)

    teacher: Mapped[User] = relationship(lazy="joined")


class Section(Base):
    __tablename__ = "section"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    deck_id: Mapped[int] = mapped_column(ForeignKey("deck.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    position: Mapped[int]
    notes: Mapped[str] = mapped_column(Text, default="")

    deck: Mapped[Deck] = relationship(lazy="joined")


class Fact(Base):
    __tablename__ = "fact"
    __table_args__ = (Index("ix_fact_section_active", "section_id", "retired_at"),)

    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    deck_id: Mapped[int] = mapped_column(ForeignKey("deck.id"), index=True)
    section_id: Mapped[str] = mapped_column(ForeignKey("section.id"))
    kind: Mapped[str] = mapped_column(String(32))
    subject: Mapped[str] = mapped_column(String(200))
    attribute: Mapped[str] = mapped_column(String(80))
    statement: Mapped[str] = mapped_column(Text)
    explanation: Mapped[str] = mapped_column(Text)
    paragraph: Mapped[int]
    # The whole fact as written in the bank, for pages and exports.
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    answer_fingerprint: Mapped[str] = mapped_column(String(64))
    # Set when the fact's answer changed, so schedules that knew the old answer relearn it.
    answer_changed_at: Mapped[datetime | None]
    retired_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    section: Mapped[Section] = relationship(lazy="joined")
    # Loaded only when asked for (taking an answer reads it with the question: library.visibility).
    deck: Mapped[Deck] = relationship(viewonly=True)
    questions: Mapped[list[Question]] = relationship(
        back_populates="fact", order_by="Question.id", lazy="selectin"
    )


class Question(Base):
    __tablename__ = "question"
    __table_args__ = (Index("ix_question_fact_active", "fact_id", "retired_at"),)

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    fact_id: Mapped[str] = mapped_column(ForeignKey("fact.id"))
    kind: Mapped[str] = mapped_column(String(32))
    variant: Mapped[int]
    prompt: Mapped[str] = mapped_column(Text)
    choices: Mapped[list[Any]] = mapped_column(JSON)
    answer: Mapped[Any] = mapped_column(JSON)
    explanation: Mapped[str] = mapped_column(Text)
    # The generated question whole (content.Question.to_dict()), for grading and exports.
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    # A digest of `data`, so a re-sync can tell "unchanged" cheaply.
    content_hash: Mapped[str] = mapped_column(String(64))
    retired_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    fact: Mapped[Fact] = relationship(back_populates="questions")


class QuestionReport(Base):
    """A learner's note that a question looks wrong; teachers see it beside the item analysis."""

    __tablename__ = "question_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[str] = mapped_column(ForeignKey("question.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    message: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(lazy="joined")
