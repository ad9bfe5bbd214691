"""A learner's own settings: name, time zone and how much to study each day."""

from flask import Blueprint

bp = Blueprint("account", __name__)

from quizapp.account import routes  # noqa: E402,F401
