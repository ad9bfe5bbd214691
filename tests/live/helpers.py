"""A live session driven through the real pages: a host with a projector, players with phones."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask import Flask
from flask.testing import FlaskClient

from quizapp.extensions import db
from quizapp.models import LiveSession, Question
from tests.conftest import csrf_token, post_form
from tests.quizzes.helpers import Taker
from tests.study.conftest import answer_fields

SESSION_URL = re.compile(r"/live/(\d+)/(?:host|play)$")


def start_live(teacher: FlaskClient, quiz_id: int, seconds: int = 20) -> int:
    response = post_form(
        teacher,
        f"/quizzes/{quiz_id}/live",
        {"seconds_per_question": str(seconds)},
        form_page=f"/quizzes/{quiz_id}/edit",
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return int(SESSION_URL.search(response.headers["Location"]).group(1))


def live_row(app: Flask, session_id: int) -> LiveSession:
    with app.app_context():
        row = db.session.get(LiveSession, session_id)
        db.session.expunge(row)
        return row


@dataclass
class Host:
    client: FlaskClient
    session_id: int

    def projector(self) -> str:
        response = self.client.get(f"/live/{self.session_id}/host")
        assert response.status_code == 200, response.status_code
        return response.get_data(as_text=True)

    def press(self, action: str, position: int):
        token = csrf_token(self.client, f"/live/{self.session_id}/host")
        return self.client.post(
            f"/live/{self.session_id}/host/{action}", data={"csrf_token": token, "position": str(position)}
        )

    def signature(self) -> str:
        return self.client.get(f"/live/{self.session_id}/host/state").get_json()["signature"]


@dataclass
class Player:
    app: Flask
    client: FlaskClient
    session_id: int | None = None

    def join(self, code: str, nickname: str = ""):
        response = post_form(self.client, "/play", {"code": code, "nickname": nickname})
        if response.status_code == 302:
            self.session_id = int(SESSION_URL.search(response.headers["Location"]).group(1))
        return response

    def phone(self) -> str:
        response = self.client.get(f"/live/{self.session_id}/play")
        assert response.status_code == 200, response.status_code
        return response.get_data(as_text=True)

    def answer(self, right: bool, page: str | None = None):
        page = page or self.phone()
        fields = Taker.envelope(page)
        assert "question_id" in fields, "no question on the phone"
        with self.app.app_context():
            data = db.session.get(Question, fields["question_id"]).data
        return self.client.post(
            f"/live/{self.session_id}/answer", data={**fields, **answer_fields(data, right)}
        )
