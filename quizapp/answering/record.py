"""The review log: one row per answer, stored once under its submission key, and the card it moves.

A resent submission (double click, retried request) finds its key already stored and gets the
first log row back unchanged. Undo takes the last answer back exactly, from the states logged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from quizapp import srs
from quizapp.answering.cards import (
    CardRow,
    balance_review,
    card_row,
    lock_card,
    memory_of,
    scheduler_settings,
)
from quizapp.answering.exam import exam_moment_or_none
from quizapp.answering.rating import PRACTICE, STUDY, Rated
from quizapp.extensions import db
from quizapp.models import Card, Question, ReviewLog, User


@dataclass(frozen=True)
class GivenAnswer:
    """What the log keeps of one answer besides its rating.

    question: the bank row asked (its fact is the one scheduled). correct: None for self-rated
    kinds. answer_given: the response in words. grader_note: why it was right or wrong.
    """

    question: Question
    correct: bool | None
    answer_given: str
    grader_note: str
    seconds_taken: float | None
    submission_key: str
    source: str = STUDY
    score: float | None = None
    response: Any = None


@dataclass(frozen=True)
class Answer:
    """An answer already rated (replayed history, simulated learners): stored as it is."""

    question: Question
    rating: int
    correct: bool | None
    answer_given: str
    grader_note: str
    seconds_taken: float | None
    submission_key: str
    source: str = STUDY
    affects_schedule: bool = True


@dataclass(frozen=True)
class StoredAnswer:
    """A review-log row as the answer path stored (or, for a resend, found) it: what the routes and
    the services after it read. A value, not an ORM instance: see `_store`."""

    id: int
    user_id: int
    fact_id: str
    question_id: str
    kind: str
    source: str
    rating: int
    correct: bool | None
    score: float | None
    affects_schedule: bool
    is_new: bool
    reviewed_at: datetime
    state_before: dict | None
    state_after: dict | None


_STORED_COLUMNS = (
    ReviewLog.id,
    ReviewLog.user_id,
    ReviewLog.fact_id,
    ReviewLog.question_id,
    ReviewLog.kind,
    ReviewLog.source,
    ReviewLog.rating,
    ReviewLog.correct,
    ReviewLog.score,
    ReviewLog.affects_schedule,
    ReviewLog.is_new,
    ReviewLog.reviewed_at,
    ReviewLog.state_before,
    ReviewLog.state_after,
)
# Built once (a statement keeps its cache key): nearly every answer is new, so the lookup by key
# finds nothing, and it costs one indexed read.
_REVIEW_BY_KEY = select(*_STORED_COLUMNS).where(
    ReviewLog.submission_key == bindparam("submission_key"), ReviewLog.user_id == bindparam("user_id")
)


def existing_review(user: User, submission_key: str) -> StoredAnswer | None:
    """The learner's answer already stored under this submission key, or None."""
    db.session.flush()  # the statement below runs on the connection, past the session's autoflush
    found = (
        db.session.connection()
        .execute(_REVIEW_BY_KEY, {"submission_key": submission_key, "user_id": user.id})
        .first()
    )
    return None if found is None else StoredAnswer(*found)


RateFromMemory = Callable[[srs.MemoryState | None], Rated]
"""Rates an answer from the fact's memory before it (None: never answered before)."""


def record_answer(user: User, answer: Answer, now: datetime) -> StoredAnswer:
    """Store a rated answer exactly once and move the fact's schedule as its rating says."""
    given = GivenAnswer(
        answer.question,
        answer.correct,
        answer.answer_given,
        answer.grader_note,
        answer.seconds_taken,
        answer.submission_key,
        answer.source,
    )
    return store_answer(user, given, lambda _before: Rated(answer.rating, answer.affects_schedule), now)


def store_answer(user: User, given: GivenAnswer, rate: RateFromMemory, now: datetime) -> StoredAnswer:
    """Store one answer exactly once, rated by `rate` from the card as locked, and move the schedule.

    The rating is made inside the lock, so it reads the memory the answer really changes.
    """
    return store_answer_once(user, given, rate, now)[0]


