"""Demo classwork: an assigned quiz the class took last week and a live quiz they played, answered
through the quiz and live services so the teacher's results pages show real rows."""

from __future__ import annotations

import random
import uuid
from datetime import datetime, timedelta

from quizapp import content
from quizapp.extensions import db
from quizapp.live import service as live
from quizapp.models import Classroom, Question, User
from quizapp.quizzes import service as quizzes

DEMO_KINDS = ["multiple_choice", "true_false"]


def _choose(question: content.Question, rng: random.Random, skill: float) -> str:
    """The text of a choice: the right one as often as this learner tends to know it."""
    right = (
        question.choices[question.answer]
        if question.kind == "multiple_choice"
        else ("True" if question.answer else "False")
    )
    if rng.random() < skill:
        return right
    return rng.choice([choice for choice in question.choices if choice != right])


def assigned_quiz(classroom: Classroom, learners: list[User], now: datetime, rng: random.Random) -> None:
    """A ten-question quiz due in five days that most of the class took within the last hour.

    Quiz answers feed each learner's schedule, so they must come after the simulated study
    (which ends yesterday); hence "within the last hour" rather than last week.
    """
    quiz = quizzes.create_quiz(classroom, "Week 1 check", [], DEMO_KINDS, 10, now - timedelta(days=1), rng)
    quiz.opens_at, quiz.closes_at = now - timedelta(hours=2), now + timedelta(days=5)
    quiz.time_limit_minutes, quiz.assigned_at = 20, now - timedelta(hours=2)
    db.session.flush()
    for user in learners:
        if rng.random() < 0.2:
            continue  # not everyone does their homework at once
        started = now - timedelta(minutes=rng.uniform(12, 50))
        attempt = quizzes.start_attempt(quiz, user, started)
        skill = rng.uniform(0.45, 0.9)
        moment = started
        for position, question_id in enumerate(attempt.question_ids):
            moment += timedelta(seconds=rng.uniform(10, 50))
            row = db.session.get(Question, question_id)
            question = quizzes.display_question(attempt, row)
            chosen = _choose(question, rng, skill)
            quizzes.answer_question(
                attempt,
                position,
                row,
                question,
                chosen,
                20.0,
                uuid.UUID(int=rng.getrandbits(128)).hex,
                moment,
            )
        quizzes.finish(attempt, moment + timedelta(seconds=30), "submitted")
    db.session.commit()


def live_game(classroom: Classroom, learners: list[User], now: datetime, rng: random.Random) -> None:
    """A finished five-question live game with speed points, played yesterday."""
    quiz = quizzes.create_quiz(
        classroom, "Friday warm-up", [], DEMO_KINDS, 5, now - timedelta(days=1, hours=1), rng
    )
    quiz.speed_points = True
    moment = now - timedelta(days=1)
    session = live.start_session(quiz, classroom.teacher, 20, moment)
    players = [
        live.join(session, user, "", moment + timedelta(seconds=5 + i)) for i, user in enumerate(learners)
    ]
    skills = {player.id: rng.uniform(0.4, 0.95) for player in players}
    for position in range(len(session.question_ids)):
        moment += timedelta(seconds=30)
        live.advance(session, position - 1, moment)
        row, question = live.question_at(session, position)
        for player in players:
            if rng.random() < 0.9:
                chosen = _choose(question, rng, skills[player.id])
                live.answer(
                    session,
                    player,
                    position,
                    row,
                    question,
                    chosen,
                    moment + timedelta(seconds=rng.uniform(2, 18)),
                )
        moment += timedelta(seconds=20)
        live.reveal(session, position, moment)
    live.finish(session, moment + timedelta(seconds=30))
    db.session.commit()
