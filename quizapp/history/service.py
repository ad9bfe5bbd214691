"""The queries behind a learner's history pages, and storing personal FSRS parameters.

Every function takes the learner and reads only their rows. Functions here only flush; the
request commits.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import case, func, select

from quizapp import content
from quizapp.extensions import db
from quizapp.history.exports import AnkiReview
from quizapp.library.visibility import visible_deck_ids
from quizapp.models import Card, Fact, Question, ReviewLog, Section, User
from quizapp.srs.optimize import ReviewRecord

RECENT_ANSWERS = 50


@dataclass(frozen=True)
class RecentAnswer:
    """One row of the "Your answers" table."""

    reviewed_at: datetime
    subject: str
    kind: str
    rating: int
    correct: bool | None
    source: str
    score: float | None = None
    auto_rating: int | None = None


@dataclass(frozen=True)
class HistoryPage:
    """What /history/ shows: counts, the latest answers, and the schedule's parameters."""

    review_count: int
    fact_count: int
    schedule_review_count: int
    recent: list[RecentAnswer]
    uses_personal_parameters: bool


def history_page(user: User, limit: int = RECENT_ANSWERS) -> HistoryPage:
    """Counts and the latest `limit` answers, newest first: two queries whatever the log's size."""
    review_count, fact_count, schedule_count = db.session.execute(
        select(
            func.count(ReviewLog.id),
            func.count(ReviewLog.fact_id.distinct()),
            func.coalesce(func.sum(case((ReviewLog.affects_schedule.is_(True), 1), else_=0)), 0),
        ).where(ReviewLog.user_id == user.id)
    ).one()
    rows = db.session.execute(
        select(
            ReviewLog.reviewed_at,
            Fact.subject,
            ReviewLog.kind,
            ReviewLog.rating,
            ReviewLog.correct,
            ReviewLog.source,
            ReviewLog.score,
            ReviewLog.auto_rating,
        )
        .join(Fact, Fact.id == ReviewLog.fact_id)
        .where(ReviewLog.user_id == user.id)
        .order_by(ReviewLog.reviewed_at.desc(), ReviewLog.id.desc())
        .limit(limit)
    ).all()
    return HistoryPage(
        review_count=review_count,
        fact_count=fact_count,
        schedule_review_count=int(schedule_count),
        recent=[RecentAnswer(*row) for row in rows],
        uses_personal_parameters=bool(user.fsrs_parameters),
    )


def review_log_rows(user_id: int) -> Iterator[ReviewLog]:
    """The learner's whole log, oldest first, fetched in batches so a long log streams."""
    result = db.session.scalars(
        select(ReviewLog)
        .where(ReviewLog.user_id == user_id)
        .order_by(ReviewLog.reviewed_at, ReviewLog.id)
        .execution_options(yield_per=500)
    )
    yield from result


def schedule_review_records(user_id: int) -> list[ReviewRecord]:
    """The answers that moved the learner's schedule, as the optimizer takes them."""
    rows = db.session.execute(
        select(ReviewLog.fact_id, ReviewLog.rating, ReviewLog.reviewed_at)
        .where(ReviewLog.user_id == user_id, ReviewLog.affects_schedule.is_(True))
        .order_by(ReviewLog.reviewed_at, ReviewLog.id)
    ).all()
    return [ReviewRecord(fact_id, rating, reviewed_at) for fact_id, rating, reviewed_at in rows]


def use_default_parameters(user: User) -> bool:
    """Drop the learner's personal parameters; returns whether they had any."""
    had = bool(user.fsrs_parameters)
    user.fsrs_parameters = None
    user.fsrs_recall_offset = None  # measured for the parameters dropped, not for the defaults
    db.session.flush()
    return had


@dataclass(frozen=True)
class DeckFact:
    """One fact of the learner's deck with its flashcard and their memory of it."""

    fact_id: str
    section_id: str
    section_title: str
    statement: str
    explanation: str
    tags: Sequence[str]
    flashcard: content.Question
    memory: dict[str, Any]
    reps: int
    lapses: int
    # When the fact or its flashcard last changed: the Anki note's modification time.
    changed_at: datetime


def deck_facts(user: User) -> list[DeckFact]:
    """Every fact the learner has a card for, with its flashcard (two queries).

    A fact whose flashcard was retired keeps its last one, so the export never loses a card.
    """
    rows = db.session.execute(
        select(
            Card, Fact.statement, Fact.explanation, Fact.data, Fact.section_id, Section.title, Fact.updated_at
        )
        .join(Fact, Fact.id == Card.fact_id)
        .join(Section, Section.id == Fact.section_id)
        .where(Card.user_id == user.id, Fact.deck_id.in_(visible_deck_ids(user)))
        .order_by(Section.position, Fact.paragraph, Fact.id)
    ).all()
    fact_ids = [row[0].fact_id for row in rows]
    flashcards: dict[str, tuple[dict[str, Any], datetime]] = {}
    for fact_id, data, updated_at in db.session.execute(
        select(Question.fact_id, Question.data, Question.updated_at)
        .where(Question.fact_id.in_(fact_ids), Question.kind == "flashcard")
        # Live questions first, then by id: the first one seen per fact wins.
        .order_by(Question.retired_at.is_not(None), Question.id)
    ):
        flashcards.setdefault(fact_id, (data, updated_at))
    facts = []
    for card, statement, explanation, fact_data, section_id, section_title, fact_changed in rows:
        if card.fact_id not in flashcards:
            continue
        data, card_changed = flashcards[card.fact_id]
        facts.append(
            DeckFact(
                fact_id=card.fact_id,
                section_id=section_id,
                section_title=section_title,
                statement=statement,
                explanation=explanation,
                tags=tuple((fact_data or {}).get("tags") or ()),
                flashcard=content.Question.from_dict(data),
                memory=card.memory,
                reps=card.reps,
                lapses=card.lapses,
                changed_at=_aware(max(fact_changed, card_changed)),
            )
        )
    return facts


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; every stored time is UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def deck_reviews(user_id: int) -> list[AnkiReview]:
    """The answers that moved the learner's schedule, oldest first, for Anki's review log."""
    rows = db.session.execute(
        select(
            ReviewLog.fact_id,
            ReviewLog.reviewed_at,
            ReviewLog.rating,
            ReviewLog.seconds_taken,
            ReviewLog.state_before,
            ReviewLog.state_after,
        )
        .where(ReviewLog.user_id == user_id, ReviewLog.affects_schedule.is_(True))
        .order_by(ReviewLog.reviewed_at, ReviewLog.id)
    ).all()
    return [
        AnkiReview(fact_id, _aware(at), rating, seconds, before, after)
        for fact_id, at, rating, seconds, before, after in rows
    ]
