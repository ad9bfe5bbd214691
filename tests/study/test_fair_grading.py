"""Typed answers a fair teacher accepts are right through the real pages too: a practice test of
the real bank's numeric and typed questions, answered in words, multipliers and long forms (test
client, SQLite file)."""

from __future__ import annotations

import re

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import PracticeTest, Question, ReviewLog
from tests.content.test_grading_table import TABLE
from tests.study.test_practice import start


def teacher_answer(fact_id: str, right: bool, display: str) -> str:
    """A row of the grading table for this fact: a right answer not written as the app shows it,
    or a wrong one."""
    rows = [typed for row_fact, typed, verdict in TABLE if row_fact == fact_id and verdict is right]
    assert rows, f"the grading table has no {'right' if right else 'wrong'} row for {fact_id}"
    other_forms = [typed for typed in rows if typed.strip().lower() != display.strip().lower()]
    return (other_forms or rows)[0]


def take(learner, loaded_app, right: bool, **choice) -> tuple[str, list[ReviewLog]]:
    response = start(learner, count="6", **choice)
    assert response.status_code == 302
    path = response.headers["Location"]
    while True:
        page = learner.client.get(path, follow_redirects=True).get_data(as_text=True)
        if "Your score" in page:
            break
        question = learner.question(page)
        envelope = learner.envelope(page)
        envelope["position"] = re.search(
            r'name="position"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="position"', page
        ).group(1)
        typed = teacher_answer(question.fact_id, right, question.data["answer_text"])
        answered = learner.client.post(f"{path}/answer", data={**envelope, "text": typed})
        assert answered.status_code == 302
    with loaded_app.app_context():
        test = db.session.scalar(select(PracticeTest).order_by(PracticeTest.id.desc()))
        logs = list(
            db.session.scalars(select(ReviewLog).where(ReviewLog.source == "practice").order_by(ReviewLog.id))
        )
        kinds = {db.session.get(Question, qid).kind for qid in test.question_ids}
        db.session.expunge_all()
    assert kinds <= {"numeric", "typed"}, kinds
    return page, logs


def test_numbers_in_words_and_multipliers_are_right_in_a_practice_test(learner, loaded_app):
    page, logs = take(learner, loaded_app, right=True, sections=["history"], kinds=["numeric"])
    assert "Your score: 100%" in page
    assert len(logs) == 6 and all(log.correct for log in logs)


def test_phrases_with_extra_words_and_long_forms_are_right_in_a_practice_test(learner, loaded_app):
    page, logs = take(learner, loaded_app, right=True, sections=["risks", "future"], kinds=["typed"])
    assert "Your score: 100%" in page
    assert all(log.correct for log in logs)


def test_close_looking_wrong_answers_are_wrong_in_a_practice_test(learner, loaded_app):
    page, logs = take(
        learner, loaded_app, right=False, sections=["characteristics"], kinds=["numeric", "typed"]
    )
    assert "Your score: 0%" in page
    assert logs and not any(log.correct for log in logs)
