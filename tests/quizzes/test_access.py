"""Who reaches which quiz route: every route × anonymous, guest, the class's learner, another
class's learner, another teacher, the teacher, admin. Denied people change nothing."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Question, Quiz, QuizAnswer, QuizAttempt, Role
from tests.conftest import AuthActions
from tests.quizzes.helpers import Taker, account, assign, build_quiz, join, make_class, quiz_row, signed_in
from tests.study.conftest import Clock, answer_fields

TEACHER = {"teacher", "admin"}
LEARNER = {"learner"}

# (method, path, who may) in an order where allowed POSTs don't undo what later routes need.
ROUTES = [
    ("get", "/classes/{cid}/quizzes", TEACHER),
    ("get", "/quizzes/{qid}/edit", TEACHER),
    ("get", "/quizzes/{qid}/pick", TEACHER),
    ("get", "/quizzes/{qid}/preview", TEACHER),
    ("get", "/quizzes/{qid}/results", TEACHER),
    ("get", "/quizzes/{qid}/results.csv", TEACHER),
    ("get", "/quizzes/{qid}/items.csv", TEACHER),
    ("post", "/classes/{cid}/quizzes", TEACHER),
    ("post", "/quizzes/{qid}/edit", TEACHER),
    ("post", "/quizzes/{qid}/questions/0/down", TEACHER),
    ("post", "/quizzes/{qid}/questions/1/remove", TEACHER),
    ("post", "/quizzes/{qid}/pick", TEACHER),
    ("post", "/quizzes/{qid}/duplicate", TEACHER),
    ("post", "/quizzes/{qid}/assign", TEACHER),
    ("get", "/quizzes/{qid}", LEARNER),
    ("post", "/quizzes/{qid}/start", LEARNER),
    ("get", "/attempts/{aid}", LEARNER),
    ("post", "/attempts/{aid}/answer", LEARNER),
    ("get", "/attempts/{aid}/review", LEARNER),
    ("post", "/attempts/{aid}/submit", LEARNER),
    ("post", "/quizzes/{qid}/unassign", TEACHER),
]


def snapshot(app, quiz_id):
    quiz = quiz_row(app, quiz_id)
    with app.app_context():
        quizzes = db.session.scalar(select(func.count()).select_from(Quiz))
        answers = db.session.scalar(select(func.count()).select_from(QuizAnswer))
    return (quiz.title, quiz.question_ids, quiz.assigned_at, quiz.attempts_allowed, quizzes, answers)


@pytest.mark.parametrize("who", [None, "guest", "learner", "outsider", "other_teacher", "teacher", "admin"])
def test_every_quiz_route_for_every_role(loaded_app, who):
    app = loaded_app
    app.config["CLOCK"] = Clock()
    emails = {
        "teacher": account(app, "teacher@example.org", Role.TEACHER),
        "other_teacher": account(app, "other@example.org", Role.TEACHER),
        "learner": account(app, "learner@example.org"),
        "outsider": account(app, "outsider@example.org"),
        "admin": account(app, "admin@example.org", Role.ADMIN),
    }
    teacher = signed_in(app, emails["teacher"])
    classroom = make_class(app, teacher)
    other_class = make_class(app, signed_in(app, emails["other_teacher"]), name="Other class")
    learner = Taker(app, signed_in(app, emails["learner"]))
    join(learner.client, classroom.join_code)
    join(signed_in(app, emails["outsider"]), other_class.join_code)
    quiz_id = build_quiz(app, teacher, classroom.id, count=3)
    assign(teacher, quiz_id)
    attempt_id = learner.start(quiz_id)
    page = learner.page(attempt_id)
    envelope = learner.envelope(page)
    envelope.pop("csrf_token")
    answer = answer_fields(learner.question(page).data, True)
    with app.app_context():
        extra = db.session.scalar(
            select(Question.id)
            .where(Question.kind == "typed", Question.id.not_in(quiz_row(app, quiz_id).question_ids))
            .limit(1)
        )
    bodies = {
        "/classes/{cid}/quizzes": {"title": "Another", "count": "3"},
        "/quizzes/{qid}/edit": {"title": "Renamed", "attempts_allowed": "2", "show_answers": "after_submit"},
        "/quizzes/{qid}/pick": {"question_id": extra},
        "/attempts/{aid}/answer": {**envelope, **answer},
    }

    if who == "guest":
        client = app.test_client()
        AuthActions(client).try_as_guest()
    elif who == "learner":
        client = learner.client
    else:
        client = signed_in(app, emails[who] if who else None)
    token_page = client.get("/signin" if who is None else "/classes/").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', token_page).group(1)

    for method, path, allowed_for in ROUTES:
        url = path.format(cid=classroom.id, qid=quiz_id, aid=attempt_id)
        before = snapshot(app, quiz_id)
        if method == "get":
            response = client.get(url)
        else:
            response = client.post(url, data={"csrf_token": token, **bodies.get(path, {})})
        status = response.status_code
        if who in allowed_for:
            assert status in {200, 302}, (who, method, url, status)
            if status == 302:
                assert "/signin" not in response.headers["Location"], (who, url)
        else:
            assert status in {302, 403, 404}, (who, method, url, status)
            if status == 302:
                assert "/signin" in response.headers["Location"], (who, url)
            assert snapshot(app, quiz_id) == before, (who, method, url)

    with app.app_context():
        attempt = db.session.get(QuizAttempt, attempt_id)
        if who == "learner":
            assert len(attempt.answers) == 1 and attempt.closed_reason == "submitted"
        else:
            assert attempt.answers == [] and attempt.is_open
    if who in TEACHER:
        quiz = quiz_row(app, quiz_id)
        assert quiz.title == "Renamed" and quiz.is_draft and extra in quiz.question_ids
