"""Practice tests: chosen sections and kinds, answered in a row, scored, logged by the rule."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Card, PracticeTest, Question, ReviewLog
from tests.conftest import post_form
from tests.study.conftest import answer_fields


def start(learner, **fields):
    data = {"count": "4", **fields}
    return post_form(learner.client, "/study/practice", data)


def answer_all(learner, test_path: str, right_positions: set[int]) -> str:
    position = 0
    while True:
        page = learner.client.get(test_path, follow_redirects=True).get_data(as_text=True)
        if "Your score" in page:
            return page
        question = learner.question(page)
        fields = answer_fields(question.data, right=position in right_positions)
        envelope = learner.envelope(page)
        envelope["position"] = (
            re.search(r'name="position"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="position"', page).group(1)
            or ""
        )
        response = learner.client.post(f"{test_path}/answer", data={**envelope, **fields})
        assert response.status_code == 302
        position += 1
        assert position < 60


def test_practice_test_from_one_section_and_kind_is_scored(learner, loaded_app):
    response = start(learner, sections=["history"], kinds=["multiple_choice"])
    assert response.status_code == 302
    test_path = response.headers["Location"]
    with loaded_app.app_context():
        test = db.session.scalar(select(PracticeTest))
        questions = [db.session.get(Question, qid) for qid in test.question_ids]
        assert len(questions) == 4
        assert {q.kind for q in questions} == {"multiple_choice"}
        assert {q.fact.section_id for q in questions} == {"history"}
        assert len({q.fact_id for q in questions}) == 4  # one question per fact
    results = answer_all(learner, test_path, right_positions={0, 1, 2})
    assert "Your score: 75%" in results
    assert "3 of 4 fully right" in results
    with loaded_app.app_context():
        test = db.session.scalar(select(PracticeTest))
        assert test.finished_at is not None and test.correct_count == 3
        logs = db.session.scalars(select(ReviewLog).where(ReviewLog.source == "practice")).all()
        assert len(logs) == 4
        # New facts: every answer is their first review, so each one moves the schedule.
        assert all(log.affects_schedule for log in logs)
        assert db.session.scalar(select(func.count()).select_from(Card)) == 4


def test_practice_on_facts_not_due_moves_the_schedule_right_or_wrong(learner, loaded_app, clock):
    """EARLY_ANSWER_RULE: every answer is a review at its real elapsed time, right or wrong."""
    for _ in range(8):  # flashcards rated Easy go straight to day-long intervals
        learner.answer_current(rating=4)
    with loaded_app.app_context():
        cards_before = {c.fact_id: c.memory for c in db.session.scalars(select(Card))}
    studied = sorted(fact_id for fact_id, memory in cards_before.items() if memory["state"] == "review")[:3]
    assert len(studied) == 3
    with loaded_app.app_context():
        question_ids = [
            db.session.scalar(
                select(Question.id).where(Question.fact_id == fact_id, Question.kind == "true_false")
            )
            for fact_id in studied
        ]
        test = PracticeTest(
            user_id=learner_id(loaded_app),
            section_ids=[],
            kinds=["true_false"],
            question_ids=question_ids,
            correct_count=0,
        )
        db.session.add(test)
        db.session.commit()
        path = f"/study/practice/{test.id}"
    clock.advance(hours=2)
    answer_all(learner, path, right_positions={0, 1})  # the third one wrong
    with loaded_app.app_context():
        logs = {
            log.fact_id: log
            for log in db.session.scalars(select(ReviewLog).where(ReviewLog.source == "practice"))
        }
        cards_after = {c.fact_id: c.memory for c in db.session.scalars(select(Card))}
    for fact_id in studied[:2]:  # right and not due: an early review, two hours after the last
        log = logs[fact_id]
        assert log.correct and log.affects_schedule and log.rating > 1
        assert log.state_before == cards_before[fact_id] and log.state_after == cards_after[fact_id]
        assert cards_after[fact_id]["last_review"] != cards_before[fact_id]["last_review"]
        assert cards_after[fact_id]["stability"] >= cards_before[fact_id]["stability"]
    wrong = logs[studied[2]]  # wrong: a lapse, as on the study page
    assert not wrong.correct and wrong.affects_schedule and wrong.rating == 1
    assert cards_after[studied[2]]["state"] == "relearning"


def learner_id(app) -> int:
    from quizapp.models import User

    return db.session.scalar(select(User.id))


def test_resent_practice_answer_is_kept_once(learner, loaded_app):
    test_path = start(learner, kinds=["multiple_choice"], count="3").headers["Location"]
    page = learner.page(test_path)
    question = learner.question(page)
    envelope = {**learner.envelope(page), "position": "0", **answer_fields(question.data, right=True)}
    learner.client.post(f"{test_path}/answer", data=envelope)
    learner.client.post(f"{test_path}/answer", data=envelope)
    with loaded_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ReviewLog)) == 1
        assert len(db.session.scalar(select(PracticeTest)).answers) == 1


def test_bad_practice_requests(learner, loaded_app):
    assert start(learner, count="500").status_code == 400
    assert "between 3 and 50" in start(learner, count="500").get_data(as_text=True)
    assert start(learner, kinds=["not-a-kind"]).status_code == 400
    test_path = start(learner, count="3").headers["Location"]
    page = learner.page(test_path)
    envelope = learner.envelope(page)
    assert learner.client.post(f"{test_path}/answer", data={**envelope, "position": "99"}).status_code == 400
    other = loaded_app.test_client()
    from tests.conftest import AuthActions

    AuthActions(other).sign_up(email="someone@example.org")
    assert other.get(test_path).status_code == 404


def test_a_test_shorter_than_asked_for_says_why(learner, loaded_app):
    response = start(learner, sections=["history"], kinds=["multiple_choice"], count="50")
    assert response.status_code == 302
    with loaded_app.app_context():
        test = db.session.scalar(select(PracticeTest))
        given = len(test.question_ids)
        facts = {db.session.get(Question, qid).fact_id for qid in test.question_ids}
    assert 3 <= given < 50 and len(facts) == given
    page = learner.client.get(response.headers["Location"]).get_data(as_text=True)
    assert (
        f"You asked for 50 questions; the sections and question kinds you chose cover {given} facts" in page
    )
    assert f"so this test has {given}" in page
    assert f"of {given}</span>" in page


def test_a_test_with_every_question_asked_for_says_nothing_more(learner, loaded_app):
    response = start(learner, sections=["history"], kinds=["multiple_choice"], count="3")
    page = learner.client.get(response.headers["Location"]).get_data(as_text=True)
    assert "You asked for" not in page
