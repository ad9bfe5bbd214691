"""`flask demo seed` fills a class with history made through our own scheduler, reproducibly."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import (
    Card,
    Classroom,
    Enrollment,
    LiveAnswer,
    LivePlayer,
    LiveSession,
    PracticeTest,
    QuizAnswer,
    ReviewLog,
    User,
)
from tests.conftest import make_app

FIXED_NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def seeded_history(database: str) -> list[tuple]:
    app = make_app(database, CLOCK=lambda: FIXED_NOW)
    result = app.test_cli_runner().invoke(
        args=["demo", "seed", "--learners", "2", "--days", "10", "--seed", "3"]
    )
    assert result.exit_code == 0, result.output
    assert "2 learners answered" in result.output
    with app.app_context():
        rows = db.session.execute(
            select(
                User.email, ReviewLog.fact_id, ReviewLog.question_id, ReviewLog.rating, ReviewLog.reviewed_at
            )
            .join(User, ReviewLog.user_id == User.id)
            .order_by(ReviewLog.id)
        ).all()
        assert db.session.scalar(select(func.count()).select_from(Classroom)) == 1
        assert db.session.scalar(select(func.count()).select_from(Enrollment)) == 2
        cards = db.session.scalar(select(func.count()).select_from(Card))
        assert cards > 0
        finished = db.session.scalars(select(PracticeTest).where(PracticeTest.finished_at.is_not(None))).all()
        assert finished and all(len(test.answers) == 5 for test in finished)
        game = db.session.scalar(select(LiveSession))
        assert (
            game.phase == "finished" and db.session.scalar(select(func.count()).select_from(LivePlayer)) == 2
        )
        assert db.session.scalar(select(func.count()).select_from(LiveAnswer)) > 0
        quiz_answers = db.session.scalar(select(func.count()).select_from(QuizAnswer))
        assert quiz_answers == db.session.scalar(
            select(func.count()).select_from(ReviewLog).where(ReviewLog.source == "quiz")
        )
        assert all(at < FIXED_NOW for *_rest, at in rows)
        again = app.test_cli_runner().invoke(args=["demo", "seed"])
        assert again.exit_code == 1 and "already exists" in again.output
        db.engine.dispose()
    return [tuple(row) for row in rows]


def test_seed_is_reproducible_and_realistic(bank_database, new_database):
    first = seeded_history(new_database(template=bank_database))
    second = seeded_history(new_database(template=bank_database))
    assert first == second
    assert len(first) > 20
    ratings = {row[3] for row in first}
    assert 1 in ratings and ratings & {3, 4}  # some forgetting, mostly remembering


def test_seed_needs_the_bank(app):
    result = app.test_cli_runner().invoke(args=["demo", "seed"])
    assert result.exit_code == 1
    assert "question bank is empty" in result.output
