"""The question editor: a teacher writes and changes the facts of their own decks in the browser,
checked like an upload, with the questions each fact makes shown as they type."""

from flask import Blueprint

bp = Blueprint("editor", __name__, url_prefix="/library/decks")

from quizapp.editor import routes  # noqa: E402,F401
