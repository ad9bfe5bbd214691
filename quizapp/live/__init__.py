"""Live quizzes: the teacher runs a quiz from the projector, the class answers on their phones."""

from flask import Blueprint

bp = Blueprint("live", __name__)

from quizapp.live import host_routes, play_routes  # noqa: E402,F401
