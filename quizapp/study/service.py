"""The learner's day, on top of the srs core: what to study next, saving answers, undo.

Functions here only flush; the request commits once. Writes happen in requests that hold the
SQLite write lock from their first statement (BEGIN IMMEDIATE) or, on PostgreSQL, lock the card
row (SELECT ... FOR UPDATE), so two answers for one fact can't interleave and lose an update.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from quizapp import srs
from quizapp.extensions import db
from quizapp.models import Card, Deck, Fact, Question, ReviewLog, Section, User


def scheduler_settings(user: User) -> srs.SchedulerSettings:
    return srs.SchedulerSettings(
        desired_retention=user.desired_retention,
        parameters=tuple(user.fsrs_parameters) if user.fsrs_parameters else None,
    )


@dataclass(frozen=True)
class NextItem:
    """What the study page shows: the question, its fact, and today's counts."""

    queue: srs.StudyQueue
    question: Question | None
    state: srs.MemoryState | None


def active_facts(section_ids: list[str] | None) -> dict[str, datetime | None]:
    """The built-in bank's live fact ids in article order (optionally only some sections), each
    with when its answer last changed. Only two columns: this runs on every study page."""
    query = (
        select(Fact.id, Fact.answer_changed_at)
        .join(Section, Fact.section_id == Section.id)
        .where(Fact.retired_at.is_(None), Section.deck.has(owner_id=None))
        .order_by(Section.position, Fact.paragraph, Fact.id)
    )
    if section_ids:
        query = query.where(Fact.section_id.in_(section_ids))
    return {fact_id: changed_at for fact_id, changed_at in db.session.execute(query)}


def memory_of(card: Card, answer_changed_at: datetime | None, now: datetime) -> srs.MemoryState:
    """The card's state, reset for relearning if the fact's answer changed since it was learned."""
    return current_memory(card.memory, answer_changed_at, now)


def current_memory(memory: dict, answer_changed_at: datetime | None, now: datetime) -> srs.MemoryState:
    """`memory_of` for a card's `memory` column read on its own (pages that read columns, not rows)."""
    state = srs.MemoryState.from_dict(memory)
    return srs.relearn(state, now) if srs.needs_relearn(state, answer_changed_at) else state


def answers_today(user: User, now: datetime) -> tuple[int, int]:
    """(reviews that count against the review limit, new facts begun) in today's study day.

    The database counts today's answers by whether they began a fact and by the state the fact was
    in before (read out of the stored JSON), so a learner's 300th answer of the day costs no more
    than the first; `srs.counts_against_review_limit` still decides which states count.
    """
    start, end = srs.current_day_bounds(now, user.time_zone)
    state_before = ReviewLog.state_before["state"].as_string()
    rows = db.session.execute(
        select(ReviewLog.is_new, state_before, func.count())
        .where(
            ReviewLog.user_id == user.id,
            ReviewLog.affects_schedule.is_(True),
            ReviewLog.reviewed_at >= start,
            ReviewLog.reviewed_at < end,
        )
        .group_by(ReviewLog.is_new, state_before)
    ).all()
    new_done = sum(count for is_new, _, count in rows if is_new)
    reviews_done = sum(
        count
        for is_new, state, count in rows
        if not is_new and state and srs.counts_against_review_limit(_state_named(state, now))
    )
    return reviews_done, new_done


def _state_named(state: str, now: datetime) -> srs.MemoryState:
    """A memory state standing for every answer given from `state`: the review-limit rule reads
    only the state's name."""
    return srs.MemoryState(state=state, step=None, stability=None, difficulty=None, due=now)


def _queue_with_states(
    user: User, section_ids: list[str] | None, now: datetime
) -> tuple[srs.StudyQueue, dict[str, srs.MemoryState]]:
    """Today's queue and the memory state of every fact the learner has seen among those studied.

    The learner's cards are read as two columns and filtered here rather than with an IN list of
    every live fact id: binding 180 parameters and building as many ORM objects was most of the
    study page's time (bench/scale.py).
    """
    facts = active_facts(section_ids)
    states = {
        fact_id: current_memory(memory, facts[fact_id], now)
        for fact_id, memory in db.session.execute(
            select(Card.fact_id, Card.memory).where(Card.user_id == user.id)
        )
        if fact_id in facts
    }
    snapshots = [srs.CardSnapshot(fact_id, state) for fact_id, state in states.items()]
    unseen = [fact_id for fact_id in facts if fact_id not in states]
    reviews_done, new_done = answers_today(user, now)
    limits = srs.StudyLimits(user.new_facts_per_day, user.reviews_per_day)
    queue = srs.build_study_queue(
        snapshots, unseen, reviews_done, new_done, limits, now, user.time_zone, scheduler_settings(user)
    )
    return queue, states


def build_queue(user: User, section_ids: list[str] | None, now: datetime) -> srs.StudyQueue:
    return _queue_with_states(user, section_ids, now)[0]


