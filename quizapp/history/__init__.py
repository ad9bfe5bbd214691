"""A learner's own history: their answers, downloads of them, and personal FSRS parameters."""

from flask import Blueprint

bp = Blueprint("history", __name__, url_prefix="/history")

from quizapp.history import routes  # noqa: E402,F401
