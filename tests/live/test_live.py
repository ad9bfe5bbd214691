"""Live quizzes through the test client: start, join (account or nickname), questions, answers
stored once, the deadline, reveal, leaderboard and podium, results and CSV, and who may see what."""

from __future__ import annotations

import csv
import io
import re
import threading
from datetime import timedelta

import pytest
from flask import g
from sqlalchemy import func, select, update

from quizapp.database import begin_writing
from quizapp.extensions import db
from quizapp.live import service as live
from quizapp.live.rules import FULL_POINTS, GRACE_SECONDS, points_for
from quizapp.models import Card, LiveAnswer, LivePlayer, LiveSession, Question, ReviewLog, Role, User
from tests.conftest import csrf_token
from tests.live.helpers import Host, Player, live_row, start_live
from tests.quizzes.helpers import Taker, account, build_quiz, join, make_class, save_settings, signed_in
from tests.study.conftest import Clock, clock  # noqa: F401  (the controlled clock fixture)

CHOICE_KINDS = ["multiple_choice", "true_false"]


@pytest.fixture
def room(loaded_app, clock):
    """A teacher with a three-question quiz (speed points on) started live, and the session's code."""
    app = loaded_app
    account(app, "teacher@example.org", Role.TEACHER)
    teacher = signed_in(app, "teacher@example.org")
    classroom = make_class(app, teacher)
    quiz_id = build_quiz(app, teacher, classroom.id, count=3, kinds=CHOICE_KINDS)
    save_settings(teacher, quiz_id, speed_points="y")
    session_id = start_live(teacher, quiz_id, seconds=20)
    code = live_row(app, session_id).join_code
    return app, Host(teacher, session_id), code, quiz_id, classroom


def answers_stored(app, session_id: int) -> int:
    with app.app_context():
        return db.session.scalar(
            select(func.count()).select_from(LiveAnswer).where(LiveAnswer.session_id == session_id)
        )


def ana_on_the_first_question(room):
    """Ana joins, the host asks the first question, and her phone shows it: (app, host, Ana, page)."""
    app, host, code, _quiz_id, _ = room
    ana = Player(app, app.test_client())
    ana.join(code, "Ana")
    host.press("next", -1)
    return app, host, ana, ana.phone()


def test_points_rule():
    assert points_for(1.0, 0, 20, speed_points=False) == FULL_POINTS
    assert points_for(1.0, 19, 20, speed_points=False) == FULL_POINTS
    assert points_for(0.0, 0, 20, speed_points=True) == 0
    assert points_for(1.0, 0, 20, speed_points=True) == 1000
    assert points_for(1.0, 10, 20, speed_points=True) == 750
    assert points_for(1.0, 20, 20, speed_points=True) == 500
    assert points_for(1.0, 99, 20, speed_points=True) == 500
    assert points_for(0.5, 0, 20, speed_points=True) == 500


