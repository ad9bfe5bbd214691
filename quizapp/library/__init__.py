"""The library: the article's sections with study notes, their facts, and teachers' own decks."""

from flask import Blueprint

from quizapp.content.text import paragraphs

bp = Blueprint("library", __name__, url_prefix="/library")
bp.add_app_template_filter(paragraphs, "paragraphs")


@bp.app_template_global("may_browse_deck")
def may_browse_deck(deck) -> bool:
    """Whether the signed-in person may open `deck`'s library pages (links are shown only then)."""
    from flask_login import current_user

    from quizapp.library.visibility import can_see_deck

    return can_see_deck(current_user, deck)


from quizapp.library import routes  # noqa: E402,F401
