"""Accounts: sign up, sign in, sign out, guests, and the access checks other blueprints use."""

from flask import Blueprint, request

from quizapp.auth.access import is_safe_next

bp = Blueprint("auth", __name__)


@bp.app_template_global("pending_next")
def pending_next() -> str | None:
    """Where a signed-out visitor was headed (a class's join link, say): the header's Sign in and
    Sign up links carry it, so whichever link they use, the account still leads there."""
    target = request.args.get("next")
    return target if is_safe_next(target) else None


from quizapp.auth import routes, sessions  # noqa: E402,F401  (they register themselves on bp)
