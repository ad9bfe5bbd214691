"""Answers that reach two workers at once are all kept, on SQLite and on PostgreSQL alike."""

from __future__ import annotations

import threading
import time
import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select, text

from quizapp.answering.record import Answer, record_answer, undo_last_answer
from quizapp.extensions import db
from quizapp.models import Card, Question, ReviewLog, User

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def wait_until_another_transaction_waits(app) -> None:
    """Return once a second transaction is blocked behind the first one's uncommitted writes."""
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            # SQLite's second BEGIN IMMEDIATE waits for the first commit; there is no view to poll.
            time.sleep(0.5)
            return
        for _ in range(200):
            waiting = db.session.scalar(
                text("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")
            )
            db.session.rollback()
            if waiting:
                return
            time.sleep(0.05)
    raise AssertionError("the second answer never waited for the first")


@pytest.mark.parametrize(
    ("same_submission", "answers_kept"),
    [(False, 2), (True, 1)],
    ids=["two tabs answer", "one answer sent twice"],
)
def test_first_answers_to_one_fact_at_once(loaded_app, make_user, same_submission, answers_kept):
    """Two answers to the same new fact arrive together: none is lost, a resent one is stored
    once, and neither request fails.

    On PostgreSQL there is no card row to lock yet, so both requests insert one; the second
    must notice the first's card (or its stored submission) instead of failing on a unique constraint.
    """
    learner = make_user()
    keys = iter([uuid.uuid4().hex] * 2 if same_submission else [uuid.uuid4().hex, uuid.uuid4().hex])
    with loaded_app.app_context():
        question_id = db.session.scalar(
            select(Question.id).where(Question.kind == "flashcard").order_by(Question.id).limit(1)
        )
    first_stored, release_first = threading.Event(), threading.Event()
    outcomes: dict[str, object] = {}

    def answer(name: str, key: str, hold: bool) -> None:
        try:
            with loaded_app.app_context():
                user = db.session.get(User, learner.id)
                question = db.session.get(Question, question_id)
                log = record_answer(user, Answer(question, 3, None, "", "", 4.0, key), NOW)
                if hold:
                    first_stored.set()
                    release_first.wait(timeout=20)
                db.session.commit()
                outcomes[name] = log.id if log is not None else None
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            outcomes[name] = error
            first_stored.set()

    first = threading.Thread(target=answer, args=("first", next(keys), True))
    first.start()
    assert first_stored.wait(timeout=20)
    second = threading.Thread(target=answer, args=("second", next(keys), False))
    second.start()
    wait_until_another_transaction_waits(loaded_app)
    release_first.set()
    first.join(timeout=30)
    second.join(timeout=30)

    assert all(isinstance(outcomes.get(name), int) for name in ("first", "second")), outcomes
    assert (outcomes["first"] == outcomes["second"]) is same_submission
    with loaded_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ReviewLog)) == answers_kept
        card = db.session.scalar(select(Card).where(Card.user_id == learner.id))
        assert card.reps == answers_kept


def test_two_undos_at_once_leave_the_card_matching_its_log(loaded_app, make_user):
    """A double click on Undo never fails and never leaves the card out of step with the log."""
    learner = make_user()
    with loaded_app.app_context():
        user = db.session.get(User, learner.id)
        question = db.session.scalar(
            select(Question).where(Question.kind == "flashcard").order_by(Question.id)
        )
        for minutes, rating in ((0, 3), (10, 1), (20, 3)):
            moment = NOW.replace(minute=minutes)
            record_answer(user, Answer(question, rating, None, "", "", 4.0, uuid.uuid4().hex), moment)
            db.session.commit()
    first_done, release_first = threading.Event(), threading.Event()
    outcomes: dict[str, object] = {}

    def undo(name: str, hold: bool) -> None:
        try:
            with loaded_app.app_context():
                undone = undo_last_answer(db.session.get(User, learner.id))
                if hold:
                    first_done.set()
                    release_first.wait(timeout=20)
                db.session.commit()
                outcomes[name] = undone is not None
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            outcomes[name] = error
            first_done.set()

    first = threading.Thread(target=undo, args=("first", True))
    first.start()
    assert first_done.wait(timeout=20)
    second = threading.Thread(target=undo, args=("second", False))
    second.start()
    wait_until_another_transaction_waits(loaded_app)
    release_first.set()
    first.join(timeout=30)
    second.join(timeout=30)

    assert outcomes.get("first") is True and isinstance(outcomes.get("second"), bool), outcomes
    with loaded_app.app_context():
        logs = db.session.scalars(select(ReviewLog).order_by(ReviewLog.reviewed_at)).all()
        card = db.session.scalar(select(Card).where(Card.user_id == learner.id))
        assert len(logs) == 3 - sum(outcomes.values())
        assert card.reps == len(logs)
        assert card.memory == logs[-1].state_after
