"""The library: the article's sections with study notes, their facts, and teachers' own decks."""

from flask import Blueprint

from quizapp.content.text import paragraphs

bp = Blueprint("library", __name__, url_prefix="/library")
bp.add_app_template_filter(paragraphs, "paragraphs")

from quizapp.library import routes  # noqa: E402,F401
