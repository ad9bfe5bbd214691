"""Signing up, in and out through the pages, with real password hashing and CSRF."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import User
from tests.conftest import STRONG_PASSWORD, AuthActions, post_form


def count_users(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(User))


def test_sign_up_creates_learner_and_signs_in(client, auth, app):
    response = auth.sign_up(follow_redirects=True)
    assert response.status_code == 200
    assert "Hello, Ada" in response.get_data(as_text=True)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "ada@example.org"))
        assert user.role == "learner"
        assert user.password_hash.startswith("$argon2id$")
        assert STRONG_PASSWORD not in user.password_hash


def test_email_is_case_insensitive_and_duplicates_refused(client, auth, app):
    auth.sign_up(email="Ada@Example.org")
    auth.sign_out()
    response = auth.sign_up(email="ada@EXAMPLE.org", name="Mallory", password="another long passphrase")
    assert response.status_code == 302
    assert count_users(app) == 1
    with app.app_context():
        assert db.session.scalar(select(User.display_name)) == "Ada"
    assert client.get("/settings").status_code == 302  # not signed in to Ada's account


def test_sign_up_answers_alike_for_a_taken_address_and_mails_its_owner(app, client, auth, mailbox):
    """The page never says an address has an account; the owner hears about the attempt by mail."""
    auth.sign_up(email="ada@example.org")
    auth.sign_out()
    mailbox.settle()
    assert mailbox.messages == []  # a new account gets no mail

    def answer(email: str) -> tuple[int, str, str]:
        """The sign-up's own response, where it leads, and the message shown there."""
        response = AuthActions(app.test_client()).sign_up(email=email, name="Someone", follow_redirects=True)
        first = response.history[0]
        message = response.get_data(as_text=True).split('<p class="flash')[1].split("</p>")[0]
        return first.status_code, first.headers["Location"], message.replace(email, "EMAIL")

    taken = answer("ada@example.org")
    new = answer("grace@example.org")
    assert taken == new
    assert taken[:2] == (302, "/") and "already" in taken[2]

    notice = mailbox.wait_for(to="ada@example.org")
    assert "tried to create a quizapp account with this email address" in mailbox.body(notice)
    assert "/password/forgot" in mailbox.link_in(notice, "/password/forgot")
    mailbox.settle()
    assert mailbox.to("grace@example.org") == []
    assert count_users(app) == 2


@pytest.mark.parametrize(
    ("field_values", "message"),
    [
        ({"email": "not-an-email"}, "look like an email"),
        ({"email": ""}, "Enter your email"),
        ({"display_name": ""}, "what to call you"),
        ({"display_name": "x" * 81}, "at most 80 characters"),
        ({"password": "short", "confirm": "short"}, "at least 10 characters"),
        ({"password": "password123", "confirm": "password123"}, "too common"),
        ({"confirm": "something else entirely"}, "passwords differ"),
        ({"email": "a" * 250 + "@example.org"}, "at most 254 characters"),
    ],
)
def test_sign_up_refuses_bad_input_with_a_message(client, app, field_values, message):
    data = {
        "display_name": "Ada",
        "email": "ada@example.org",
        "password": STRONG_PASSWORD,
        "confirm": STRONG_PASSWORD,
    }
    data.update(field_values)
    response = post_form(client, "/signup", data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert count_users(app) == 0


def test_wrong_password_and_unknown_email_get_the_same_answer(client, auth):
    auth.sign_up()
    auth.sign_out()
    wrong_password = auth.sign_in(password="not the right one at all")
    unknown_email = auth.sign_in(email="nobody@example.org")
    assert wrong_password.status_code == unknown_email.status_code == 400
    assert "Wrong email or password." in wrong_password.get_data(as_text=True)
    assert "Wrong email or password." in unknown_email.get_data(as_text=True)


def test_sign_in_then_out(client, auth):
    auth.sign_up()
    auth.sign_out()
    assert client.get("/settings").status_code == 302
    response = auth.sign_in(follow_redirects=True)
    assert "Signed in as Ada" in response.get_data(as_text=True)
    assert client.get("/settings").status_code == 200


def test_a_copied_session_cookie_dies_at_sign_out(app, auth, client):
    auth.sign_up()
    stolen = client.get_cookie("session").value
    auth.sign_out()
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    assert thief.get("/settings").status_code == 302


def test_sign_in_follows_only_local_next(client, auth):
    auth.sign_up()
    auth.sign_out()
    local = post_form(
        client, "/signin", {"email": "ada@example.org", "password": STRONG_PASSWORD, "next": "/settings"}
    )
    assert local.headers["Location"] == "/settings"
    auth.sign_out()
    for hostile in ["//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"]:
        response = post_form(
            client, "/signin", {"email": "ada@example.org", "password": STRONG_PASSWORD, "next": hostile}
        )
        assert response.headers["Location"] == "/", hostile
        auth.sign_out()


def test_sign_in_is_rate_limited(client, auth):
    auth.sign_up()
    auth.sign_out()
    statuses = [auth.sign_in(password="wrong password number x").status_code for _ in range(11)]
    assert statuses[:10] == [400] * 10
    assert statuses[10] == 429
    page = auth.sign_in().get_data(as_text=True)
    assert "Too many attempts" in page


def test_forms_without_a_valid_csrf_token_are_refused(client, app):
    response = client.post(
        "/signup",
        data={
            "display_name": "Eve",
            "email": "eve@example.org",
            "password": STRONG_PASSWORD,
            "confirm": STRONG_PASSWORD,
            "csrf_token": "forged",
        },
    )
    assert response.status_code == 400
    assert "This form expired" in response.get_data(as_text=True)
    assert count_users(app) == 0


def test_guest_progress_carries_over_on_sign_up(client, auth, app):
    auth.try_as_guest()
    with app.app_context():
        guest = db.session.scalar(select(User).where(User.is_guest.is_(True)))
        guest_id = guest.id
    # A guest's own settings are part of their progress and must survive signing up.
    post_form(
        client,
        "/settings",
        {
            "display_name": "Curious guest",
            "time_zone": "Europe/Berlin",
            "desired_retention": "0.85",
            "new_facts_per_day": "7",
            "reviews_per_day": "70",
            "slow_answer_percent": "150",
        },
    )
    response = auth.sign_up(email="grace@example.org", name="Grace", follow_redirects=True)
    assert "Everything you did as a guest is kept" in response.get_data(as_text=True)
    with app.app_context():
        user = db.session.get(User, guest_id)
        assert user.email == "grace@example.org"
        assert not user.is_guest
        assert user.new_facts_per_day == 7
        assert user.time_zone == "Europe/Berlin"
    assert count_users(app) == 1


def test_sign_in_limit_is_shared_by_every_worker(tmp_path, new_database, make_user):
    """Two app instances stand for two gunicorn workers: their counts add up in one file."""
    from tests.conftest import make_app

    storage = f"quizapp+sqlite:///{tmp_path / 'ratelimits.sqlite'}"
    database = new_database()
    first = make_app(database, RATELIMIT_STORAGE_URI=storage, SIGN_IN_LIMIT="4 per minute")
    second = make_app(database, RATELIMIT_STORAGE_URI=storage, SIGN_IN_LIMIT="4 per minute")
    statuses = []
    for worker in (first, second, first, second, first):
        client = worker.test_client()
        statuses.append(
            AuthActions(client).sign_in(email="x@example.org", password="wrong password here").status_code
        )
    assert statuses == [400, 400, 400, 400, 429]