def question_for(user: User, fact_id: str, now: datetime) -> Question:
    """Pick the variant to show, rotating across reviews and fixed within a study day."""
    questions = db.session.scalars(
        select(Question)
        .where(Question.fact_id == fact_id, Question.retired_at.is_(None))
        .order_by(Question.id)
    ).all()
    history = db.session.execute(
        select(ReviewLog.question_id, ReviewLog.reviewed_at)
        .where(ReviewLog.user_id == user.id, ReviewLog.fact_id == fact_id)
        .order_by(ReviewLog.reviewed_at, ReviewLog.id)
    ).all()
    start, _end = srs.current_day_bounds(now, user.time_zone)
    shown_today = next((qid for qid, at in history if at >= start), None)
    chosen = srs.choose_question([q.id for q in questions], [qid for qid, _ in history], shown_today)
    return next(q for q in questions if q.id == chosen)


def next_item(user: User, section_ids: list[str] | None, now: datetime) -> NextItem:
    queue, states = _queue_with_states(user, section_ids, now)
    if queue.next_fact_id is None:
        return NextItem(queue, None, None)
    question = question_for(user, queue.next_fact_id, now)
    return NextItem(queue, question, states.get(queue.next_fact_id))


@dataclass(frozen=True)
class Answer:
    """One answer as the page sent it, already graded."""

    question: Question
    rating: int
    correct: bool | None
    answer_given: str
    grader_note: str
    seconds_taken: float | None
    submission_key: str
    source: str = "study"
    affects_schedule: bool = True


def _lock_card(user: User, fact_id: str) -> Card | None:
    query = select(Card).where(Card.user_id == user.id, Card.fact_id == fact_id)
    if db.engine.dialect.name == "postgresql":
        # populate_existing: the locked row's values win over a copy this session read earlier.
        query = query.with_for_update().execution_options(populate_existing=True)
    return db.session.scalar(query)


def existing_review(user: User, submission_key: str) -> ReviewLog | None:
    return db.session.scalar(
        select(ReviewLog).where(ReviewLog.submission_key == submission_key, ReviewLog.user_id == user.id)
    )


def record_answer(user: User, answer: Answer, now: datetime) -> ReviewLog:
    """Store one answer exactly once and move the fact's schedule.

    A resent submission (double click, retried request) finds its key already stored and gets the
    first log row back unchanged.
    """
    already = existing_review(user, answer.submission_key)
    if already is not None:
        return already
    try:
        with db.session.begin_nested():
            return _store_answer(user, answer, now)
    except IntegrityError:
        # PostgreSQL takes no table lock: another request stored this submission first, or made
        # the learner's first card for this fact, which FOR UPDATE could not wait for while it
        # did not exist. That card is committed now, so a second try locks and reviews it.
        already = existing_review(user, answer.submission_key)
        if already is not None:
            return already
        with db.session.begin_nested():
            return _store_answer(user, answer, now)


def _store_answer(user: User, answer: Answer, now: datetime) -> ReviewLog:
    fact = answer.question.fact
    card = _lock_card(user, fact.id)
    before = memory_of(card, fact.answer_changed_at, now) if card else srs.MemoryState.new(now)
    settings = scheduler_settings(user)
    log = ReviewLog(
        submission_key=answer.submission_key,
        user_id=user.id,
        fact_id=fact.id,
        question_id=answer.question.id,
        kind=answer.question.kind,
        source=answer.source,
        rating=answer.rating,
        correct=answer.correct,
        answer_given=answer.answer_given[:2000],
        grader_note=answer.grader_note[:500],
        seconds_taken=answer.seconds_taken,
        affects_schedule=answer.affects_schedule,
        is_new=card is None,
        study_day=srs.study_day(now, user.time_zone),
        reviewed_at=now,
        state_before=card.memory if card else None,
    )
    if answer.affects_schedule:
        outcome = srs.review(before, answer.rating, now, settings)
        if card is None:
            card = Card(user_id=user.id, fact_id=fact.id, memory={}, due=now, reps=0, lapses=0)
            db.session.add(card)
        card.memory = outcome.after.to_dict()
        card.due = outcome.after.due
        card.reps += 1
        card.lapses += 1 if outcome.is_lapse else 0
        log.state_after = card.memory
    db.session.add(log)
    db.session.flush()
    return log


def undo_last_answer(user: User, source: str = "study") -> ReviewLog | None:
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
    card = _lock_card(user, log.fact_id)
    if log.affects_schedule and card is not None:
        if log.state_before is None:
            db.session.delete(card)
        else:
            before = srs.MemoryState.from_dict(log.state_before)
            card.memory = log.state_before
            card.due = before.due
            card.reps = max(0, card.reps - 1)
            after = srs.MemoryState.from_dict(log.state_after) if log.state_after else None
            if after and before.state == "review" and log.rating == 1:
                card.lapses = max(0, card.lapses - 1)
    db.session.delete(log)
    db.session.flush()
    return log


def sections_for_picker() -> list:
    """The built-in bank's sections in article order, as rows with `id` and `title` (all a picker
    shows; whole Section objects with their deck cost the study page a millisecond)."""
    return list(
        db.session.execute(
            select(Section.id, Section.title)
            .join(Deck, Section.deck_id == Deck.id)
            .where(Deck.owner_id.is_(None))
            .order_by(Section.position)
        )
    )
