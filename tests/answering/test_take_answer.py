"""The one answering path, driven directly on a real SQLite file: every source grades, rates, logs
and schedules as its rule says, and a resent answer is stored once."""

from __future__ import annotations

import threading
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from flask import g
from sqlalchemy import func, select

from quizapp import content, srs
from quizapp.answering.rating import LIVE, PRACTICE, QUIZ, STUDY
from quizapp.answering.record import undo_last_answer
from quizapp.answering.service import Submission, take_answer
from quizapp.extensions import db
from quizapp.models import Card, Question, ReviewLog, User
from quizapp.srs.balance import candidate_days

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _key() -> str:
    return uuid.uuid4().hex


def _question(kind: str, fact_id: str | None = None) -> Question:
    query = select(Question).where(Question.kind == kind, Question.retired_at.is_(None))
    if fact_id is not None:
        query = query.where(Question.fact_id == fact_id)
    return db.session.scalar(query.order_by(Question.id).limit(1))


def _right(row: Question):
    """The response a learner gives when they know it, in the kind's response shape."""
    question = content.Question.from_dict(row.data)
    if row.kind == "multiple_choice":
        return question.choices[question.answer]
    return str(question.answer)


def _wrong(row: Question):
    question = content.Question.from_dict(row.data)
    return question.choices[(question.answer + 1) % len(question.choices)]


def _answer(user, row, response, source, key=None, now=NOW, seconds=12.0, live_feeds=False):
    shown = content.Question.from_dict(row.data)
    return take_answer(
        Submission(
            user, row, shown, response, source, key or _key(), now, seconds, live_feeds_schedule=live_feeds
        )
    )


def _card(user: User, fact_id: str) -> Card | None:
    return db.session.scalar(select(Card).where(Card.user_id == user.id, Card.fact_id == fact_id))


def _logs(user: User) -> int:
    return db.session.scalar(select(func.count()).select_from(ReviewLog).where(ReviewLog.user_id == user.id))


@pytest.fixture
def learner(loaded_app, make_user):
    made = make_user()
    with loaded_app.app_context():
        yield db.session.get(User, made.id)


def test_a_study_answer_is_graded_rated_logged_and_scheduled(learner):
    row = _question("typed")
    answered = _answer(learner, row, _right(row), STUDY)
    db.session.commit()
    assert answered.grade.correct and answered.given == _right(row)
    log = answered.log
    assert (log.source, log.rating, log.correct, log.affects_schedule, log.is_new) == (
        STUDY,
        3,  # right in 12 seconds: Good (fast would be Easy, slow Hard)
        True,
        True,
        True,
    )
    card = _card(learner, row.fact_id)
    assert card.reps == 1 and log.state_after == card.memory


def test_a_card_the_request_had_already_loaded_reads_its_new_state_after_the_answer(learner):
    """The answer writes the card with its own statements: a copy the same session loaded before
    (a page that showed the card, then took an answer) must not keep the old state."""
    row = _question("flashcard")
    _answer(learner, row, 3, STUDY)
    db.session.commit()
    loaded = _card(learner, row.fact_id)
    assert loaded.reps == 1
    second = _answer(learner, row, 3, STUDY, now=NOW + timedelta(days=3))
    assert (loaded.reps, loaded.memory) == (2, second.log.state_after)
    assert loaded.due == srs.MemoryState.from_dict(second.log.state_after).due


def test_a_flashcard_is_rated_by_the_learner(learner):
    row = _question("flashcard")
    answered = _answer(learner, row, 4, STUDY)
    assert answered.grade is None
    assert (answered.log.rating, answered.log.correct, answered.note) == (4, None, "You rated it Easy.")
    with pytest.raises(ValueError):
        _answer(learner, _question("flashcard", None), 7, STUDY)


