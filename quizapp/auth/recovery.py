"""Password-reset links: signed, expiring, and single use without a table of tokens.

A link carries the user's id, its expiry time and a fingerprint of the user's current password
hash, signed with SECRET_KEY. Setting any new password changes the hash (argon2 salts every hash),
so a link stops working once it (or any other way of changing the password) has been used.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from quizapp.extensions import db
from quizapp.models import User
from quizapp.routing import MAX_DATABASE_ID

SALT = "quizapp.password-reset"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def _fingerprint(password_hash: str | None) -> str:
    return hashlib.sha256((password_hash or "").encode()).hexdigest()[:24]


def can_reset(user: User | None) -> bool:
    """Only real, enabled accounts have a password to reset."""
    return user is not None and not user.is_guest and not user.is_disabled and user.email is not None


def make_reset_token(user: User, now: datetime, valid_for: timedelta) -> str:
    expires = int((now + valid_for).timestamp())
    return _serializer().dumps([user.id, _fingerprint(user.password_hash), expires])


def user_for_reset_token(token: str, now: datetime, lock: bool = False) -> User | None:
    """The user a valid, unexpired, unused link belongs to; None for any other link.

    `lock` reads the user FOR UPDATE (PostgreSQL), so of two concurrent uses only one gets in.
    """
    try:
        user_id, fingerprint, expires = _serializer().loads(token)
    except (BadSignature, TypeError, ValueError):
        return None
    if not isinstance(user_id, int) or not isinstance(expires, int) or now.timestamp() > expires:
        return None
    if not 0 < user_id <= MAX_DATABASE_ID:
        return None
    user = db.session.get(User, user_id, with_for_update=lock)
    if user is None or not can_reset(user) or fingerprint != _fingerprint(user.password_hash):
        return None
    return user
