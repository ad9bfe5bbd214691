"""A learner at the study page with a clock the test controls."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient

from quizapp.extensions import db
from quizapp.models import Question
from tests.conftest import AuthActions

HIDDEN = re.compile(
    r'<input[^>]*name="(csrf_token|question_id|submission_key|shown_at|sections|mode)"[^>]*value="([^"]*)"'
)
HIDDEN_REVERSED = re.compile(
    r'<input[^>]*value="([^"]*)"[^>]*name="(csrf_token|question_id|submission_key|shown_at|sections|mode)"'
)


@dataclass
class Clock:
    now: datetime = field(default_factory=lambda: datetime(2026, 3, 2, 9, 0, tzinfo=UTC))

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


@dataclass
class Learner:
    """Studies through the real pages: reads the page's hidden fields, answers, follows redirects."""

    app: Flask
    client: FlaskClient
    clock: Clock

    def page(self, path: str = "/study/") -> str:
        response = self.client.get(path)
        assert response.status_code == 200, response.status_code
        return response.get_data(as_text=True)

    def envelope(self, page: str) -> dict[str, str]:
        fields = {name: value for name, value in HIDDEN.findall(page)}
        fields.update({name: value for value, name in HIDDEN_REVERSED.findall(page)})
        return fields

    def question(self, page: str) -> Question:
        question_id = self.envelope(page)["question_id"]
        with self.app.app_context():
            question = db.session.get(Question, question_id)
            db.session.expunge(question)
            return question

    def right_answer(self, question: Question) -> dict:
        return answer_fields(question.data, right=True)

    def wrong_answer(self, question: Question) -> dict:
        return answer_fields(question.data, right=False)

    def answer(self, page: str, fields: dict, **kwargs):
        data = {**self.envelope(page), **fields}
        return self.client.post("/study/answer", data=data, **kwargs)

    def answer_current(self, right: bool = True, rating: int = 3):
        """Answer whatever the page shows: flashcards with `rating`, others right or wrong."""
        page = self.page()
        question = self.question(page)
        if question.kind == "flashcard":
            fields = {"rating": str(rating if right else 1)}
        else:
            fields = self.right_answer(question) if right else self.wrong_answer(question)
        response = self.answer(page, fields)
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return question, response


def answer_fields(data: dict, right: bool) -> dict:
    """The form fields a person would fill to answer this question right (or wrong)."""
    kind, answer, choices = data["kind"], data["answer"], data["choices"]
    if kind == "multiple_choice":
        index = answer if right else (answer + 1) % len(choices)
        return {"choice": str(index)}
    if kind == "true_false":
        said = answer if right else not answer
        return {"choice": str(choices.index("True" if said else "False"))}
    if kind in {"typed", "numeric"}:
        return {"text": str(data["answer_text"] or answer) if right else "zzz not it"}
    if kind == "multi_select":
        chosen = answer if right else [i for i in range(len(choices)) if i not in answer]
        return {"choice": [str(i) for i in chosen]}
    if kind == "ordering":
        order = list(answer) if right else list(reversed(answer))
        return {f"place-{item}": str(place + 1) for place, item in enumerate(order)}
    if kind in {"matching", "comparison"}:
        pairs = {int(i): int(j) for i, j in answer}
        if not right:
            pairs = {i: (j + 1) % len(choices) for i, j in pairs.items()}
        return {f"pair-{i}": str(j) for i, j in pairs.items()}
    raise AssertionError(f"unknown kind {kind}")


@pytest.fixture
def clock(loaded_app) -> Clock:
    clock = Clock()
    loaded_app.config["CLOCK"] = clock
    return clock


@pytest.fixture
def learner(loaded_app, clock) -> Learner:
    client = loaded_app.test_client()
    AuthActions(client).sign_up(email="learner@example.org")
    return Learner(loaded_app, client, clock)