@dataclass(frozen=True)
class Planned:
    """What an answer does to its card, worked out from the card as it was read (`memory`, None
    before the learner's first answer): the memory before, the rating, and the state after.

    Worked out before the write lock (`plan_answer`) it is used under the lock only if the locked
    card still holds the same memory; otherwise the answer is planned again from the locked card.
    """

    memory: dict | None
    before: srs.MemoryState | None
    rated: Rated
    after: srs.MemoryState | None
    is_lapse: bool
    at: datetime

    def holds_for(self, card: CardRow | None) -> bool:
        return (card.memory if card is not None else None) == self.memory


def plan_answer(user: User, given: GivenAnswer, rate: RateFromMemory, now: datetime) -> Planned:
    """`Planned` from the card as it is now, read without locking it: the scheduling (FSRS, the
    quieter day, the exam date) done before the write, so the write lock is held for the write."""
    return _plan(user, given.question.fact, card_row(user, given.question.fact.id), rate, now)


def _plan(user: User, fact, card: CardRow | None, rate: RateFromMemory, now: datetime) -> Planned:
    now = answered_at(card, now)
    before = memory_of(card, fact.answer_changed_at, now) if card else None
    rated = rate(before)
    if not rated.affects_schedule:
        return Planned(card.memory if card else None, before, rated, None, False, now)
    settings = scheduler_settings(user)
    outcome = srs.review(before or srs.MemoryState.new(now), rated.rating, now, settings)
    # Spread to a quieter day first, then brought before an exam if that day would leave recall on
    # the exam day under the aim (srs.exam).
    after = srs.fit_to_exam(
        balance_review(user, fact.id, outcome.after, now), exam_moment_or_none(user, now), settings
    )
    return Planned(card.memory if card else None, before, rated, after, outcome.is_lapse, now)


def answered_at(card: CardRow | None, now: datetime) -> datetime:
    """When an answer is stored as given: `now`, or the card's last review if that is later.

    Two answers to one fact can be on their way at once (a second tab, a double submit): each took
    its time on arrival, and the one that arrived later may be stored first. The earlier one then
    counts as given at that same moment, after it, as it is stored: its review log sorts after
    the other (undo takes it back first) and FSRS never sees time run backwards, which it refuses
    (srs.review). The wait for the write lock under load made this common: with 16 connections
    taking turns among 16 learners, whose answers then overlapped, about one answer in a hundred
    was an Internal Server Error.
    """
    last_review = (
        srs.MemoryState.from_dict(card.memory).last_review if card is not None and card.memory else None
    )
    return max(now, last_review) if last_review is not None else now


def store_answer_once(
    user: User, given: GivenAnswer, rate: RateFromMemory, now: datetime, planned: Planned | None = None
) -> tuple[StoredAnswer, bool]:
    """`store_answer`, also saying whether the submission was a resend (its first row returned).
    `planned`: the answer's plan made before the write lock (plan_answer), used if it still holds."""
    already = existing_review(user, given.submission_key)
    if already is not None:
        return already, True
    if db.engine.dialect.name == "sqlite":
        # This transaction took SQLite's write lock before the check above (BEGIN IMMEDIATE, or a
        # read transaction that SQLite refuses to upgrade once another writer committed), so no
        # other request can store this submission or this card in between: no savepoint to undo.
        return _store(user, given, rate, now, planned), False
    try:
        with db.session.begin_nested():
            return _store(user, given, rate, now, planned), False
    except IntegrityError:
        # PostgreSQL takes no table lock: another request stored this submission first, or made
        # the learner's first card for this fact, which FOR UPDATE could not wait for while it
        # did not exist. That card is committed now, so a second try locks and reviews it.
        already = existing_review(user, given.submission_key)
        if already is not None:
            return already, True
        with db.session.begin_nested():
            return _store(user, given, rate, now, planned), False


# The answer's two writes as Core statements on the session's connection, built once: the ORM's
# unit of work (instances, change tracking, the flush) was the largest part of an answer's server time.
_INSERT_LOG = insert(ReviewLog).returning(ReviewLog.id)
_INSERT_CARD = insert(Card)
_UPDATE_CARD = update(Card).where(Card.id == bindparam("card_id"))


