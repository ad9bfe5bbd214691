"""Classes: teachers make them and see their roster; learners join with a code."""

from flask import Blueprint

bp = Blueprint("classes", __name__)

from quizapp.classes import routes  # noqa: E402,F401
