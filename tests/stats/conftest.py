"""Helpers to build constructed histories: answers at given instants, memories of given stability."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from quizapp.srs import MemoryState
from quizapp.stats import AnswerRecord


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def answer(
    at: datetime, rating: int = 3, before: str | None = "review", schedule: bool = True, fact: str = "f"
) -> AnswerRecord:
    return AnswerRecord(
        reviewed_at=at, rating=rating, state_before=before, affects_schedule=schedule, fact_id=fact
    )


def memory(
    stability: float | None, due: datetime, state: str = "review", last_review: datetime | None = None
) -> MemoryState:
    """A memory state; `last_review` defaults to a day before `due` when there is a stability."""
    if stability is not None and last_review is None:
        last_review = due - timedelta(days=1)
    return MemoryState(
        state=state,
        step=None if state == "review" else 0,
        stability=stability,
        difficulty=None if stability is None else 5.0,
        due=due,
        last_review=last_review,
    )
