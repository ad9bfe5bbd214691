"""A learner's progress: due work, streak, heatmap, retention, mastery, forecast, scores, hard facts."""

from flask import Blueprint

bp = Blueprint("progress", __name__, url_prefix="/progress")

from quizapp.progress import class_routes, routes  # noqa: E402,F401
