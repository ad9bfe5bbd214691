"""The teacher's side of a live quiz: start it, the projector page, its buttons, the results."""

from __future__ import annotations

import re

from flask import abort, flash, jsonify, redirect, render_template, url_for
from flask_login import current_user
from markupsafe import Markup

from quizapp import content
from quizapp.answering.views import kind_label
from quizapp.auth.access import role_required
from quizapp.classes.access import owned_class
from quizapp.classes.service import format_code, join_qr_svg
from quizapp.clock import utcnow
from quizapp.extensions import db
from quizapp.links import public_url_for
from quizapp.live import bp
from quizapp.live import service as live
from quizapp.live.forms import HostStepForm
from quizapp.live.results import players_csv, questions_csv
from quizapp.models import LiveSession, Role
from quizapp.models.live import FINISHED, LOBBY, QUESTION
from quizapp.quizzes.forms import StartLiveForm
from quizapp.quizzes.lookup import local_time, owned_quiz
from quizapp.spreadsheet import csv_download

POSITION = re.compile(r"-1|[0-9]{1,4}")  # -1 is the lobby, before the first question


def hosted_session(session_id: int) -> LiveSession:
    """The session if the signed-in teacher owns the quiz's class (or is an admin); 404 otherwise."""
    session = db.session.get(LiveSession, session_id)
    if session is None:
        abort(404)
    owned_class(session.quiz.classroom_id)
    return session


def host_signature(session: LiveSession) -> str:
    """Changes whenever the projector should redraw: a step, a player arriving, an answer coming in."""
    answered = live.answered_count(session, session.position) if session.phase == QUESTION else 0
    return f"{session.version}.{live.player_count(session)}.{answered}"


@bp.route("/quizzes/<int:quiz_id>/live", methods=["POST"])
@role_required(Role.TEACHER)
def start(quiz_id: int):
    quiz = owned_quiz(quiz_id)
    form = StartLiveForm()
    if not form.validate_on_submit():
        flash("Choose a time per question from the list.", "error")
        return redirect(url_for("quizzes.edit", quiz_id=quiz.id))
    try:
        session = live.start_session(quiz, current_user, int(form.seconds_per_question.data), utcnow())
    except live.LiveError as error:
        flash(str(error), "error")
        return redirect(url_for("quizzes.edit", quiz_id=quiz.id))
    db.session.commit()
    return redirect(url_for("live.host", session_id=session.id))


@bp.route("/live/<int:session_id>/host")
@role_required(Role.TEACHER)
def host(session_id: int):
    session = hosted_session(session_id)
    now = utcnow()
    context = dict(
        session=session,
        quiz=session.quiz,
        total=len(session.question_ids),
        code=format_code(session.join_code),
        signature=host_signature(session),
        step_form=HostStepForm(position=str(session.position)),
        players=live.players_of(session),
    )
    if session.phase == LOBBY:
        join_url = public_url_for("live.join_link", code=session.join_code)
        context.update(join_url=join_url, qr_svg=Markup(join_qr_svg(join_url)))
    elif session.phase == FINISHED:
        context.update(standings=live.leaderboard(session))
    else:
        tally = live.tally(session, session.position)
        context.update(
            tally=tally,
            kind_label=kind_label(tally.question.kind),
            seconds_left=live.seconds_left(session, now),
            standings=live.leaderboard(session)[:5],
            fact=tally.row.fact,
        )
    return render_template("live/host.html", **context)


@bp.route("/live/<int:session_id>/host/state")
@role_required(Role.TEACHER)
def host_state(session_id: int):
    session = hosted_session(session_id)
    # The projector's countdown follows the server's deadline, re-read on every poll.
    return jsonify(
        signature=host_signature(session),
        phase=session.phase,
        position=session.position,
        seconds_left=live.seconds_left(session, utcnow()),
    )


@bp.route("/live/<int:session_id>/host/<any(next, reveal, finish):action>", methods=["POST"])
@role_required(Role.TEACHER)
def step(session_id: int, action: str):
    session = hosted_session(session_id)
    form = HostStepForm()
    if not form.validate_on_submit() or not POSITION.fullmatch(form.position.data or ""):
        abort(400)
    position = int(form.position.data)
    now = utcnow()
    if action == "next":
        live.advance(session, position, now)
    elif action == "reveal":
        live.reveal(session, position, now)
    else:
        live.finish(session, now)
    db.session.commit()
    return redirect(url_for("live.host", session_id=session.id))


@bp.route("/live/<int:session_id>/results")
@role_required(Role.TEACHER)
def results(session_id: int):
    session = hosted_session(session_id)
    return render_template(
        "live/results.html",
        session=session,
        quiz=session.quiz,
        standings=live.leaderboard(session),
        tallies=live.tallies(session),
        kind_views=content.KINDS,
        local=local_time,
    )


@bp.route("/live/<int:session_id>/<any(players, questions):which>.csv")
@role_required(Role.TEACHER)
def results_csv(session_id: int, which: str):
    session = hosted_session(session_id)
    text = (
        players_csv(live.leaderboard(session)) if which == "players" else questions_csv(live.tallies(session))
    )
    return csv_download(text, f"live-{session.id}-{which}.csv")
