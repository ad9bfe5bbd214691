"""Accounts: sign up, sign in, sign out, guests, and the access checks other blueprints use."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from quizapp.auth import routes, sessions  # noqa: E402,F401  (they register themselves on bp)
