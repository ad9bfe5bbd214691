"""The library: the article's sections with study notes, their facts, and teachers' own decks."""

from flask import Blueprint

bp = Blueprint("library", __name__, url_prefix="/library")

from quizapp.library import routes  # noqa: E402,F401