def test_a_whole_live_game_from_lobby_to_podium(room, clock):
    app, host, code, quiz_id, _classroom = room
    lobby = host.projector()
    assert code[:3] + "-" + code[3:] in lobby and "<svg" in lobby and "Waiting for the first player" in lobby

    ana = Player(app, app.test_client())
    assert ana.join(code.lower(), "Ana").status_code == 302
    account(app, "bo@example.org")
    bo = Player(app, signed_in(app, "bo@example.org"))
    assert bo.join(code).status_code == 302  # an account plays under its own name
    assert "You&#39;re in, Bo!" in bo.phone() or "You're in, Bo!" in bo.phone()
    lobby = host.projector()
    assert "Ana" in lobby and "Bo" in lobby and "2 players" in lobby

    # Question 1: Ana right after 5 s, Bo wrong after 10 s.
    assert host.press("next", -1).status_code == 302
    assert live_row(app, host.session_id).phase == "question"
    before = host.signature()
    clock.advance(seconds=5)
    assert ana.answer(right=True).status_code == 302
    assert host.signature() != before  # the projector sees an answer arrive
    clock.advance(seconds=5)
    bo_page = bo.phone()
    assert bo.answer(right=False, page=bo_page).status_code == 302
    assert "Answer locked in" in ana.phone()
    # Bo's phone resends the same answer: stored once.
    bo.answer(right=False, page=bo_page)
    assert answers_stored(app, host.session_id) == 2

    host.press("reveal", 0)
    projector = host.projector()
    assert "1 of 2</strong> answered right" in projector and "Leaderboard" in projector
    assert "Right!" in ana.phone() and "+875" in ana.phone()  # 1000 × (1 − 5/20/2)
    assert "Not quite" in bo.phone()

    # A stale "next" (an old tab, a double click) does not skip a question.
    host.press("next", 0)
    host.press("next", 0)
    assert live_row(app, host.session_id).position == 1

    # Question 2: only Bo answers; the host reveals early.
    clock.advance(seconds=2)
    bo.answer(right=True)
    host.press("reveal", 1)
    assert "No answer" in ana.phone()
    host.press("next", 1)
    # Question 3: both right at once.
    ana.answer(right=True)
    bo.answer(right=True)
    host.press("reveal", 2)
    host.press("next", 2)  # after the last question: the podium
    row = live_row(app, host.session_id)
    assert row.phase == "finished" and row.finished_at is not None

    podium = host.projector()
    assert "Podium" in podium
    ana_total, bo_total = 875 + 1000, 950 + 1000  # Bo: right after 2 s on question 2
    assert podium.index("Bo") < podium.index("Ana")
    assert f"{bo_total} points" in podium and f"{ana_total} points" in podium
    phone = ana.phone()
    assert "You finished 2 of 2" in phone and "Your answers" in phone

    results = host.client.get(f"/live/{host.session_id}/results").get_data(as_text=True)
    assert "Live results" in results and "Ana" in results
    players = list(
        csv.DictReader(
            io.StringIO(host.client.get(f"/live/{host.session_id}/players.csv").get_data(as_text=True))
        )
    )
    assert [
        (p["rank"], p["nickname"], p["points"], p["correct"], p["account"], p["email"]) for p in players
    ] == [
        ("1", "Bo", str(bo_total), "2", "yes", "bo@example.org"),
        ("2", "Ana", str(ana_total), "2", "no", ""),
    ]
    questions = list(
        csv.DictReader(
            io.StringIO(host.client.get(f"/live/{host.session_id}/questions.csv").get_data(as_text=True))
        )
    )
    assert [(q["answered"], q["correct"]) for q in questions] == [("2", "1"), ("1", "1"), ("2", "2")]
    # Live play is a game: it does not write to anyone's review log.
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ReviewLog)) == 0


def test_without_speed_points_the_board_counts_right_answers(room, clock):
    app, host, code, quiz_id, _ = room
    save_settings(host.client, quiz_id, speed_points=None)
    session_id = start_live(host.client, quiz_id)
    host = Host(host.client, session_id)
    ana = Player(app, app.test_client())
    ana.join(live_row(app, session_id).join_code, "Ana")
    host.press("next", -1)
    clock.advance(seconds=15)
    ana.answer(right=True)
    host.press("reveal", 0)
    assert "1 right" in host.projector() and "1000 points" not in host.projector()
    with app.app_context():
        assert db.session.scalar(select(LiveAnswer.points)) == FULL_POINTS


def test_a_quiz_set_to_feed_schedules_logs_signed_in_players_answers(room, clock):
    """The teacher's per-quiz setting, copied when the game starts: a signed-in player's answers
    become reviews (logged as live, moving the card); a nickname player's stay in the game only."""
    app, host, _code, quiz_id, _ = room
    assert save_settings(host.client, quiz_id, live_feeds_schedules="y").status_code == 302
    edit = host.client.get(f"/quizzes/{quiz_id}/edit").get_data(as_text=True)
    assert re.search(
        r'<input[^>]*checked[^>]*name="live_feeds_schedules"|<input[^>]*name="live_feeds_schedules"[^>]*checked',
        edit,
    )
    session_id = start_live(host.client, quiz_id)
    host = Host(host.client, session_id)
    code = live_row(app, session_id).join_code
    assert live_row(app, session_id).feeds_schedules
    assert "count towards players" in host.projector()
    account(app, "bo@example.org")
    bo = Player(app, signed_in(app, "bo@example.org"))
    bo.join(code)
    assert "count towards your study schedule" in bo.phone()
    ana = Player(app, app.test_client())
    ana.join(code, "Ana")
    assert "count towards your study schedule" not in ana.phone()
    host.press("next", -1)
    bo.answer(right=True)
    ana.answer(right=True)
    # Turning the setting off mid-game does not change the game already running.
    save_settings(host.client, quiz_id, live_feeds_schedules=None)
    host.press("reveal", 0)
    host.press("next", 0)
    bo.answer(right=False)
    with app.app_context():
        logs = db.session.scalars(select(ReviewLog).order_by(ReviewLog.id)).all()
        assert [(log.source, log.correct, log.affects_schedule) for log in logs] == [
            ("live", True, True),
            ("live", False, True),
        ]
        bo_id = db.session.scalar(select(User.id).where(User.email == "bo@example.org"))
        assert {log.user_id for log in logs} == {bo_id}
        assert db.session.scalar(select(func.count()).select_from(Card)) == 2
    # The next game of the same quiz takes the setting as it is now: off.
    next_session = start_live(host.client, quiz_id)
    assert not live_row(app, next_session).feeds_schedules


