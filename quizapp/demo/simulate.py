"""Simulated learners who study through the study service, so every figure comes from real rows.

Each learner has a skill (how much better than FSRS's prediction they recall) and a habit (how
likely they are to study on a given day). Recall is drawn from the fact's retrievability, so the
history looks like what FSRS expects of a real learner, with the variation a class has.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from quizapp import content, srs
from quizapp.answering.cards import memory_of
from quizapp.answering.record import Answer, record_answer
from quizapp.extensions import db
from quizapp.models import Card, Question, User
from quizapp.study.service import active_facts, question_for

NEW_FACT_RECALL = 0.35  # a first exposure is mostly a guess or a read of the card


@dataclass(frozen=True)
class LearnerHabits:
    skill: float  # added to the predicted recall probability (-0.15 .. +0.1)
    study_chance: float  # probability of studying on a given day
    new_per_day: int
    seconds_per_answer: float


def habits_for(rng: random.Random) -> LearnerHabits:
    return LearnerHabits(
        skill=rng.uniform(-0.15, 0.1),
        study_chance=rng.uniform(0.45, 0.95),
        new_per_day=rng.choice([5, 8, 10, 12]),
        seconds_per_answer=rng.uniform(6, 20),
    )


def _recalled(
    rng: random.Random, state: srs.MemoryState | None, now: datetime, habits: LearnerHabits, settings
) -> bool:
    predicted = srs.retrievability(state, now, settings) if state is not None else None
    chance = NEW_FACT_RECALL if predicted is None else predicted
    return rng.random() < min(0.99, max(0.02, chance + habits.skill))


def _answer(
    user: User, fact_id: str, now: datetime, rng: random.Random, habits: LearnerHabits
) -> srs.MemoryState:
    row = db.session.get(Question, question_for(user, fact_id, now).id)
    card = db.session.scalar(select(Card).where(Card.user_id == user.id, Card.fact_id == fact_id))
    settings = srs.SchedulerSettings(desired_retention=user.desired_retention)
    state = memory_of(card, row.fact.answer_changed_at, now) if card else None
    recalled = _recalled(rng, state, now, habits, settings)
    seconds = max(2.0, rng.gauss(habits.seconds_per_answer, 4))
    if row.kind == "flashcard":
        rating = (3 if rng.random() < 0.8 else rng.choice([2, 4])) if recalled else 1
        correct, given = None, ""
    else:
        question = content.Question.from_dict(row.data)
        correct = recalled
        rating = srs.rating_for_answer(row.kind, correct, seconds, 1.0 if correct else 0.0)
        given = question.answer_text if correct else "(a wrong answer)"
    log = record_answer(
        user,
        Answer(row, rating, correct, given, "simulated", seconds, uuid.UUID(int=rng.getrandbits(128)).hex),
        now,
    )
    return srs.MemoryState.from_dict(log.state_after)


PRACTICE_EVERY_DAYS = 10
PRACTICE_KINDS = ["multiple_choice", "true_false"]


def _practice_test(user: User, now: datetime, rng: random.Random, habits: LearnerHabits) -> None:
    """A short practice test on choice questions, answered right as often as the learner recalls."""
    from quizapp.models import Question
    from quizapp.study.practice import answer_practice_question, start_practice_test

    test = start_practice_test(user, [], PRACTICE_KINDS, 5, rng)
    for position, question_id in enumerate(test.question_ids):
        row = db.session.get(Question, question_id)
        question = content.Question.from_dict(row.data)
        right = (
            question.choices[question.answer]
            if isinstance(question.answer, int) and not isinstance(question.answer, bool)
            else ("True" if question.answer else "False")
        )
        wrong = next(choice for choice in question.choices if choice != right)
        chosen = right if rng.random() < 0.7 + habits.skill else wrong
        answer_practice_question(
            user,
            test,
            position,
            row,
            chosen,
            habits.seconds_per_answer,
            uuid.UUID(int=rng.getrandbits(128)).hex,
            now + timedelta(seconds=20 * position),
        )


def simulate_learner(
    user: User,
    start: datetime,
    days: int,
    rng: random.Random,
    on_day: Callable[[], None] | None = None,
) -> int:
    """Let `user` study for `days` days from `start`; returns the number of answers given."""
    habits = habits_for(rng)
    user.new_facts_per_day = habits.new_per_day
    zone = ZoneInfo(user.time_zone)
    fact_ids = list(active_facts(None))
    answers = 0
    for day in range(days):
        if rng.random() < habits.study_chance:
            local_start = (
                (start + timedelta(days=day))
                .astimezone(zone)
                .replace(
                    hour=rng.choice([7, 12, 17, 19, 20]), minute=rng.randrange(60), second=0, microsecond=0
                )
            )
            session_start = local_start.astimezone(start.tzinfo)
            answers += _study_session(user, session_start, fact_ids, rng, habits)
            if day % PRACTICE_EVERY_DAYS == PRACTICE_EVERY_DAYS - 1:
                _practice_test(user, session_start + timedelta(hours=2), rng, habits)
        db.session.commit()
        if on_day:
            on_day()
    return answers


def _study_session(user, now, fact_ids, rng, habits) -> int:
    _day_start, day_end = srs.current_day_bounds(now, user.time_zone)
    cards = {c.fact_id: c for c in db.session.scalars(select(Card).where(Card.user_id == user.id))}
    due = sorted(fid for fid, c in cards.items() if c.due < day_end)
    new = [fid for fid in fact_ids if fid not in cards][: habits.new_per_day]
    answers = 0
    learning: list[tuple[datetime, str]] = []
    for fact_id in due + new:
        after = _answer(user, fact_id, now, rng, habits)
        answers += 1
        now += timedelta(seconds=habits.seconds_per_answer + 3)
        if after.state != "review":
            learning.append((after.due, fact_id))
    # Short learning steps come back within the session, as they would on the study page.
    for _round in range(3):
        learning.sort()
        pending, learning = learning, []
        for due_at, fact_id in pending:
            now = max(now, due_at)
            after = _answer(user, fact_id, now, rng, habits)
            answers += 1
            now += timedelta(seconds=habits.seconds_per_answer + 3)
            if after.state != "review" and after.due < day_end:
                learning.append((after.due, fact_id))
    return answers
