"""Loading the signed-in user, role checks and safe redirects."""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlsplit

from flask import abort
from flask_login import current_user, login_required
from sqlalchemy import bindparam, select

from quizapp.bank_version import VERSION_COLUMNS, note_version
from quizapp.extensions import db, login_manager
from quizapp.models import Role, User
from quizapp.signed_in import session_is_current, session_user

# Every signed-in request runs this first: a statement built once costs less than session.get's
# own lookup path when, as at the start of every request, the session holds nothing yet. The
# bank's version rides along (most signed-in pages check it; quizapp.bank_version).
_USER_BY_ID = select(User, *VERSION_COLUMNS).where(User.id == bindparam("user_id"))


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """Resolve 'id:version'; a stale version means the session was ended elsewhere."""
    found = session_user(session_id)
    if found is None:
        return None
    user_id, version = found
    row = db.session.execute(_USER_BY_ID, {"user_id": user_id}).first()
    if row is None:
        return None
    user, bank_total, bank_decks = row
    note_version(bank_total, bank_decks)
    if not session_is_current(version, user.session_version, user.is_disabled):
        return None
    return user


def role_required(*roles: Role):
    """Allow the view only to signed-in users holding one of `roles` (admins always pass)."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not (current_user.has_role(*roles) or current_user.is_admin):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def is_safe_next(target: str | None) -> bool:
    """Only same-site paths: no scheme, no host, no '//' or backslash tricks."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return False
    if "\\" in target or any(ord(ch) < 32 for ch in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc
