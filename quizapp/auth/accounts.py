"""Account operations shared by the pages and the `flask users` commands.

These functions only flush; the caller (a request or a CLI command) commits once.
"""

from __future__ import annotations

import secrets
import unicodedata

from sqlalchemy import func, select

from quizapp.clock import utcnow
from quizapp.extensions import db
from quizapp.models import Role, User
from quizapp.passwords import hash_password, verify_password


class AccountError(ValueError):
    """A request about an account that cannot be carried out; the message is for the person."""


# Characters that reorder or hide the text around them (Trojan-source style): the bidirectional
# embeddings, overrides and isolates, and the invisible direction marks.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")


def is_hidden_control(character: str) -> bool:
    """Control characters (C0, C1, DEL), line/paragraph separators and bidirectional controls."""
    return character in BIDI_CONTROLS or unicodedata.category(character) in {"Cc", "Zl", "Zp"}


def clean_display_name(name: str) -> str:
    """The name without control and text-direction characters, spaces trimmed."""
    return "".join(ch for ch in name if not is_hidden_control(ch)).strip()


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def create_account(
    email: str,
    password: str,
    display_name: str,
    role: Role = Role.LEARNER,
    *,
    password_hash: str | None = None,
    guest: User | None = None,
) -> User:
    """Create an account, or turn the given guest into one so their progress carries over."""
    email = normalise_email(email)
    if find_user_by_email(email) is not None:
        raise AccountError("An account with that email already exists. Sign in instead.")
    user = guest if guest is not None and guest.is_guest else User()
    user.email = email
    user.password_hash = password_hash or hash_password(password)
    user.display_name = clean_display_name(display_name) or email.split("@")[0]
    user.role = str(role) if not user.is_guest else Role.LEARNER.value
    user.is_guest = False
    db.session.add(user)
    db.session.flush()
    return user


def create_guest() -> User:
    guest = User(display_name=f"Guest {secrets.randbelow(9000) + 1000}", is_guest=True)
    db.session.add(guest)
    db.session.flush()
    return guest


def authenticate(email: str, password: str) -> User | None:
    """Return the user whose email and password match, or None (same answer for either miss).

    The read transaction is closed before the ~20 ms hash check so no lock is held meanwhile.
    """
    user = find_user_by_email(email)
    stored_hash = user.password_hash if user is not None else None
    user_id = user.id if user is not None else None
    db.session.rollback()
    if not verify_password(stored_hash, password) or user_id is None:
        return None
    user = db.session.get(User, user_id)
    if user is None or user.is_disabled:
        return None
    return user


def record_sign_in(user: User) -> None:
    user.last_sign_in_at = utcnow()


def end_all_sessions(user: User) -> None:
    """Invalidate every session cookie issued for this user so far."""
    user.session_version = (user.session_version or 1) + 1


def set_password(user: User, password_hash: str) -> None:
    """Store a new password (hashed by the caller, outside the transaction) and end every session."""
    user.password_hash = password_hash
    end_all_sessions(user)


def set_role(user: User, role: Role) -> None:
    if user.is_guest and role != Role.LEARNER:
        raise AccountError("A guest can only be a learner; they must sign up first.")
    user.role = str(role)
    end_all_sessions(user)
