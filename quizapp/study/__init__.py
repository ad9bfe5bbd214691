"""Self-study: the daily queue of flashcards and questions, answers, feedback and undo."""

from flask import Blueprint

bp = Blueprint("study", __name__, url_prefix="/study")

from quizapp.study import mark_routes, practice_routes, routes  # noqa: E402,F401