def test_answers_after_the_deadline_do_not_count(room, clock):
    app, host, ana, page = ana_on_the_first_question(room)
    clock.advance(seconds=20 + GRACE_SECONDS + 0.5)
    response = ana.answer(right=True, page=page)
    assert response.status_code == 302
    assert "Time was up" in ana.client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Time&#39;s up" in ana.phone() or "Time's up" in ana.phone()
    assert answers_stored(app, host.session_id) == 0


def test_an_answer_to_a_question_already_revealed_is_refused(room, clock):
    app, host, ana, page = ana_on_the_first_question(room)
    host.press("reveal", 0)
    ana.answer(right=True, page=page)
    assert answers_stored(app, host.session_id) == 0


class StaleAnswer:
    """Ana's answer to the first question as a request that read the game a moment ago takes it
    (under reads_before_writing, as the answer route does): whatever lands meanwhile lands after
    its reads, which is the race the answer's own statement has to settle."""

    def __init__(self, app, session_id: int):
        self.app, self.session_id = app, session_id
        self.context = app.test_request_context(f"/live/{session_id}/answer", method="POST")

    def __enter__(self):
        self.context.__enter__()
        g.write_transaction = False
        self.game = db.session.get(LiveSession, self.session_id)
        self.player = db.session.scalar(select(LivePlayer).where(LivePlayer.session_id == self.session_id))
        self.row, self.question = live.question_at(self.game, 0)
        return self

    def take(self, now):
        return live.answer(self.game, self.player, 0, self.row, self.question, 0, now)

    @staticmethod
    def meanwhile(action):
        """Run `action` as another request would: on a thread of its own, so with its own app
        context and database session (a client request on this thread would share this one's)."""
        results = []
        worker = threading.Thread(target=lambda: results.append(action()))
        worker.start()
        worker.join()
        assert results, "the other request failed"
        return results[0]

    def __exit__(self, *exc):
        db.session.rollback()
        return self.context.__exit__(*exc)


def test_an_answer_read_before_the_host_moved_on_is_refused(room, clock):
    app, host, _ana, _page = ana_on_the_first_question(room)
    with StaleAnswer(app, host.session_id) as stale:
        assert stale.meanwhile(lambda: host.press("reveal", 0)).status_code == 302
        with pytest.raises(live.LiveError, match="That question is over"):
            stale.take(clock.now)
    assert answers_stored(app, host.session_id) == 0


def test_an_answer_read_before_the_host_ended_the_time_is_refused(room, clock):
    app, host, _ana, _page = ana_on_the_first_question(room)
    with StaleAnswer(app, host.session_id) as stale:

        def cut_short():  # the question's end moved back in the database (as another worker would)
            with app.app_context():
                db.session.execute(
                    update(LiveSession)
                    .where(LiveSession.id == host.session_id)
                    .values(question_ends_at=clock.now - timedelta(seconds=GRACE_SECONDS + 1))
                )
                db.session.commit()
                return True

        stale.meanwhile(cut_short)
        with pytest.raises(live.LiveError, match="Time was up"):
            stale.take(clock.now)
    assert answers_stored(app, host.session_id) == 0


def test_a_resend_landing_after_the_first_copy_was_read_is_a_resend(room, clock):
    """The first copy is stored after the second one's request began reading: the second is told
    it was a resend (False), not that the question is over, and nothing is stored twice."""
    app, host, ana, page = ana_on_the_first_question(room)
    with StaleAnswer(app, host.session_id) as stale:
        assert stale.meanwhile(lambda: ana.answer(right=True, page=page)).status_code == 302
        assert stale.take(clock.now) is False
    assert answers_stored(app, host.session_id) == 1


def test_an_answer_taken_while_its_request_writes_joins_that_transaction(room, clock):
    """Where the request already holds the write lock (a caller that wrote first), the answer goes
    into the request's own transaction instead of waiting on a connection of its own for that lock."""
    app, host, _ana, _page = ana_on_the_first_question(room)
    with StaleAnswer(app, host.session_id) as stale:
        begin_writing()
        assert stale.take(clock.now) is True
        db.session.rollback()  # the request gives up: its answer goes with it
    assert answers_stored(app, host.session_id) == 0