def test_a_resent_answer_is_stored_once_before_and_after_commit(loaded_app, learner):
    row = _question("multiple_choice")
    key = _key()
    first = _answer(learner, row, _right(row), STUDY, key)
    again = _answer(learner, row, _wrong(row), STUDY, key, now=NOW + timedelta(seconds=3))
    assert again.resent and again.log.id == first.log.id
    learner_id, first_id, row_id, wrong = learner.id, first.log.id, row.id, _wrong(row)
    db.session.commit()
    with loaded_app.app_context():  # a retried request after the first one committed
        user = db.session.get(User, learner_id)
        later = _answer(user, db.session.get(Question, row_id), wrong, STUDY, key, now=NOW)
        db.session.commit()
        assert later.resent and later.log.id == first_id and later.log.correct
        assert _logs(user) == 1 and _card(user, later.log.fact_id).reps == 1


def _known_for_days(learner: User, fact_id: str) -> Card:
    """The learner rated the fact's flashcard Easy: it is not due again for days."""
    _answer(learner, _question("flashcard", fact_id), 4, STUDY)
    card = _card(learner, fact_id)
    assert card.due > NOW + timedelta(days=1)
    return card


@pytest.mark.parametrize("source", [PRACTICE, QUIZ])
def test_early_practice_and_quiz_answers_are_reviews_right_or_wrong(learner, source):
    """srs.EARLY_ANSWER_RULE: an answer before the fact is due is a review at its elapsed time."""
    row = _question("multiple_choice")
    card = _known_for_days(learner, row.fact_id)
    before = srs.MemoryState.from_dict(card.memory)
    later = NOW + timedelta(hours=2)
    right = _answer(learner, row, _right(row), source, now=later)
    assert right.log.source == source and right.log.rating == 3 and right.log.affects_schedule
    expected = srs.review(before, 3, later).after
    got = srs.MemoryState.from_dict(card.memory)
    # Load balancing (srs.balance) may move only the day, within the fuzz range around FSRS's.
    assert replace(got, due=expected.due) == expected and card.reps == 2
    allowed = {c.day for c in candidate_days(expected, later, learner.time_zone)}
    assert srs.study_day(got.due, learner.time_zone) in (
        allowed or {srs.study_day(expected.due, learner.time_zone)}
    )
    wrong = _answer(learner, row, _wrong(row), source, now=later + timedelta(minutes=1))
    assert wrong.log.rating == 1 and wrong.log.affects_schedule
    assert card.reps == 3 and card.lapses == 1


@pytest.mark.parametrize("source", [PRACTICE, QUIZ])
def test_a_first_answer_from_a_test_or_quiz_starts_the_schedule(learner, source):
    row = _question("multiple_choice")
    answered = _answer(learner, row, _right(row), source)
    assert answered.log.affects_schedule and answered.log.is_new
    assert _card(learner, row.fact_id).reps == 1


def test_live_answers_are_graded_but_leave_schedules_alone_by_default(learner):
    row = _question("multiple_choice")
    answered = _answer(learner, row, _right(row), LIVE, key="live-1-1-0")
    assert answered.grade.correct and answered.log is None
    assert _logs(learner) == 0 and _card(learner, row.fact_id) is None
    guest = _answer(None, row, _wrong(row), LIVE, key="live-1-2-0")
    assert not guest.grade.correct and guest.log is None


def test_live_answers_feed_schedules_when_the_game_says_so(learner):
    row = _question("multiple_choice")
    first = _answer(learner, row, _right(row), LIVE, key="live-1-1-0", live_feeds=True)
    resend = _answer(learner, row, _right(row), LIVE, key="live-1-1-0", live_feeds=True)
    assert first.log.source == LIVE and first.log.affects_schedule
    assert resend.resent and resend.log.id == first.log.id
    assert _card(learner, row.fact_id).reps == 1
    # Without an account there is nobody to schedule for.
    assert _answer(None, row, _right(row), LIVE, key="live-1-2-0", live_feeds=True).log is None


