"""Who reaches which live-quiz route: every route × anonymous, guest, the class's learner, another
class's learner, another teacher, the teacher, admin and a nickname player. Denied people change nothing."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import LiveAnswer, LivePlayer, Question, Role
from tests.conftest import AuthActions
from tests.live.helpers import Host, Player, live_row, start_live
from tests.quizzes.helpers import Taker, account, build_quiz, join, make_class, signed_in
from tests.study.conftest import Clock, answer_fields

HOSTS = {"teacher", "admin"}
PLAYER = {"player"}
EVERYONE = {None, "guest", "learner", "outsider", "other_teacher", "teacher", "admin", "player"}

# (method, path, who may), in an order where allowed POSTs don't undo what later routes need.
ROUTES = [
    ("get", "/play", EVERYONE),
    ("get", "/play/{code}", EVERYONE),
    ("get", "/live/{sid}/host", HOSTS),
    ("get", "/live/{sid}/host/state", HOSTS),
    ("get", "/live/{sid}/results", HOSTS),
    ("get", "/live/{sid}/players.csv", HOSTS),
    ("get", "/live/{sid}/questions.csv", HOSTS),
    ("get", "/live/{sid}/play", PLAYER),
    ("get", "/live/{sid}/state", PLAYER),
    ("post", "/live/{sid}/answer", PLAYER),
    ("post", "/live/{sid}/host/reveal", HOSTS),
    ("post", "/live/{sid}/host/next", HOSTS),
    ("post", "/live/{sid}/host/finish", HOSTS),
    ("post", "/quizzes/{qid}/live", HOSTS),
]


def snapshot(app, session_id):
    row = live_row(app, session_id)
    with app.app_context():
        players = db.session.scalar(select(func.count()).select_from(LivePlayer))
        answers = db.session.scalar(select(func.count()).select_from(LiveAnswer))
    return (row.phase, row.position, row.version, players, answers)


@pytest.mark.parametrize("who", sorted(EVERYONE, key=str))
def test_every_live_route_for_every_role(loaded_app, who):
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
    join(signed_in(app, emails["learner"]), classroom.join_code)
    join(signed_in(app, emails["outsider"]), other_class.join_code)
    quiz_id = build_quiz(app, teacher, classroom.id, count=2, kinds=["multiple_choice"])
    session_id = start_live(teacher, quiz_id)
    code = live_row(app, session_id).join_code
    nick = Player(app, app.test_client())
    nick.join(code, "Nick")
    Host(teacher, session_id).press("next", -1)
    page = nick.phone()
    envelope = Taker.envelope(page)
    envelope.pop("csrf_token")
    with app.app_context():
        answer = answer_fields(db.session.get(Question, envelope["question_id"]).data, True)

    if who == "guest":
        client = app.test_client()
        AuthActions(client).try_as_guest()
    elif who == "player":
        client = nick.client
    else:
        client = signed_in(app, emails[who] if who else None)
    token = re.search(
        r'name="csrf_token"[^>]*value="([^"]+)"', client.get("/play").get_data(as_text=True)
    ).group(1)
    bodies = {
        "/live/{sid}/answer": {**envelope, **answer},
        "/live/{sid}/host/reveal": {"position": "0"},
        "/live/{sid}/host/next": {"position": "0"},
        "/live/{sid}/host/finish": {"position": "1"},
        "/quizzes/{qid}/live": {"seconds_per_question": "20"},
    }

    for method, path, allowed_for in ROUTES:
        url = path.format(sid=session_id, qid=quiz_id, code=code)
        before = snapshot(app, session_id)
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
            assert snapshot(app, session_id) == before, (who, method, url)

    row = live_row(app, session_id)
    with app.app_context():
        answers = db.session.scalar(select(func.count()).select_from(LiveAnswer))
    assert answers == (1 if who == "player" else 0)
    assert row.phase == ("finished" if who in HOSTS else "question")
