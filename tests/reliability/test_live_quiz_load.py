"""A live quiz under real gunicorn with two workers: 40 players join and answer one question at
the same moment; every answer is stored exactly once, nothing fails, and after the whole server
restarts every phone and the projector carry on where they were."""

from __future__ import annotations

import random
import re
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

from quizapp.auth.accounts import create_account
from quizapp.classes.service import create_class
from quizapp.clock import utcnow
from quizapp.extensions import db
from quizapp.live.service import start_session
from quizapp.models import Role
from quizapp.quizzes.service import create_quiz
from tests.conftest import make_app
from tests.reliability.learners import ATTRIBUTE, HIDDEN_INPUT, Learner, page_csrf_token

PLAYERS = 40
PASSWORD = "a long and memorable passphrase"
ANSWER_FORM = re.compile(r'<form method="post" action="(/live/\d+/answer)"[^>]*>(.*?)</form>', re.S)


def _prepare_session(database) -> tuple[int, str]:
    """A teacher, a class, a two-question quiz and a live session in its lobby, written to `database`."""
    app = make_app(database)
    with app.app_context():
        teacher = create_account("teach@example.org", PASSWORD, "Ms Teach", Role.TEACHER)
        classroom = create_class(teacher, "Period 3")
        quiz = create_quiz(classroom, "Warm-up", [], ["multiple_choice"], 2, utcnow(), random.Random(1))
        session = start_session(quiz, teacher, 120, utcnow())
        db.session.commit()
        result = session.id, session.join_code
        db.engine.dispose()
    return result


def _answer_form(page: str) -> tuple[str, dict[str, str]]:
    found = ANSWER_FORM.search(page)
    assert found, "no question on the phone"
    form = {}
    for tag in HIDDEN_INPUT.findall(found.group(2)):
        attributes = dict(ATTRIBUTE.findall(tag))
        form[attributes["name"]] = attributes.get("value", "")
    form["choice"] = "0"
    return found.group(1), form


def _press(host: Learner, session_id: int, action: str, position: int) -> None:
    status, page = host.request(f"/live/{session_id}/host")
    assert status == 200, status
    status, _ = host.request(
        f"/live/{session_id}/host/{action}", {"csrf_token": page_csrf_token(page), "position": str(position)}
    )
    assert status == 302, status


def test_forty_players_answer_one_live_question_at_once(server_database, gunicorn):
    session_id, code = _prepare_session(server_database)
    server = gunicorn(server_database, workers=2)

    host = Learner(server.url)
    status, page = host.request("/signin")
    status, _ = host.request(
        "/signin", {"csrf_token": page_csrf_token(page), "email": "teach@example.org", "password": PASSWORD}
    )
    assert status == 302, status

    players = [Learner(server.url) for _ in range(PLAYERS)]

    def join(numbered: tuple[int, Learner]) -> int:
        number, player = numbered
        status, page = player.request(f"/play/{code}")
        assert status == 200, status
        status, _ = player.request(
            "/play", {"csrf_token": page_csrf_token(page), "code": code, "nickname": f"Player {number}"}
        )
        return status

    with ThreadPoolExecutor(max_workers=PLAYERS) as pool:
        assert list(pool.map(join, enumerate(players))) == [302] * PLAYERS
    _press(host, session_id, "next", -1)

    forms = [_answer_form(player.request(f"/live/{session_id}/play")[1]) for player in players]
    start_line = threading.Barrier(PLAYERS)

    def answer(index: int) -> int:
        path, form = forms[index]
        start_line.wait()  # all forty tap at the same moment
        return players[index].request(path, form)[0]

    with ThreadPoolExecutor(max_workers=PLAYERS) as pool:
        statuses = list(pool.map(answer, range(PLAYERS)))
    assert statuses == [302] * PLAYERS

    # A phone that did not see the reply sends its answer again: still one answer each.
    assert players[0].request(*forms[0])[0] == 302

    def stored() -> list[tuple[int, int]]:
        with sqlite3.connect(server_database) as connection:
            return connection.execute(
                "SELECT player_id, COUNT(*) FROM live_answer WHERE session_id = ? GROUP BY player_id",
                (session_id,),
            ).fetchall()

    rows = stored()
    assert len(rows) == PLAYERS and all(count == 1 for _player, count in rows)

    # The whole server restarts mid-game: phones and projector carry on from the database.
    server.stop()
    logs = [server.log_text()]
    server = gunicorn(server_database, workers=2)
    for player in [host, *players]:
        player.base_url = server.url
    status, phone = players[7].request(f"/live/{session_id}/play")
    assert status == 200 and "Answer locked in" in phone
    _press(host, session_id, "reveal", 0)
    status, projector = host.request(f"/live/{session_id}/host")
    assert f"of {PLAYERS}</strong> answered right" in projector
    assert len(stored()) == PLAYERS

    for log in [*logs, server.log_text()]:
        assert "database is locked" not in log and "Traceback" not in log
