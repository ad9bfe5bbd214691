"""Load balancing through the answering service: the learner's own cards and easy days decide the day.

A fact answered Good three times (day 0, ten minutes later, day 3) gets an ideal interval from FSRS;
the other facts' cards are set due on all but one of the days of its fuzz range, so the answer
must land on the free day. Then the same with easy days instead of load.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from quizapp import srs
from quizapp.extensions import db
from quizapp.models import Card, User
from quizapp.srs.balance import MINIMUM, NORMAL, candidate_days
from tests.history.test_history import fact_with

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday
THIRD = START + timedelta(days=3)


def ideal_after_three_goods() -> srs.MemoryState:
    state = srs.MemoryState.new(START)
    for at in (START, START + timedelta(minutes=10), THIRD):
        state = srs.review(state, 3, at).after
    return state


def learner_with_history(ada, app, fact_count: int) -> tuple[str, list[str]]:
    facts = [fact_with(app, "flashcard", skip) for skip in range(fact_count + 1)]
    for other in facts[1:]:
        ada.answer(other, 3, START)
    ada.answer(facts[0], 3, START)
    ada.answer(facts[0], 3, START + timedelta(minutes=10))
    return facts[0], facts[1:]


def due_day_of(app, ada, fact_id: str):
    with app.app_context():
        due = db.session.scalar(
            select(Card.due).where(Card.user_id == ada.user_id(), Card.fact_id == fact_id)
        )
    return srs.study_day(due, "UTC")


def test_an_answer_goes_to_the_free_day_of_its_range(ada, loaded_app):
    ideal = ideal_after_three_goods()
    candidates = candidate_days(ideal, THIRD, "UTC")
    assert len(candidates) >= 3, "the constructed history must leave room to balance"
    free = candidates[0]  # the shortest interval of the range, not FSRS's ideal
    assert srs.study_day(ideal.due, "UTC") != free.day
    fact, others = learner_with_history(ada, loaded_app, 4 * (len(candidates) - 1))
    busy = [candidate for candidate in candidates if candidate != free]
    user_id = ada.user_id()
    with loaded_app.app_context():
        # Four of the other facts due on each busy day, none on the free one.
        for index, other in enumerate(others):
            day = busy[index % len(busy)].day
            due = datetime.combine(day, START.timetz())
            db.session.execute(
                update(Card).where(Card.user_id == user_id, Card.fact_id == other).values(due=due)
            )
        db.session.commit()

    ada.answer(fact, 3, THIRD)
    # Weights: 1 for the free day, (1/4)^2 / interval (under 0.02) for each busy one.
    assert due_day_of(loaded_app, ada, fact) == free.day


def test_easy_days_keep_reviews_off_the_days_marked_minimum(ada, loaded_app):
    ideal = ideal_after_three_goods()
    candidates = candidate_days(ideal, THIRD, "UTC")
    normal = candidates[-1]
    week = [MINIMUM] * 7
    week[normal.day.weekday()] = NORMAL
    fact, _others = learner_with_history(ada, loaded_app, 0)
    user_id = ada.user_id()
    with loaded_app.app_context():
        db.session.execute(update(User).where(User.id == user_id).values(easy_days=week))
        db.session.commit()
    ada.answer(fact, 3, THIRD)
    assert due_day_of(loaded_app, ada, fact) == normal.day


def test_short_intervals_are_not_moved(ada, loaded_app):
    fact = fact_with(loaded_app, "flashcard")
    ada.answer(fact, 3, START)
    ada.answer(fact, 3, START + timedelta(minutes=10))  # graduates to FSRS's first interval
    expected = srs.review(
        srs.review(srs.MemoryState.new(START), 3, START).after, 3, START + timedelta(minutes=10)
    )
    assert candidate_days(expected.after, START + timedelta(minutes=10), "UTC") == []
    user_id = ada.user_id()
    with loaded_app.app_context():
        due = db.session.scalar(select(Card.due).where(Card.user_id == user_id, Card.fact_id == fact))
    assert due == expected.after.due
