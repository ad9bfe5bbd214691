"""The learner's day, on top of the srs core: what to study next and what is left today.

Answers are taken, stored and undone by quizapp.answering.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime

from sqlalchemy import JSON, bindparam, case, func, literal, null, or_, select, union_all

from quizapp import srs, stats
from quizapp.answering.cards import current_memory, scheduler_settings
from quizapp.answering.exam import exam_moment_or_none
from quizapp.answering.rating import CRAM
from quizapp.extensions import db
from quizapp.library.marks import held_out, held_out_fact_ids
from quizapp.models import Card, FactMark, ReviewLog, User
from quizapp.study.bank_cache import BankQuestion, bank_snapshot

STUDY_MORE_MODES = ("soonest", "weakest", "cram")
"""What a learner may study when all is done: ahead (soonest due or weakest first) or a cram."""


@dataclass(frozen=True)
class NextItem:
    """What the study page shows: the question, its fact's memory and flag, and today's counts.

    more_left: in a study-ahead or cram mode, how many facts that mode still has; None in the
    day's own queue. ahead_left: when the day's queue is done, how many facts could be studied ahead.
    exam_at: the learner's next exam (answering.exam), which the rating buttons' intervals respect.
    """

    queue: srs.StudyQueue
    question: BankQuestion | None
    state: srs.MemoryState | None
    flag: int | None = None
    more_left: int | None = None
    ahead_left: int = 0
    exam_at: datetime | None = None


# The study page's statements, built once and run on the session's connection (SQLAlchemy Core):
# a statement object keeps its cache key, and plain rows skip the ORM's per-statement work, which
# weighed about as much as the SQL itself on this page (notes/profile-serving.md).
_STATE_BEFORE = ReviewLog.state_before["state"].as_string()
_ANSWERS_TODAY = (
    select(ReviewLog.is_new, _STATE_BEFORE, func.count())
    .where(
        ReviewLog.user_id == bindparam("user_id"),
        ReviewLog.affects_schedule.is_(True),
        ReviewLog.reviewed_at >= bindparam("start"),
        ReviewLog.reviewed_at < bindparam("end"),
        # An early answer (a practice test, a quiz or studying ahead, on a fact not due today) is a
        # review to FSRS (srs.EARLY_ANSWER_RULE) but was not one of today's due reviews: it must not
        # use up the allowance the due ones need. Stored due times are ISO 8601 UTC strings, ordered
        # as text.
        or_(
            ReviewLog.is_new.is_(True),
            ReviewLog.state_before["due"].as_string() < bindparam("end_text"),
        ),
    )
    .group_by(ReviewLog.is_new, _STATE_BEFORE)
)
# The learner's cards and marks in one statement: the marks ride along with the cards instead of
# costing the study page a query of their own.
_CARDS_AND_MARKS = union_all(
    select(Card.fact_id, Card.memory, literal(False).label("held"), null().label("flag")).where(
        Card.user_id == bindparam("user_id")
    ),
    select(
        FactMark.fact_id,
        null().cast(JSON),
        case((held_out(bindparam("now")), True), else_=False),
        FactMark.flag,
    ).where(FactMark.user_id == bindparam("user_id")),
)
_FACT_HISTORY = (
    select(ReviewLog.question_id, ReviewLog.reviewed_at)
    .where(ReviewLog.user_id == bindparam("user_id"), ReviewLog.fact_id == bindparam("fact_id"))
    .order_by(ReviewLog.reviewed_at, ReviewLog.id)
)
_HAS_ANSWERS_FROM = (
    select(ReviewLog.id)
    .where(ReviewLog.user_id == bindparam("user_id"), ReviewLog.source == bindparam("source"))
    .limit(1)
)
_CRAM_ANSWERS = (
    select(ReviewLog.fact_id, ReviewLog.rating)
    .where(
        ReviewLog.user_id == bindparam("user_id"),
        ReviewLog.source == CRAM,
        ReviewLog.reviewed_at >= bindparam("start"),
        ReviewLog.reviewed_at < bindparam("end"),
    )
    .order_by(ReviewLog.reviewed_at, ReviewLog.id)
)


def _rows(statement, **parameters):
    return db.session.connection().execute(statement, parameters)


def active_facts(section_ids: list[str] | None) -> dict[str, datetime | None]:
    """The built-in bank's live fact ids in article order (optionally only some sections), each
    with when its answer last changed; from the worker's copy of the bank (bank_cache)."""
    wanted = set(section_ids or ())
    return {
        fact_id: changed_at
        for fact_id, section_id, changed_at in bank_snapshot().facts
        if not wanted or section_id in wanted
    }


