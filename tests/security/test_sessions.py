"""Session cookies: flags in production over HTTPS, a new session at sign-in, none after sign-out.

The headers on every response are checked in test_access (each route × each role) and
test_csrf_and_safe_methods (refused writes); this module covers the cookies.
"""

from __future__ import annotations

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
    auth.sign_out()
    thief = app.test_client()
    for name, value in copied.items():
        thief.set_cookie(name, value)
    assert thief.get("/settings").status_code == 302
