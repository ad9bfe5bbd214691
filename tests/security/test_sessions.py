"""Session cookies: flags in production over HTTPS, a new session at sign-in, none after sign-out.

The headers on every response are checked in test_access (each route × each role) and
test_csrf_and_safe_methods (refused writes); this module covers the cookies.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from http.cookies import SimpleCookie

import pytest

from quizapp.extensions import db
from tests.conftest import STRONG_PASSWORD, AuthActions, make_app, post_form
from tests.security.headers import assert_security_headers


def set_cookies(response) -> dict[str, str]:
    """Each Set-Cookie header of a response, by cookie name, as the raw header text."""
    return {SimpleCookie(header).popitem()[0]: header for header in response.headers.getlist("Set-Cookie")}


@pytest.fixture
def production_app(tmp_path, monkeypatch):
    monkeypatch.setenv("QUIZAPP_ENV", "production")
    monkeypatch.delenv("QUIZAPP_HTTPS", raising=False)
    monkeypatch.setenv("PUBLIC_URL", "https://quiz.example.org")
    app = make_app(tmp_path / "prod.sqlite")
    yield app
    with app.app_context():
        db.engine.dispose()


def test_production_cookies_over_https_are_secure_httponly_lax(production_app):
    client = production_app.test_client()
    client.environ_base["wsgi.url_scheme"] = "https"
    auth = AuthActions(client)
    # Over HTTPS Flask-WTF also wants a same-site Referer (the same-origin policy lets browsers send it).
    assert auth.sign_up(email="ada@example.org").status_code == 400
    client.environ_base["HTTP_REFERER"] = "https://localhost/signup"
    auth.sign_up(email="ada@example.org")
    auth.sign_out()
    response = post_form(
        client, "/signin", {"email": "ada@example.org", "password": STRONG_PASSWORD, "remember": "y"}
    )
    assert response.status_code == 302
    cookies = set_cookies(response)
    for name in ("session", "remember_token"):
        header = cookies[name].lower()
        assert "; secure" in header and "; httponly" in header and "samesite=lax" in header, cookies[name]
    assert_security_headers(response)
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_development_cookies_are_httponly_lax_but_not_secure(client, auth):
    """Plain-HTTP development must still work, so Secure is for production (QUIZAPP_HTTPS) only."""
    response = auth.sign_up()
    header = set_cookies(response)["session"].lower()
    assert "; httponly" in header and "samesite=lax" in header and "; secure" not in header
    assert "Strict-Transport-Security" not in response.headers


def test_sign_in_starts_a_new_session(app, client, auth, make_user):
    user = make_user()
    client.get("/signin")
    before = client.get_cookie("session").value
    auth.sign_in(email=user.email)
    after = client.get_cookie("session").value
    assert after != before
    # Whoever held the cookie from before sign-in (session fixation) is still signed out.
    planted = app.test_client()
    planted.set_cookie("session", before)
    assert planted.get("/settings").status_code == 302


@pytest.mark.parametrize("who", ["account", "guest"])
def test_a_copied_cookie_stops_working_at_sign_out(app, client, auth, who):
    if who == "guest":
        auth.try_as_guest()
    else:
        auth.sign_up()
    assert client.get("/settings").status_code == 200
    copied = {
        name: client.get_cookie(name).value
        for name in ("session", "remember_token")
        if client.get_cookie(name)
    }
    if who == "guest":  # a guest confirms losing their progress (the warning page's button)
        post_form(client, "/signout", {"lose_guest_progress": "yes"}, form_page="/settings")
    else:
        auth.sign_out()
    thief = app.test_client()
    for name, value in copied.items():
        thief.set_cookie(name, value)
    assert thief.get("/settings").status_code == 302


# How long a session lasts (ASVS 3.3.2 and 3.3.3): the sign-in clock is app.config["ACCOUNT_CLOCK"].


class AccountClock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock(app) -> AccountClock:
    app.config["ACCOUNT_CLOCK"] = clock = AccountClock()
    return clock


def sign_in(client, email: str, remember: bool):
    fields = {"email": email, "password": STRONG_PASSWORD, **({"remember": "y"} if remember else {})}
    response = post_form(client, "/signin", fields)
    assert response.status_code == 302
    return response


def test_without_keep_me_signed_in_the_cookie_ends_with_the_browser(client, clock, make_user):
    response = sign_in(client, make_user().email, remember=False)
    cookies = set_cookies(response)
    assert "expires=" not in cookies["session"].lower() and "max-age" not in cookies["session"].lower()
    assert "remember_token" not in cookies


def test_keep_me_signed_in_lasts_thirty_days(client, clock, make_user):
    response = sign_in(client, make_user().email, remember=True)
    cookies = set_cookies(response)
    for name in ("session", "remember_token"):
        expires = parsedate_to_datetime(SimpleCookie(cookies[name]).popitem()[1]["expires"])
        assert timedelta(days=29) < expires - datetime.now(UTC) <= timedelta(days=30, minutes=1), name
    clock.advance(days=29, hours=23)
    assert client.get("/settings").status_code == 200  # no idle limit for a remembered session
    clock.advance(hours=2)
    response = client.get("/settings")
    assert response.status_code == 302 and response.headers["Location"].startswith("/signin")
    assert client.get_cookie("remember_token") is None  # it cannot sign the browser back in


def test_a_session_ends_after_thirty_idle_minutes(client, clock, make_user):
    sign_in(client, make_user().email, remember=False)
    for _ in range(4):  # busy for two hours: each request restarts the idle time
        clock.advance(minutes=29)
        assert client.get("/settings").status_code == 200
    clock.advance(minutes=31)
    response = client.get("/settings", follow_redirects=True)
    assert response.request.path == "/signin"
    assert "signed out after 30 minutes without activity" in response.get_data(as_text=True)


def test_a_session_ends_twelve_hours_after_sign_in_however_busy(client, clock, make_user):
    sign_in(client, make_user().email, remember=False)
    for _ in range(11 * 4 + 3):  # a request every quarter of an hour for 11 h 45 min
        clock.advance(minutes=15)
        assert client.get("/settings").status_code == 200
    clock.advance(minutes=16)
    response = client.get("/settings", follow_redirects=True)
    assert response.request.path == "/signin"
    assert "signed out after 12 hours" in response.get_data(as_text=True)


def test_session_limits_are_configurable(app, client, clock, make_user):
    app.config.update(SESSION_IDLE_MINUTES=5, SESSION_MAX_HOURS=1)
    sign_in(client, make_user().email, remember=False)
    clock.advance(minutes=4)
    assert client.get("/settings").status_code == 200
    clock.advance(minutes=6)
    assert client.get("/settings").status_code == 302


def test_idle_and_absolute_limits_are_settings_from_the_environment(tmp_path):
    from quizapp.config import ConfigError, settings_from_environment

    defaults = settings_from_environment(tmp_path, {})
    assert (defaults["SESSION_IDLE_MINUTES"], defaults["SESSION_MAX_HOURS"]) == (30, 12)
    chosen = settings_from_environment(
        tmp_path, {"QUIZAPP_SESSION_IDLE_MINUTES": "15", "QUIZAPP_SESSION_MAX_HOURS": "8"}
    )
    assert (chosen["SESSION_IDLE_MINUTES"], chosen["SESSION_MAX_HOURS"]) == (15, 8)
    with pytest.raises(ConfigError, match="QUIZAPP_SESSION_IDLE_MINUTES must be a whole number above 0"):
        settings_from_environment(tmp_path, {"QUIZAPP_SESSION_IDLE_MINUTES": "0"})
