"""A learner's memory of one fact as stored on their card, and taking the card for an update."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from quizapp import srs
from quizapp.extensions import db
from quizapp.models import Card, User


def scheduler_settings(user: User) -> srs.SchedulerSettings:
    """The learner's own retention target and fitted FSRS parameters."""
    return srs.SchedulerSettings(
        desired_retention=user.desired_retention,
        parameters=tuple(user.fsrs_parameters) if user.fsrs_parameters else None,
    )


def memory_of(card: Card, answer_changed_at: datetime | None, now: datetime) -> srs.MemoryState:
    """The card's state, reset for relearning if the fact's answer changed since it was learned."""
    return current_memory(card.memory, answer_changed_at, now)


def current_memory(memory: dict, answer_changed_at: datetime | None, now: datetime) -> srs.MemoryState:
    """`memory_of` for a card's `memory` column read on its own (pages that read columns, not rows)."""
    state = srs.MemoryState.from_dict(memory)
    return srs.relearn(state, now) if srs.needs_relearn(state, answer_changed_at) else state


def lock_card(user: User, fact_id: str) -> Card | None:
    """The learner's card for the fact, locked for this transaction (None before their first answer).

    SQLite requests that write already hold the database's write lock (BEGIN IMMEDIATE); on
    PostgreSQL the row is locked, so two answers for one fact can't interleave and lose an update.
    """
    query = select(Card).where(Card.user_id == user.id, Card.fact_id == fact_id)
    if db.engine.dialect.name == "postgresql":
        # populate_existing: the locked row's values win over a copy this session read earlier.
        query = query.with_for_update().execution_options(populate_existing=True)
    return db.session.scalar(query)
