"""Home and /healthz."""

from __future__ import annotations

from flask import current_app, jsonify, render_template
from flask_login import current_user

from quizapp import __version__
from quizapp.auth.forms import ConfirmForm
from quizapp.clock import utcnow
from quizapp.database import database_state
from quizapp.main import bp
from quizapp.quizzes.lookup import local_time
from quizapp.quizzes.service import learner_listing
from quizapp.study.service import build_queue


@bp.route("/")
def home():
    if not current_user.is_authenticated:
        return render_template("main/home.html", action_form=ConfirmForm(), queue=None, quizzes_to_do=[])
    now = utcnow()
    to_do = [entry for entry in learner_listing(current_user, now) if entry.to_do]
    return render_template(
        "main/home.html",
        action_form=ConfirmForm(),
        queue=build_queue(current_user, None, now),
        quizzes_to_do=to_do,
        local=local_time,
    )


@bp.route("/healthz")
def healthz():
    database = database_state()
    healthy = database.get("ok") and database.get("migrations") == "current" and database.get("writable")
    body = {
        "status": "ok" if healthy else "degraded",
        "app": {"name": "quizapp", "version": __version__, "env": current_app.config["QUIZAPP_ENV"]},
        "database": database,
    }
    return jsonify(body), 200 if healthy else 503
