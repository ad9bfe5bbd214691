"""How long a sign-in lasts.

Without "Keep me signed in" the session cookie has no expiry date, so it ends when the browser
closes, and the server also ends it after SESSION_IDLE_MINUTES without a request and
SESSION_MAX_HOURS after sign-in (a browser that restores its tabs keeps such cookies). With it,
the session and the remember cookie last REMEMBER_COOKIE_DURATION (30 days) from sign-in.
The times live in the signed session cookie; ending every session at once is the user's
session version (User.session_version), not this.
"""

from __future__ import annotations

from flask import current_app, flash, request, session
from flask_login import login_user, logout_user, user_loaded_from_cookie

from quizapp.auth import bp
from quizapp.clock import account_now

SIGNED_IN_AT, SEEN_AT, REMEMBERED = "signed_in_at", "seen_at", "remembered"
# An active session's last-seen time is rewritten at most this often, not on every request.
SEEN_RESOLUTION_SECONDS = 60


def start_session(user, remember: bool = False) -> None:
    """Begin a fresh session: drop whatever the old cookie carried, then sign in."""
    session.clear()
    login_user(user, remember=remember)
    session.permanent = remember
    _stamp(remember)


def renew_session(user) -> None:
    """Sign in again after the session version changed (a new password), keeping the kind of session."""
    start_session(user, remember=bool(session.get(REMEMBERED)))


def _stamp(remember: bool) -> None:
    now = account_now().timestamp()
    session[SIGNED_IN_AT] = now
    session[SEEN_AT] = now
    session[REMEMBERED] = remember


@user_loaded_from_cookie.connect
def _restored_from_remember_cookie(sender, user) -> None:
    """A remembered sign-in whose session cookie was gone: it is a remembered session again."""
    session.permanent = True
    _stamp(remember=True)


def why_session_ends(now: float) -> str | None:
    """The message for a session that has outlived its limits, or None while it may go on."""
    config = current_app.config
    signed_in_at = float(session.get(SIGNED_IN_AT, now))
    if session.get(REMEMBERED):
        lifetime = config["REMEMBER_COOKIE_DURATION"]
        if now - signed_in_at > lifetime:
            return f"You were kept signed in for {lifetime // 86400} days; please sign in again."
        return None
    idle_minutes = config["SESSION_IDLE_MINUTES"]
    if now - float(session.get(SEEN_AT, now)) > idle_minutes * 60:
        return f"You were signed out after {idle_minutes} minutes without activity."
    max_hours = config["SESSION_MAX_HOURS"]
    if now - signed_in_at > max_hours * 3600:
        return f"You were signed out after {max_hours} hours; please sign in again."
    return None


@bp.before_app_request
def end_expired_session() -> None:
    """Sign out a session past its idle or absolute limit; note activity on the others."""
    if request.endpoint == "static" or "_user_id" not in session:
        return
    now = account_now().timestamp()
    if SIGNED_IN_AT not in session:  # signed in before these limits existed: they start now
        _stamp(remember=current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in request.cookies)
        return
    reason = why_session_ends(now)
    if reason is not None:
        logout_user()
        for key in (SIGNED_IN_AT, SEEN_AT, REMEMBERED):
            session.pop(key, None)
        flash(reason, "info")
    elif not session.get(REMEMBERED) and now - float(session.get(SEEN_AT, 0)) >= SEEN_RESOLUTION_SECONDS:
        session[SEEN_AT] = now