def _store(
    user: User, given: GivenAnswer, rate: RateFromMemory, now: datetime, planned: Planned | None = None
) -> StoredAnswer:
    fact = given.question.fact
    card = card_row(user, fact.id, lock=True)
    if planned is None or not planned.holds_for(card):
        planned = _plan(user, fact, card, rate, now)  # the card moved since the plan was made
    rated, now = planned.rated, planned.at
    connection = db.session.connection()
    state_after = None
    if planned.after is not None:
        state_after = planned.after.to_dict()
        lapsed = 1 if planned.is_lapse else 0
        if card is None:
            connection.execute(
                _INSERT_CARD,
                {
                    "user_id": user.id,
                    "fact_id": fact.id,
                    "memory": state_after,
                    "due": planned.after.due,
                    "reps": 1,
                    "lapses": lapsed,
                },
            )
        else:
            connection.execute(
                _UPDATE_CARD,
                {
                    "card_id": card.id,
                    "memory": state_after,
                    "due": planned.after.due,
                    "reps": card.reps + 1,
                    "lapses": card.lapses + lapsed,
                },
            )
            _expire_loaded_card(card.id)
    stored = StoredAnswer(
        id=0,
        user_id=user.id,
        fact_id=fact.id,
        question_id=given.question.id,
        kind=given.question.kind,
        source=given.source,
        rating=rated.rating,
        correct=given.correct,
        score=given.score,
        affects_schedule=rated.affects_schedule,
        # Begun only when it moves the schedule: a crammed fact stays new for the study queue.
        is_new=card is None and rated.affects_schedule,
        reviewed_at=now,
        state_before=card.memory if card else None,
        state_after=state_after,
    )
    log_id = connection.execute(
        _INSERT_LOG,
        {
            "submission_key": given.submission_key,
            "user_id": stored.user_id,
            "fact_id": stored.fact_id,
            "question_id": stored.question_id,
            "kind": stored.kind,
            "source": stored.source,
            "rating": stored.rating,
            "correct": stored.correct,
            "answer_given": given.answer_given[:2000],
            "grader_note": given.grader_note[:500],
            "seconds_taken": given.seconds_taken,
            "score": stored.score,
            "response": given.response,
            "affects_schedule": stored.affects_schedule,
            "is_new": stored.is_new,
            "study_day": srs.study_day(now, user.time_zone),
            "reviewed_at": now,
            "state_before": stored.state_before,
            "state_after": state_after,
        },
    ).scalar_one()
    return replace(stored, id=log_id)


def _expire_loaded_card(card_id: int) -> None:
    """A copy of the card this session loaded earlier (a page that read it) reads the row again."""
    loaded = db.session.identity_map.get(db.session.identity_key(Card, card_id))
    if loaded is not None:
        db.session.expire(loaded)


def answered_since_shown(log: StoredAnswer, shown_at: datetime | None) -> bool:
    """Whether the fact had been answered again after the page asking it was shown: the answer came
    from a second, stale tab (or window) moments after the first one's. Read from the state the
    answer found (its last review), so it costs no query."""
    if shown_at is None or not log.state_before:
        return False
    last = srs.MemoryState.from_dict(log.state_before).last_review
    return last is not None and last > shown_at


def undo_last_answer(user: User, source: str = STUDY) -> ReviewLog | None:
    """Take back the learner's last answer: the log row goes and the card returns to before it."""
    query = (
        select(ReviewLog)
        .where(ReviewLog.user_id == user.id, ReviewLog.source == source)
        .order_by(ReviewLog.reviewed_at.desc(), ReviewLog.id.desc())
        .limit(1)
    )
    if db.engine.dialect.name == "postgresql":
        # A second undo at the same moment waits here, then finds the row gone instead of
        # undoing it twice (SQLite's BEGIN IMMEDIATE already puts the two one after the other).
        query = query.with_for_update()
    log = db.session.scalar(query)
    if log is None:
        return None
    card = lock_card(user, log.fact_id)
    if log.affects_schedule and card is not None:
        if log.state_before is None:
            db.session.delete(card)
        else:
            _set_card(card, srs.MemoryState.from_dict(log.state_before))
            card.reps = max(0, card.reps - 1)
            card.lapses = max(0, card.lapses - _was_lapse(log))
    db.session.delete(log)
    db.session.flush()
    return log


def _was_lapse(log: ReviewLog) -> int:
    """1 if the logged answer forgot a fact that was on day-long intervals, else 0."""
    return 1 if (log.state_before or {}).get("state") == "review" and log.rating == 1 else 0


def _set_card(card: Card, state: srs.MemoryState) -> None:
    card.memory = state.to_dict()
    card.due = state.due


RERATABLE_SOURCES = (STUDY, PRACTICE)
"""Answers the learner may re-rate: their own study and practice. A quiz's score is the teacher's."""


