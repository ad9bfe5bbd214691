"""Operator pages: who uses this quizapp and with which role."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from quizapp.admin import routes  # noqa: E402,F401
