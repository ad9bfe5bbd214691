"""An exam date through the pages: set in settings (bad, past and far dates refused without losing
anything), or given by an assigned quiz's close time for the class's learners; a review that would
leave recall on the day under the aim comes due before it; progress shows recall on the day by
section. Figures by hand from FSRS-6's curve (w20 = 0.1542, F = 0.98043)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from quizapp import srs
from quizapp.auth.accounts import create_account
from quizapp.classes.service import create_class, join_class
from quizapp.extensions import db
from quizapp.models import Card, Fact, Role, User
from tests.conftest import post_form

# The Learner's clock: Monday 2 March 2026, 09:00 UTC; the learner's zone is UTC.
SETTINGS = {
    "display_name": "Ada",
    "time_zone": "UTC",
    "desired_retention": "90",
    "new_facts_per_day": "0",
    "reviews_per_day": "200",
    "slow_answer_percent": "100",
}


def learner_row(app) -> User:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "learner@example.org"))
        db.session.expunge(user)
        return user


def save(learner, **changes):
    return post_form(learner.client, "/settings", {**SETTINGS, **changes})


def first_fact(app, section_id: str) -> str:
    with app.app_context():
        return db.session.scalar(
            select(Fact.id).where(Fact.section_id == section_id).order_by(Fact.paragraph, Fact.id).limit(1)
        )


def put_card(app, fact_id: str, state: srs.MemoryState) -> None:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "learner@example.org"))
        db.session.add(Card(user_id=user.id, fact_id=fact_id, memory=state.to_dict(), due=state.due, reps=3))
        db.session.commit()


def test_an_exam_date_is_saved_and_cleared(learner, loaded_app):
    assert save(learner, exam_date="2026-03-20").status_code == 302
    assert learner_row(loaded_app).exam_date == date(2026, 3, 20)
    assert 'value="2026-03-20"' in learner.page("/settings")
    assert save(learner, exam_date="2026-03-02").status_code == 302  # today is allowed
    assert save(learner, exam_date="").status_code == 302
    assert learner_row(loaded_app).exam_date is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2026-03-01", "That date has passed"),
        ("2036-03-01", "within the next five years"),
        ("2026-13-45", "Not a valid date"),
        ("next friday", "Not a valid date"),
    ],
)
def test_a_bad_exam_date_is_refused_and_nothing_is_lost(learner, loaded_app, value, message):
    save(learner, exam_date="2026-03-20")
    response = save(learner, exam_date=value, new_facts_per_day="7")
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    user = learner_row(loaded_app)
    assert (user.exam_date, user.new_facts_per_day) == (date(2026, 3, 20), 0)


def test_a_review_that_would_leave_recall_on_exam_day_short_comes_due_before_it(learner, loaded_app, clock):
    save(learner)
    fact = first_fact(loaded_app, "history")
    # Last seen 10 days ago with stability 10.5; its review was placed 3 days from now. With the
    # exam in 2 days (Wednesday 4 March, from 04:00), 11 whole days will have passed:
    # R(11, 10.5) = (1 + 0.98043 × 11/10.5)^-0.1542 = 0.8959 < 0.9, so the review is brought
    # to 10 whole days after the last one: now.
    state = srs.MemoryState(
        "review", None, 10.5, 5.0, clock.now + timedelta(days=3), clock.now - timedelta(days=10)
    )
    put_card(loaded_app, fact, state)
    assert "All done for now" in learner.page()
    save(learner, exam_date="2026-03-04")
    page = learner.page()
    assert learner.question(page).fact_id == fact and "1</strong> due" in page
    # An exam far enough off leaves the review where it was.
    save(learner, exam_date="2026-03-10")
    assert "All done for now" in learner.page()


def test_an_answer_s_next_review_respects_the_exam(learner, loaded_app, clock):
    """An answer under the old aim's schedule, the aim raised to 95 % with an exam in 8 days: the
    stored due is brought before it (4 whole days, where recall is still 95 %)."""
    save(learner, exam_date="2026-03-10", desired_retention="95")
    fact = first_fact(loaded_app, "history")
    with loaded_app.app_context():
        user = db.session.scalar(select(User).where(User.email == "learner@example.org"))
        settings = srs.SchedulerSettings(desired_retention=0.95)
        exam_at = srs.exam_moment(date(2026, 3, 10), "UTC")
        from quizapp.answering.exam import exam_for

        exam = exam_for(user, clock.now)
        assert (exam.at, exam.day, exam.source) == (exam_at, date(2026, 3, 10), "your exam date")
    assert srs.fit_to_exam(
        srs.MemoryState("review", None, 10, 5.0, clock.now + timedelta(days=10), clock.now), exam_at, settings
    ).due == clock.now + timedelta(days=4)
    put_card(
        loaded_app, fact, srs.MemoryState("review", None, 10, 5.0, clock.now, clock.now - timedelta(days=10))
    )
    page = learner.page()
    question = learner.question(page)
    fields = {"rating": "3"} if question.kind == "flashcard" else learner.right_answer(question)
    learner.answer(page, fields)
    with loaded_app.app_context():
        memory = srs.MemoryState.from_dict(db.session.scalar(select(Card.memory).where(Card.fact_id == fact)))
    assert memory.last_review == clock.now
    assert memory.due <= exam_at or srs.retrievability(memory, exam_at, settings) >= 0.95


def test_an_assigned_quiz_s_close_time_is_the_class_s_exam_and_progress_shows_recall_on_the_day(
    learner, loaded_app, clock
):
    from quizapp.quizzes.service import create_quiz  # here: importing it first is circular

    save(learner)
    with loaded_app.app_context():
        teacher = create_account("t@example.org", "a long and memorable passphrase", "Ms T", Role.TEACHER)
        classroom = create_class(teacher, "Period 3")
        quiz = create_quiz(
            classroom, "Unit test", ["history"], ["multiple_choice"], 2, clock.now, random.Random(1)
        )
        quiz.assigned_at = clock.now
        quiz.closes_at = clock.now + timedelta(days=8)  # Tuesday 10 March, 09:00
        user = db.session.scalar(select(User).where(User.email == "learner@example.org"))
        join_class(user, classroom.join_code)
        db.session.commit()
    fact = first_fact(loaded_app, "history")
    # Seen now with stability 10: at the close time, 8 whole days on, R(8, 10) = 0.9146.
    put_card(
        loaded_app, fact, srs.MemoryState("review", None, 10, 5.0, clock.now + timedelta(days=10), clock.now)
    )
    page = learner.page("/progress/")
    assert "Recall on your exam day" in page
    assert "Tuesday 10 March 2026" in page and "“Unit test” closes" in page
    history_row = page.split("History of foundation models</th>")[1].split("</tr>")[0]
    assert "1 of" in history_row and "91%" in history_row
    # The learner's own earlier date wins.
    save(learner, exam_date="2026-03-05")
    page = learner.page("/progress/")
    assert "Thursday 5 March 2026" in page and "your exam date" in page
    # Without any exam the section is not shown; a quiz left open for years is no exam either
    # (one closing in 9999 once overflowed the study-day arithmetic).
    save(learner, exam_date="")
    with loaded_app.app_context():
        from quizapp.models import Quiz

        far = datetime(9999, 12, 31, 23, 59, tzinfo=UTC)
        db.session.execute(Quiz.__table__.update().values(closes_at=far))
        db.session.commit()
    assert "Recall on your exam day" not in learner.page("/progress/")
    with loaded_app.app_context():
        db.session.execute(Quiz.__table__.update().values(closes_at=None))
        db.session.commit()
    assert "Recall on your exam day" not in learner.page("/progress/")
