"""The players' side of a live quiz: join with a code, then one page that follows the session.

A player is a signed-in user (found by account) or a nickname; the nickname player's id lives in
the signed session cookie, so reloading or reconnecting on the same phone keeps their answers.
"""

from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, session, url_for
from flask_login import current_user

from quizapp import content
from quizapp.answering.forms import PositionedAnswerForm
from quizapp.answering.views import kind_label, question_view, read_response
from quizapp.clock import utcnow
from quizapp.database import reads_before_writing
from quizapp.extensions import db
from quizapp.live import bp
from quizapp.live import service as live
from quizapp.live.forms import JoinLiveForm
from quizapp.models import LivePlayer, LiveSession
from quizapp.models.live import FINISHED, QUESTION, REVEAL
from quizapp.ratelimits import failed_per_address

COOKIE_KEY = "live_players"
REMEMBERED_SESSIONS = 8  # keep the cookie small: only the latest few sessions


def _signed_in():
    return current_user if current_user.is_authenticated else None


def current_player(live_session: LiveSession) -> LivePlayer | None:
    user = _signed_in()
    if user is not None:
        player = live.player_of_user(live_session, user)
        if player is not None:
            return player
    player_id = (session.get(COOKIE_KEY) or {}).get(str(live_session.id))
    player = db.session.get(LivePlayer, player_id) if isinstance(player_id, int) else None
    return player if player is not None and player.session_id == live_session.id else None


def _remember(player: LivePlayer) -> None:
    remembered = dict(session.get(COOKIE_KEY) or {})
    remembered[str(player.session_id)] = player.id
    session[COOKIE_KEY] = dict(list(remembered.items())[-REMEMBERED_SESSIONS:])


def playing_session(session_id: int) -> tuple[LiveSession, LivePlayer]:
    """The session and this browser's player in it; 404 for anyone who has not joined it."""
    player_id = (session.get(COOKIE_KEY) or {}).get(str(session_id))
    if isinstance(player_id, int) and not current_user.is_authenticated:
        found = live.session_with_player(session_id, player_id)  # a phone that joined with a nickname
        if found is None:
            abort(404)
        return found
    live_session = db.session.get(LiveSession, session_id)
    player = current_player(live_session) if live_session is not None else None
    if player is None:
        abort(404)
    return live_session, player


def _join_page(form: JoinLiveForm, status: int = 200):
    focus = "nickname" if form.code.data and not form.code.errors else "code"
    return render_template("live/join.html", form=form, signed_in=_signed_in(), focus=focus), status


@bp.route("/play", methods=["GET", "POST"])
@failed_per_address("JOIN_LIMIT")
def join():
    form = JoinLiveForm()
    if not form.validate_on_submit():
        return _join_page(form, 400 if request.method == "POST" else 200)
    live_session = live.open_session_by_code(form.code.data)
    if live_session is None:
        form.code.errors.append("No live quiz is running with that code. Check the screen.")
        return _join_page(form, 400)
    try:
        player = live.join(live_session, _signed_in(), form.nickname.data or "", utcnow())
    except live.LiveError as error:
        db.session.rollback()
        form.nickname.errors.append(str(error))
        return _join_page(form, 400)
    db.session.commit()
    _remember(player)
    return redirect(url_for("live.play", session_id=live_session.id))


@bp.route("/play/<code>")
def join_link(code: str):
    """The link behind the projector's QR code: the join form with the code filled in."""
    form = JoinLiveForm(code=code[:20])
    live_session = live.open_session_by_code(code)
    if live_session is not None and current_player(live_session) is not None:
        return redirect(url_for("live.play", session_id=live_session.id))
    return _join_page(form)


@bp.route("/live/<int:session_id>/play")
def play(session_id: int):
    live_session, player = playing_session(session_id)
    now = utcnow()
    context = dict(
        session=live_session,
        player=player,
        total=len(live_session.question_ids),
        signature=str(live_session.version),
    )
    if live_session.phase == QUESTION:
        mine = live.answer_of(player, live_session.position)
        seconds_left = live.seconds_left(live_session, now)
        context.update(mine=mine, seconds_left=seconds_left, position=live_session.position)
        if mine is None and seconds_left:
            _row, question = live.question_at(live_session, live_session.position)
            context.update(
                question=question,
                view=question_view(question),
                kind_label=kind_label(question.kind),
                form=PositionedAnswerForm(question_id=question.id, position=live_session.position),
                answer_url=url_for("live.answer", session_id=live_session.id),
            )
    elif live_session.phase == REVEAL:
        _row, question = live.question_at(live_session, live_session.position)
        standings = live.leaderboard(live_session)
        context.update(
            mine=live.answer_of(player, live_session.position),
            question=question,
            standing=next(s for s in standings if s.player.id == player.id),
            players=len(standings),
        )
    elif live_session.phase == FINISHED:
        standings = live.leaderboard(live_session)
        answers = live.answers_of_player(player)
        context.update(
            standing=next(s for s in standings if s.player.id == player.id),
            players=len(standings),
            podium=standings[:3],
            review=[
                (p, answers.get(p), live.question_at(live_session, p)[1])
                for p in range(len(live_session.question_ids))
            ],
        )
    return render_template("live/play.html", **context)


@bp.route("/live/<int:session_id>/state")
def state(session_id: int):
    """What a phone polls each second: a signature that changes when its page should redraw.
    One small query, since every phone in the room asks."""
    player_id = (session.get(COOKIE_KEY) or {}).get(str(session_id))
    if isinstance(player_id, int):  # this phone joined: no need to load its user
        found = live.poll_state(session_id, None, player_id)
    else:  # a signed-in player on another device of theirs
        user = _signed_in()
        found = live.poll_state(session_id, user.id if user else None, None)
    if found is None:
        abort(404)
    return jsonify(signature=str(found.version), phase=found.phase, position=found.position)


@bp.route("/live/<int:session_id>/answer", methods=["POST"])
@reads_before_writing  # read and graded first; live.answer takes the write lock for the row alone
def answer(session_id: int):
    live_session, player = playing_session(session_id)
    form = PositionedAnswerForm()
    position = form.position.data or ""
    if (
        not form.validate_on_submit()
        or not position.isdecimal()
        or int(position) >= len(live_session.question_ids)
    ):
        abort(400)
    position = int(position)
    row, question = live.question_at(live_session, position)
    if question.id != form.question_id.data:
        abort(400)
    try:
        response = read_response(question, request.form)
        live.answer(live_session, player, position, row, question, response, utcnow())
    except content.BadAnswer as problem:
        flash(str(problem), "error")
    except live.LiveError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
    return redirect(url_for("live.play", session_id=session_id))