def test_a_player_who_reconnects_keeps_their_answers(room, clock):
    app, host, code, _quiz_id, _ = room
    account(app, "bo@example.org")
    bo = Player(app, signed_in(app, "bo@example.org"))
    bo.join(code)
    ana = Player(app, app.test_client())
    ana.join(code, "Ana")
    host.press("next", -1)
    ana.answer(right=True)
    bo.answer(right=True)
    # Ana reloads (same cookie); Bo signs in on another phone.
    assert "Answer locked in" in ana.phone()
    bo_again = Player(app, signed_in(app, "bo@example.org"), host.session_id)
    assert "Answer locked in" in bo_again.phone()
    # Joining again with the code returns the same player, not a new one.
    assert bo_again.join(code).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(LivePlayer)) == 2
    # A stranger's browser is not Ana.
    stranger = app.test_client()
    assert stranger.get(f"/live/{host.session_id}/play").status_code == 404
    assert stranger.get(f"/live/{host.session_id}/state").status_code == 404


def test_a_resent_answer_is_stored_once_and_the_first_one_counts(room, clock):
    app, host, ana, page = ana_on_the_first_question(room)
    first = ana.answer(right=True, page=page)
    again = ana.answer(right=False, page=page)  # the same form sent twice (a double tap, a retry)
    assert first.status_code == again.status_code == 302
    with app.app_context():
        stored = db.session.scalars(select(LiveAnswer).where(LiveAnswer.session_id == host.session_id)).all()
        assert [(answer.position, answer.correct) for answer in stored] == [(0, True)]
    assert "Answer locked in" in ana.phone()


def test_a_phone_polls_its_session_by_cookie_or_by_account(room, clock):
    app, host, code, _quiz_id, _ = room
    account(app, "bo@example.org")
    ana = Player(app, app.test_client())
    ana.join(code, "Ana")
    bo = Player(app, signed_in(app, "bo@example.org"))
    bo.join(code)
    bo_elsewhere = signed_in(app, "bo@example.org")  # no player in this browser's cookie

    def state(client):
        response = client.get(f"/live/{host.session_id}/state")
        assert response.status_code == 200, response.status_code
        return response.get_json()

    lobby = state(ana.client)
    assert (lobby["phase"], lobby["position"]) == ("lobby", -1)
    assert state(bo_elsewhere) == state(bo.client) == lobby
    host.press("next", -1)
    asked = state(ana.client)
    assert (asked["phase"], asked["position"]) == ("question", 0)
    assert asked["signature"] != lobby["signature"]
    assert state(bo_elsewhere) == asked
    # Ana's cookie names her player for this session only; a browser that joined nothing finds nothing.
    assert ana.client.get(f"/live/{host.session_id + 1}/state").status_code == 404
    assert app.test_client().get(f"/live/{host.session_id}/state").status_code == 404


@pytest.mark.parametrize(
    ("code", "nickname", "message"),
    [
        ("ZZZZZZ", "Ana", "No live quiz is running with that code"),
        (None, "", "Choose a nickname to play"),
        (None, "ANA", "already has that nickname"),
        (None, "x" * 40, "at most 24 characters"),
        ("", "Cy", "Enter the code on the screen"),
    ],
)
def test_joining_refuses_bad_codes_and_nicknames_clearly(room, code, nickname, message):
    app, host, live_code, _quiz_id, _ = room
    Player(app, app.test_client()).join(live_code, "Ana")
    response = Player(app, app.test_client()).join(live_code if code is None else code, nickname)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_nicknames_are_text_and_the_qr_link_prefills_the_code(room):
    app, host, code, _quiz_id, _ = room
    payload = '"><svg onload=alert(1)>'  # fits the 24-character nickname
    assert Player(app, app.test_client()).join(code, payload).status_code == 302
    page = host.projector()
    assert "<svg onload" not in page and "&#34;&gt;&lt;svg onload=alert(1)&gt;" in page
    form = app.test_client().get(f"/play/{code}").get_data(as_text=True)
    assert f'value="{code}"' in form


def test_a_finished_session_takes_no_one(room):
    app, host, code, _quiz_id, _ = room
    host.press("finish", -1)
    assert Player(app, app.test_client()).join(code, "Late").status_code == 400


def test_the_teacher_cannot_play_their_own_session(room):
    app, host, code, _quiz_id, _ = room
    response = Player(app, host.client).join(code)
    assert response.status_code == 400 and "You are hosting this quiz" in response.get_data(as_text=True)


