"""Whom a session is signed in as: Flask-Login's "id:version" and whether it is still current.

Shared by the user loader (auth.access) and the kept pages served before it runs (learner_pages);
outside the auth package so that importing it loads no blueprint.
"""

from __future__ import annotations


def session_user(session_id: str) -> tuple[int, int] | None:
    """(user id, session version) from the session's 'id:version', or None when it is malformed."""
    user_id, _, version = session_id.partition(":")
    if not user_id.isdecimal() or not version.isdecimal():
        return None
    return int(user_id), int(version)


def session_is_current(session_version: int, user_session_version: int, is_disabled: bool) -> bool:
    """A session whose version is not the user's was ended elsewhere (sign-out everywhere, a new
    password); a disabled account has no session at all."""
    return session_version == user_session_version and not is_disabled