def can_rerate(log: ReviewLog) -> bool:
    return log.source in RERATABLE_SOURCES and log.kind in srs.rating.AUTO_GRADED_KINDS


def rerate_answer(user: User, log: ReviewLog, rating: int, now: datetime) -> ReviewLog:
    """The learner's own rating replaces the app's for one answer ("I was right").

    The log row is re-rated in place and keeps the app's rating in `auto_rating`; choosing the
    app's rating again takes the override back. As undo restores the state before the last answer,
    the fact's schedule is rebuilt from this answer's state before, replaying it and every later
    answer to the fact as if the learner's rating had been given at the time (srs.replay_reviews).
    """
    if log.user_id != user.id or not can_rerate(log):
        raise ValueError("only your own study and practice answers graded by the app can be re-rated")
    if rating not in srs.scheduler.RATINGS:
        raise ValueError(f"rating must be 1-4, got {rating!r}")
    card = lock_card(user, log.fact_id)
    original = log.auto_rating if log.auto_rating is not None else log.rating
    old_lapse = _was_lapse(log)
    log.rating = rating
    log.auto_rating, log.rerated_at = (None, None) if rating == original else (original, now)
    if log.affects_schedule and card is not None:
        _replay_fact(user, card, log, old_lapse)
    db.session.flush()
    return log


def _replay_fact(user: User, card: Card, first: ReviewLog, first_old_lapse: int) -> None:
    """Recompute the states of `first` and every later schedule-moving answer to its fact."""
    later = db.session.scalars(
        select(ReviewLog)
        .where(
            ReviewLog.user_id == user.id,
            ReviewLog.fact_id == first.fact_id,
            ReviewLog.affects_schedule.is_(True),
            ReviewLog.id != first.id,
            ReviewLog.reviewed_at >= first.reviewed_at,
        )
        .order_by(ReviewLog.reviewed_at, ReviewLog.id)
    ).all()
    chain = [first, *(log for log in later if (log.reviewed_at, log.id) > (first.reviewed_at, first.id))]
    old_lapses = first_old_lapse + sum(_was_lapse(log) for log in chain[1:])
    start = (
        srs.MemoryState.from_dict(first.state_before)
        if first.state_before
        else srs.MemoryState.new(first.reviewed_at)
    )
    outcomes = srs.replay_reviews(
        start,
        [(log.rating, log.reviewed_at) for log in chain],
        scheduler_settings(user),
        card.fact.answer_changed_at,
    )
    for index, (log, outcome) in enumerate(zip(chain, outcomes, strict=True)):
        if index:
            log.state_before = outcomes[index - 1].after.to_dict()
        log.state_after = outcome.after.to_dict()
    settings = scheduler_settings(user)
    last = chain[-1].reviewed_at
    _set_card(card, srs.fit_to_exam(outcomes[-1].after, exam_moment_or_none(user, last), settings))
    chain[-1].state_after = card.memory
    card.lapses = max(0, card.lapses - old_lapses + sum(_was_lapse(log) for log in chain))


def add_once(row: object) -> bool:
    """Add a row that a UNIQUE constraint keeps single (an answer per test, attempt or game
    position); False when a resend already stored it.

    Added inside the savepoint, so a refused row leaves the session with it (a resend used to fail
    at commit).
    """
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        return False
    return True


def insert_once(model: type, values: dict[str, Any], unique: tuple[str, ...]) -> bool:
    """Insert a row that a UNIQUE constraint over `unique` keeps single, as one statement
    (INSERT ... ON CONFLICT DO NOTHING); False when a resend already stored it.

    For the answers that arrive in bursts (a live question closing): no savepoint and no flush,
    so the write lock is held for one statement. The row does not enter the ORM session.
    """
    connection = db.session.connection()  # the session's transaction, without the ORM's statement work
    insert = postgresql_insert if connection.dialect.name == "postgresql" else sqlite_insert
    statement = (
        insert(model)
        .values(**values)
        .on_conflict_do_nothing(index_elements=unique)
        # The row's key comes back when it was inserted: on PostgreSQL an INSERT returns its key
        # anyway, and the driver's rowcount is then -1 whether or not a row went in.
        .returning(*model.__table__.primary_key.columns)  # type: ignore[attr-defined]
    )
    return connection.execute(statement).first() is not None