def test_only_the_classs_teacher_runs_and_reads_a_session(room):
    app, host, code, quiz_id, classroom = room
    account(app, "other@example.org", Role.TEACHER)
    account(app, "learner@example.org")
    learner = signed_in(app, "learner@example.org")
    join(learner, classroom.join_code)
    sid = host.session_id
    teacher_only = [
        f"/live/{sid}/host",
        f"/live/{sid}/host/state",
        f"/live/{sid}/results",
        f"/live/{sid}/players.csv",
    ]
    other = signed_in(app, "other@example.org")
    for path in teacher_only:
        assert other.get(path).status_code == 404, path
        assert learner.get(path).status_code == 403, path
        assert app.test_client().get(path).status_code == 302, path  # to sign in
    token = csrf_token(other, "/settings")
    assert (
        other.post(f"/live/{sid}/host/next", data={"csrf_token": token, "position": "-1"}).status_code == 404
    )
    assert (
        other.post(
            f"/quizzes/{quiz_id}/live", data={"csrf_token": token, "seconds_per_question": "20"}
        ).status_code
        == 404
    )
    assert live_row(app, sid).phase == "lobby"


@pytest.mark.parametrize("position", ["--1", "²", "٣x", "", "99999999999999999999", "1.5"])
def test_odd_positions_are_refused_without_a_server_error(room, position):
    app, host, code, _quiz_id, _ = room
    token = csrf_token(host.client, f"/live/{host.session_id}/host")
    response = host.client.post(
        f"/live/{host.session_id}/host/next", data={"csrf_token": token, "position": position}
    )
    assert response.status_code in (302, 400)
    assert live_row(app, host.session_id).phase == "lobby"
    ana = Player(app, app.test_client())
    ana.join(code, "Ana")
    host.press("next", -1)
    fields = {**Taker.envelope(ana.phone()), "choice": "0"}
    assert (
        ana.client.post(f"/live/{host.session_id}/answer", data={**fields, "position": position}).status_code
        == 400
    )


def test_a_partly_right_choose_all_answer_says_so_with_its_points(loaded_app, clock):
    app = loaded_app
    teacher = signed_in(app, account(app, "teacher@example.org", Role.TEACHER))
    classroom = make_class(app, teacher)
    quiz_id = build_quiz(app, teacher, classroom.id, count=2, kinds=["multi_select"])
    host = Host(teacher, start_live(teacher, quiz_id, seconds=20))
    ana = Player(app, app.test_client())
    ana.join(live_row(app, host.session_id).join_code, "Ana")
    host.press("next", -1)
    page = ana.phone()
    fields = Taker.envelope(page)
    with app.app_context():
        question = db.session.get(Question, fields["question_id"]).data
    right = list(question["answer"])
    assert len(right) >= 2, "a choose-all question has at least two right choices"
    # All the right choices but one, and nothing wrong: partly right.
    ana.client.post(f"/live/{host.session_id}/answer", data={**fields, "choice": [str(i) for i in right[1:]]})
    host.press("reveal", 0)
    with app.app_context():
        stored = db.session.scalar(select(LiveAnswer).where(LiveAnswer.session_id == host.session_id))
        score, points = stored.score, stored.points
    assert 0 < score < 1 and points > 0
    phone = ana.phone()
    assert "Partly right" in phone and f"+{points}" in phone and "Not quite" not in phone


def test_presentation_mode_ends_the_game_on_request_and_reads_the_servers_deadline(room, clock):
    app, host, code, _quiz_id, _classroom = room
    Player(app, app.test_client()).join(code, "Ana")
    lobby = host.projector()
    assert 'class="site-header"' not in lobby and "data-fullscreen" in lobby
    host.press("next", -1)
    clock.advance(seconds=7)
    state = host.client.get(f"/live/{host.session_id}/host/state").get_json()
    assert state["phase"] == "question" and state["seconds_left"] == 13
    projector = host.projector()
    assert f'action="/live/{host.session_id}/host/finish"' in projector and "End the game now" in projector
    # Without the CSRF token nothing ends.
    refused = host.client.post(f"/live/{host.session_id}/host/finish", data={"position": "0"})
    assert refused.status_code == 400 and live_row(app, host.session_id).phase == "question"
    assert host.press("finish", 0).status_code == 302
    assert live_row(app, host.session_id).phase == "finished"
    assert host.client.get(f"/live/{host.session_id}/host/state").get_json()["seconds_left"] is None
    assert "Podium" in host.projector() and "End the game now" not in host.projector()
