"""A teacher, a class and learners on the loaded bank, acting through the real pages."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from quizapp.auth.accounts import create_account
from quizapp.extensions import db
from quizapp.models import Classroom, Question, Quiz, QuizAttempt, Role
from tests.conftest import STRONG_PASSWORD, AuthActions, post_form
from tests.study.conftest import answer_fields

HIDDEN = re.compile(
    r'<input[^>]*name="(csrf_token|question_id|submission_key|shown_at|position)"[^>]*value="([^"]*)"'
)
HIDDEN_REVERSED = re.compile(
    r'<input[^>]*value="([^"]*)"[^>]*name="(csrf_token|question_id|submission_key|shown_at|position)"'
)
KINDS = ["multiple_choice", "true_false", "typed", "multi_select", "ordering", "matching"]


def account(app: Flask, email: str, role: Role = Role.LEARNER) -> str:
    with app.app_context():
        create_account(email, STRONG_PASSWORD, email.split("@")[0].title(), role)
        db.session.commit()
    return email


def signed_in(app: Flask, email: str | None) -> FlaskClient:
    client = app.test_client()
    if email:
        AuthActions(client).sign_in(email=email)
    return client


def make_class(app: Flask, teacher: FlaskClient, name: str = "Period 3") -> Classroom:
    response = post_form(teacher, "/classes/", {"name": name})
    assert response.status_code == 302
    with app.app_context():
        classroom = db.session.scalar(select(Classroom).where(Classroom.name == name))
        db.session.expunge(classroom)
        return classroom


def join(client: FlaskClient, code: str) -> None:
    post_form(client, "/join", {"code": code}, form_page="/classes/")


def build_quiz(
    app: Flask, teacher: FlaskClient, class_id: int, count: int = 4, kinds=KINDS, title="Week 1 quiz", **data
) -> int:
    response = post_form(
        teacher,
        f"/classes/{class_id}/quizzes",
        {"title": title, "count": str(count), "kinds": list(kinds), **data},
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return int(re.search(r"/quizzes/(\d+)/edit", response.headers["Location"]).group(1))


def save_settings(teacher: FlaskClient, quiz_id: int, **settings):
    data = {"title": "Week 1 quiz", "attempts_allowed": "1", "show_answers": "after_submit"}
    data.update({k: v for k, v in settings.items() if v is not None})
    return post_form(teacher, f"/quizzes/{quiz_id}/edit", data)


def assign(teacher: FlaskClient, quiz_id: int):
    return post_form(teacher, f"/quizzes/{quiz_id}/assign", {}, form_page=f"/quizzes/{quiz_id}/edit")


def quiz_row(app: Flask, quiz_id: int) -> Quiz:
    with app.app_context():
        quiz = db.session.get(Quiz, quiz_id)
        db.session.expunge(quiz)
        return quiz


@dataclass
class Taker:
    """A learner taking a quiz through the real pages."""

    app: Flask
    client: FlaskClient

    def start(self, quiz_id: int) -> int:
        response = post_form(self.client, f"/quizzes/{quiz_id}/start", {}, form_page=f"/quizzes/{quiz_id}")
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        match = re.search(r"/attempts/(\d+)$", response.headers["Location"])
        assert match, response.headers["Location"]
        return int(match.group(1))

    def page(self, attempt_id: int) -> str:
        response = self.client.get(f"/attempts/{attempt_id}")
        assert response.status_code == 200, (response.status_code, response.headers.get("Location"))
        return response.get_data(as_text=True)

    @staticmethod
    def envelope(page: str) -> dict[str, str]:
        fields = {name: value for name, value in HIDDEN.findall(page)}
        fields.update({name: value for value, name in HIDDEN_REVERSED.findall(page)})
        return fields

    def question(self, page: str) -> Question:
        with self.app.app_context():
            question = db.session.get(Question, self.envelope(page)["question_id"])
            db.session.expunge(question)
            return question

    def answer(self, attempt_id: int, right: bool, page: str | None = None):
        page = page or self.page(attempt_id)
        question = self.question(page)
        data = {**self.envelope(page), **answer_fields(question.data, right)}
        return question, self.client.post(f"/attempts/{attempt_id}/answer", data=data), data

    def submit(self, attempt_id: int):
        return post_form(
            self.client, f"/attempts/{attempt_id}/submit", {}, form_page=f"/attempts/{attempt_id}"
        )


def attempt_row(app: Flask, attempt_id: int) -> QuizAttempt:
    with app.app_context():
        attempt = db.session.get(QuizAttempt, attempt_id)
        _ = attempt.answers
        db.session.expunge_all()
        return attempt