def answers_today(user: User, now: datetime) -> tuple[int, int]:
    """(reviews that count against the review limit, new facts begun) in today's study day.

    The database counts today's answers by whether they began a fact and by the state the fact was
    in before (read out of the stored JSON), so a learner's 300th answer of the day costs no more
    than the first; `srs.counts_against_review_limit` still decides which states count.
    """
    start, end = srs.current_day_bounds(now, user.time_zone)
    rows = _rows(
        _ANSWERS_TODAY, user_id=user.id, start=start, end=end, end_text=end.astimezone(UTC).isoformat()
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


@dataclass(frozen=True)
class LearnerCards:
    """The learner's cards and marks. memories: each card's stored memory by fact id; held: facts
    suspended or buried for today; flags: flagged facts and their flag."""

    memories: dict[str, dict]
    held: set[str]
    flags: dict[str, int]


def learner_cards(user: User, now: datetime) -> LearnerCards:
    """The learner's cards and marks in one statement (_CARDS_AND_MARKS)."""
    found = LearnerCards({}, set(), {})
    for fact_id, memory, is_held, flag in _rows(_CARDS_AND_MARKS, user_id=user.id, now=now):
        if memory is not None:
            found.memories[fact_id] = memory
        if is_held:
            found.held.add(fact_id)
        if flag:
            found.flags[fact_id] = flag
    return found


def _queue_with_states(
    user: User, section_ids: list[str] | None, now: datetime
) -> tuple[srs.StudyQueue, dict[str, srs.MemoryState], dict[str, int], datetime | None]:
    """Today's queue, the memory state of every fact the learner has seen among those studied, and
    the learner's flags (suspended and buried facts are left out of the queue).

    The learner's cards are read as two columns and filtered here rather than with an IN list of
    every live fact id: binding 180 parameters and building as many ORM objects was most of the
    study page's time (bench/scale.py).
    """
    facts = active_facts(section_ids)
    found = learner_cards(user, now)
    held = found.held
    settings = scheduler_settings(user)
    # An exam set (or a quiz close time moved) after a fact was scheduled brings it forward here,
    # as the next answer's schedule would (srs.exam).
    exam_at = exam_moment_or_none(user, now)
    states = {
        fact_id: srs.fit_to_exam(current_memory(memory, facts[fact_id], now), exam_at, settings)
        for fact_id, memory in found.memories.items()
        if fact_id in facts and fact_id not in held
    }
    snapshots = [srs.CardSnapshot(fact_id, state) for fact_id, state in states.items()]
    unseen = [fact_id for fact_id in facts if fact_id not in found.memories and fact_id not in held]
    studyable = set(states).union(unseen)
    waiting = srs.waiting_for_prerequisites(unseen, bank_snapshot().prerequisites, states, studyable)
    unseen = [fact_id for fact_id in unseen if fact_id not in waiting]
    reviews_done, new_done = answers_today(user, now)
    limits = srs.StudyLimits(user.new_facts_per_day, user.reviews_per_day)
    queue = srs.build_study_queue(
        snapshots, unseen, reviews_done, new_done, limits, now, user.time_zone, settings
    )
    return queue, states, found.flags, exam_at


def build_queue(user: User, section_ids: list[str] | None, now: datetime) -> srs.StudyQueue:
    return _queue_with_states(user, section_ids, now)[0]


def question_for(user: User, fact_id: str, now: datetime) -> BankQuestion:
    """Pick the variant of a live bank fact to show, rotating across reviews and fixed within a
    study day; the variants come from the worker's copy of the bank, the history from the log."""
    questions = bank_snapshot().questions[fact_id]
    history = _rows(_FACT_HISTORY, user_id=user.id, fact_id=fact_id).all()
    start, _end = srs.current_day_bounds(now, user.time_zone)
    shown_today = next((qid for qid, at in history if at >= start), None)
    chosen = srs.choose_question([q.id for q in questions], [qid for qid, _ in history], shown_today)
    return next(q for q in questions if q.id == chosen)


def next_item(
    user: User,
    section_ids: list[str] | None,
    now: datetime,
    first_fact_id: str | None = None,
    mode: str = "",
) -> NextItem:
    """What the study page shows next; `first_fact_id` (an answer just undone) first if it is in the queue.

    mode: "" for the day's queue, or one of STUDY_MORE_MODES once the learner asks for more. The
    day's queue is built in every mode (its counts head the page) from the same card query.
    """
    queue, states, flags, exam_at = _queue_with_states(user, section_ids, now)
    if first_fact_id is not None:
        queue = queue.with_first(first_fact_id)
    if mode in STUDY_MORE_MODES:
        item = _next_more(user, section_ids, now, queue, states, flags, mode, first_fact_id)
        return replace(item, exam_at=exam_at)
    if queue.next_fact_id is None:
        snapshots = [srs.CardSnapshot(fact_id, state) for fact_id, state in states.items()]
        ahead = srs.study_ahead_order(snapshots, now, user.time_zone, "soonest", scheduler_settings(user))
        return NextItem(queue, None, None, ahead_left=len(ahead), exam_at=exam_at)
    question = question_for(user, queue.next_fact_id, now)
    first = queue.next_fact_id
    return NextItem(queue, question, states.get(first), flags.get(first), exam_at=exam_at)


def _next_more(
    user: User,
    section_ids: list[str] | None,
    now: datetime,
    queue: srs.StudyQueue,
    states: dict[str, srs.MemoryState],
    flags: dict[str, int],
    mode: str,
    first_fact_id: str | None,
) -> NextItem:
    """Study ahead or cram. `states` leaves out suspended and buried facts already; a cram leaves
    out the unseen ones among them too (the marks are read again only in a cram)."""
    if mode == "cram":
        held = held_out_fact_ids(user, now)
        facts = [fact_id for fact_id in active_facts(section_ids) if fact_id not in held]
        order = srs.cram_order(facts, states, crammed_today(user, now), now)
    else:
        snapshots = [srs.CardSnapshot(fact_id, state) for fact_id, state in states.items()]
        by = "weakest" if mode == "weakest" else "soonest"
        order = srs.study_ahead_order(snapshots, now, user.time_zone, by, scheduler_settings(user))
    fact_ids = [entry.fact_id for entry in order]
    if first_fact_id in fact_ids:
        fact_ids.remove(first_fact_id)
        fact_ids.insert(0, first_fact_id)
    if not fact_ids:
        return NextItem(queue, None, None, more_left=0)
    first = fact_ids[0]
    question = question_for(user, first, now)
    return NextItem(queue, question, states.get(first), flags.get(first), more_left=len(fact_ids))


def crammed_today(user: User, now: datetime) -> set[str]:
    """Facts whose last cram answer this study day was recalled (not Again): done for the cram."""
    start, end = srs.current_day_bounds(now, user.time_zone)
    last = {
        fact_id: rating for fact_id, rating in _rows(_CRAM_ANSWERS, user_id=user.id, start=start, end=end)
    }
    return {fact_id for fact_id, rating in last.items() if rating > srs.rating.AGAIN}


def has_study_answers(user: User, source: str = "study") -> bool:
    """Whether the learner has an answer from `source` (the study page's, or a cram's) to undo."""
    return _rows(_HAS_ANSWERS_FROM, user_id=user.id, source=source).first() is not None


def sections_for_picker() -> list:
    """The built-in bank's sections in article order, as rows with `id` and `title` (all a picker
    shows), from the worker's copy of the bank."""
    return list(bank_snapshot().sections)


# The two fields of the state before each answer that the figures use are read out of its JSON by
# the database: decoding every answer's whole state was most of the time for a year of answers.
_ANSWERS_SINCE = select(
    ReviewLog.reviewed_at,
    ReviewLog.rating,
    ReviewLog.state_before["state"].as_string(),
    ReviewLog.state_before["last_review"].as_string(),
    ReviewLog.affects_schedule,
    ReviewLog.seconds_taken,
).where(ReviewLog.user_id == bindparam("user_id"), ReviewLog.reviewed_at >= bindparam("since"))


def answers_since(user: User, since: datetime) -> list[stats.AnswerRecord]:
    """The learner's answers from `since` on, as the records progress figures are computed from."""
    rows = db.session.connection().execute(_ANSWERS_SINCE, {"user_id": user.id, "since": since})
    return [
        stats.AnswerRecord(
            at, rating, state, affects, "", datetime.fromisoformat(last) if last else None, seconds
        )
        for at, rating, state, last, affects, seconds in rows
    ]


def today_summary(user: User, now: datetime) -> stats.TodaySummary:
    """Today's answers, time, new facts and retention against the learner's daily goal, in one query."""
    start, _end = srs.current_day_bounds(now, user.time_zone)
    return stats.today_summary(answers_since(user, start), now, user.time_zone, user.daily_goal)