def test_an_unknown_source_is_refused(learner):
    row = _question("typed")
    with pytest.raises(ValueError, match="source"):
        _answer(learner, row, _right(row), "homework")
    assert _logs(learner) == 0


def test_an_answer_planned_from_a_card_that_moved_before_the_write_is_planned_again(loaded_app, make_user):
    """Under reads_before_writing the schedule is worked out before the write lock (plan_answer),
    from the card as this request read it. Another tab's answer to the same fact lands in between:
    the answer is then scheduled from the card as it is under the lock, so neither answer is lost."""
    made = make_user()
    with loaded_app.app_context():
        row = _question("flashcard")
        _answer(db.session.get(User, made.id), row, 3, STUDY)
        db.session.commit()
        question_id = row.id

    def other_tab_answers():
        with loaded_app.app_context():
            other = _answer(
                db.session.get(User, made.id),
                db.session.get(Question, question_id),
                3,
                STUDY,
                now=NOW + timedelta(minutes=10),
            )
            db.session.commit()
            return other.log.state_after

    with loaded_app.test_request_context("/study/answer", method="POST"):
        g.write_transaction = False  # as the study page's answer route starts (reads_before_writing)
        user = db.session.get(User, made.id)
        row = db.session.get(Question, question_id)
        card_read = _card(user, row.fact_id)  # this request's copy of the card, kept (as a page might)
        read_before = card_read.memory
        moved = []
        worker = threading.Thread(target=lambda: moved.append(other_tab_answers()))
        worker.start()
        worker.join()
        assert moved and moved[0] != read_before
        answered = _answer(user, row, 3, STUDY, now=NOW + timedelta(minutes=11))
        db.session.commit()
        assert answered.log.state_before == moved[0]
        assert card_read.memory == answered.log.state_after  # the copy read first was brought up to date
    with loaded_app.app_context():
        card = db.session.scalar(select(Card).where(Card.user_id == made.id))
        assert card.reps == 3
        assert card.memory == answered.log.state_after


@pytest.mark.parametrize("plan_first", [True, False], ids=["planned before the lock", "planned under it"])
@pytest.mark.parametrize("source", [STUDY, QUIZ])
def test_an_answer_stored_after_a_later_one_to_the_same_fact_counts_as_given_after_it(
    loaded_app, make_user, source, plan_first
):
    """Two answers to one fact on their way at once (a second tab, a double submit): the one that
    arrived first took the earlier time but reached the write lock second. It is stored as given at
    the other's moment, after it, instead of failing (FSRS refuses time running backwards: under
    load this was an Internal Server Error), and undo takes it back first."""
    made = make_user()
    with loaded_app.app_context():
        row = _question("flashcard")
        _answer(db.session.get(User, made.id), row, 3, STUDY)  # the fact is known from NOW
        db.session.commit()
        question_id = row.id
    later = NOW + timedelta(days=3, seconds=1)
    earlier = NOW + timedelta(days=3)

    with loaded_app.app_context():  # the answer that arrived second, stored first
        other = _answer(
            db.session.get(User, made.id), db.session.get(Question, question_id), 3, source, now=later
        )
        db.session.commit()
        other_id, other_state = other.log.id, other.log.state_after

    with loaded_app.test_request_context("/study/answer", method="POST"):
        if plan_first:
            g.write_transaction = False  # the study page's answer route (reads_before_writing)
        user = db.session.get(User, made.id)
        answered = _answer(user, db.session.get(Question, question_id), 1, source, now=earlier)
        db.session.commit()
        assert answered.log.reviewed_at.replace(tzinfo=UTC) == later
        assert answered.log.state_before == other_state
        assert srs.MemoryState.from_dict(answered.log.state_after).last_review == later
        undone = undo_last_answer(user, source)
        assert undone is not None and undone.id == answered.log.id
        db.session.rollback()
    with loaded_app.app_context():
        card = db.session.scalar(select(Card).where(Card.user_id == made.id))
        assert card.reps == 3
        assert db.session.get(ReviewLog, other_id) is not None
