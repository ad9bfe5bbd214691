"""Home and /healthz."""

from __future__ import annotations

from flask import current_app, jsonify, render_template
from flask_login import current_user

from quizapp import __version__
from quizapp.auth.forms import ConfirmForm
from quizapp.clock import utcnow
from quizapp.database import database_state
from quizapp.main import bp
from quizapp.study.service import build_queue


@bp.route("/")
def home():
    queue = build_queue(current_user, None, utcnow()) if current_user.is_authenticated else None
    return render_template("main/home.html", action_form=ConfirmForm(), queue=queue)


@bp.route("/healthz")
def healthz():
    database = database_state()
    healthy = database.get("ok") and database.get("migrations") == "current"
    body = {
        "status": "ok" if healthy else "degraded",
        "app": {"name": "quizapp", "version": __version__, "env": current_app.config["QUIZAPP_ENV"]},
        "database": database,
    }
    return jsonify(body), 200 if healthy else 503
