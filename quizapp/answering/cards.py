"""A learner's memory of one fact as stored on their card, and taking the card for an update."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select

from quizapp import srs
from quizapp.extensions import db
from quizapp.models import Card, User
from quizapp.srs import balance
from quizapp.srs.calibration import scheduled_retention


def scheduler_settings(user: User) -> srs.SchedulerSettings:
    """The learner's fitted FSRS parameters, aimed at the predicted recall that their own held-out
    reviews say delivers their desired retention (srs.calibration)."""
    return srs.SchedulerSettings(
        desired_retention=scheduled_retention(user.desired_retention, user.fsrs_recall_offset),
        parameters=tuple(user.fsrs_parameters) if user.fsrs_parameters else None,
    )


@dataclass(frozen=True, slots=True)
class CardRow:
    """A card's columns as the answer path reads and writes them: with no ORM instance behind it,
    an answer costs two statements instead of the session's unit of work (record._store)."""

    id: int
    memory: dict[str, Any]
    due: datetime
    reps: int
    lapses: int


def memory_of(card: Card | CardRow, answer_changed_at: datetime | None, now: datetime) -> srs.MemoryState:
    """The card's state, reset for relearning if the fact's answer changed since it was learned."""
    return current_memory(card.memory, answer_changed_at, now)


def current_memory(memory: dict, answer_changed_at: datetime | None, now: datetime) -> srs.MemoryState:
    """`memory_of` for a card's `memory` column read on its own (pages that read columns, not rows)."""
    state = srs.MemoryState.from_dict(memory)
    return srs.relearn(state, now) if srs.needs_relearn(state, answer_changed_at) else state


_CARD = select(Card).where(Card.user_id == bindparam("user_id"), Card.fact_id == bindparam("fact_id"))
# populate_existing: the row as it is under the lock wins over a copy this session read earlier.
_CARD_FRESH = _CARD.execution_options(populate_existing=True)
_CARD_LOCKED = _CARD_FRESH.with_for_update()


_CARD_ROW = select(Card.id, Card.memory, Card.due, Card.reps, Card.lapses).where(
    Card.user_id == bindparam("user_id"), Card.fact_id == bindparam("fact_id")
)
_CARD_ROW_LOCKED = _CARD_ROW.with_for_update()


def card_row(user: User, fact_id: str, *, lock: bool = False) -> CardRow | None:
    """The learner's card for the fact as the database holds it now (None before their first
    answer), read on the session's connection: unlocked to plan an answer before the write, then
    with `lock` to write it, as `lock_card` takes it."""
    db.session.flush()  # the statement runs on the connection, past the session's autoflush
    statement = _CARD_ROW_LOCKED if lock and db.engine.dialect.name == "postgresql" else _CARD_ROW
    row = db.session.connection().execute(statement, {"user_id": user.id, "fact_id": fact_id}).first()
    return None if row is None else CardRow(*row)


def lock_card(user: User, fact_id: str) -> Card | None:
    """The learner's card for the fact as an ORM row, locked for this transaction (None before
    their first answer): for undo and re-rating, which change the card through the session.

    SQLite requests that write already hold the database's write lock (BEGIN IMMEDIATE); on
    PostgreSQL the row is locked, so two answers for one fact can't interleave and lose an update.
    The statements are built once: building one per answer cost more than running it.
    """
    query = _CARD_LOCKED if db.engine.dialect.name == "postgresql" else _CARD_FRESH
    return db.session.scalar(query, {"user_id": user.id, "fact_id": fact_id})


def balance_review(user: User, fact_id: str, after: srs.MemoryState, now: datetime) -> srs.MemoryState:
    """`after` moved to the least busy day FSRS finds as good (srs.balance), by the learner's load.

    One small query, and only for answers that send the fact 3 to 90 days ahead: the learner's
    other cards due on the few candidate days.
    """
    candidates = balance.candidate_days(after, now, user.time_zone)
    if not candidates:
        return after
    start, _ = srs.day_bounds(candidates[0].day, user.time_zone)
    _, end = srs.day_bounds(candidates[-1].day, user.time_zone)
    dues = db.session.scalars(
        select(Card.due).where(
            Card.user_id == user.id, Card.fact_id != fact_id, Card.due >= start, Card.due < end
        )
    )
    due_per_day = Counter(srs.study_day(due, user.time_zone) for due in dues)
    # The fact and the answer's time, not the learner: the same answers on the same cards (an Anki
    # import of one's own export, a replay) land on the same days.
    seed = f"{fact_id}:{now.isoformat()}"
    return balance.balanced(after, candidates, due_per_day, seed, user.easy_days or balance.NORMAL_WEEK)
