"""Changing and resetting a password: the pages, the mail (through a real SMTP server), the CLI
and an admin's link. Every way of setting a password ends the user's other sessions."""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Role, User
from tests.conftest import CSRF_PATTERN, STRONG_PASSWORD, AuthActions, post_form
from tests.mailbox import Mailbox

NEW_PASSWORD = "a brand new long passphrase"


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def signed_in_elsewhere(app, email: str, password: str = STRONG_PASSWORD):
    """Another browser (a phone, a shared computer) signed in to the same account."""
    other = app.test_client()
    assert AuthActions(other).sign_in(email=email, password=password).status_code == 302
    assert other.get("/settings").status_code == 200
    return other


def password_hash(app, email: str) -> str:
    with app.app_context():
        return db.session.scalar(select(User.password_hash).where(User.email == email))


def path_of(link: str) -> str:
    return "/" + link.split("/", 3)[3]


# Changing it, knowing the current one


def test_change_password_keeps_this_session_and_ends_every_other(app, client, auth, make_user):
    user = make_user()
    remembered = app.test_client()
    post_form(remembered, "/signin", {"email": user.email, "password": STRONG_PASSWORD, "remember": "y"})
    phone = signed_in_elsewhere(app, user.email)
    auth.sign_in(email=user.email)

    response = post_form(
        client,
        "/settings/password",
        {"current": STRONG_PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert client.get("/settings").status_code == 200  # still signed in here
    assert phone.get("/settings").status_code == 302  # the others are out, remembered or not
    assert remembered.get("/settings").status_code == 302
    fresh = app.test_client()
    assert AuthActions(fresh).sign_in(email=user.email).status_code == 400
    assert AuthActions(fresh).sign_in(email=user.email, password=NEW_PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"current": "not my password at all"}, "current", "not your current password"),
        ({"password": "short", "confirm": "short"}, "password", "at least 10 characters"),
        ({"password": "password123", "confirm": "password123"}, "password", "too common"),
        ({"confirm": "something else entirely"}, "confirm", "passwords differ"),
    ],
)
def test_change_password_refuses_with_a_message_and_changes_nothing(
    app, client, auth, make_user, fields, field, message
):
    user = make_user()
    auth.sign_in(email=user.email)
    phone = signed_in_elsewhere(app, user.email)
    before = password_hash(app, user.email)
    data = {"current": STRONG_PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD, **fields}
    response = post_form(client, "/settings/password", data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page
    assert f'id="{field}-error"' in page
    assert password_hash(app, user.email) == before
    assert phone.get("/settings").status_code == 200


def test_a_guest_has_no_password_to_change(client, auth):
    auth.try_as_guest()
    response = client.get("/settings/password")
    assert response.status_code == 302 and response.headers["Location"] == "/signup"


# Resetting it by a mailed link


def ask_for_reset(client, email: str):
    return post_form(client, "/password/forgot", {"email": email})


def test_reset_by_mail_link_works_once(app, client, make_user, mailbox: Mailbox):
    user = make_user(email="ada@example.org")
    phone = signed_in_elsewhere(app, user.email)
    response = ask_for_reset(client, "Ada@Example.org")
    assert response.status_code == 200
    assert "If <strong>ada@example.org</strong> has a quizapp account" in response.get_data(as_text=True)

    message = mailbox.wait_for(to="ada@example.org")
    assert message["Subject"] == "Reset your quizapp password"
    link = path_of(mailbox.link_in(message, "/password/reset/"))
    page = client.get(link)
    assert page.status_code == 200 and "Choose a new password" in page.get_data(as_text=True)
    response = post_form(client, link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert client.get("/settings").status_code == 200  # signed in with the new password
    assert phone.get("/settings").status_code == 302  # every other session ended

    again = post_form(
        client, link, {"password": "yet another long passphrase", "confirm": "x"}, form_page="/"
    )
    assert again.status_code == 404 and "no longer works" in again.get_data(as_text=True)
    assert client.get(link).status_code == 404
    fresh = AuthActions(app.test_client())
    assert fresh.sign_in(email=user.email, password=NEW_PASSWORD).status_code == 302


def test_forgot_password_answers_alike_for_unknown_addresses_and_sends_nothing(
    app, client, make_user, mailbox
):
    make_user(email="ada@example.org")
    known = ask_for_reset(client, "ada@example.org")
    unknown = ask_for_reset(app.test_client(), "nobody@example.org")
    assert known.status_code == unknown.status_code == 200

    def text(response, email):
        return CSRF_PATTERN.sub("", response.get_data(as_text=True)).replace(email, "EMAIL")

    assert text(known, "ada@example.org") == text(unknown, "nobody@example.org")
    mailbox.wait_for(to="ada@example.org")
    mailbox.settle()
    assert mailbox.to("nobody@example.org") == []


def test_a_reset_link_expires(app, client, make_user, mailbox):
    clock = Clock()
    app.config["ACCOUNT_CLOCK"] = clock
    make_user(email="ada@example.org")
    ask_for_reset(client, "ada@example.org")
    link = path_of(mailbox.link_in(mailbox.wait_for(to="ada@example.org")))
    clock.now += timedelta(minutes=59)
    assert client.get(link).status_code == 200
    clock.now += timedelta(minutes=2)
    before = password_hash(app, "ada@example.org")
    response = post_form(client, link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}, form_page="/")
    assert response.status_code == 404
    assert password_hash(app, "ada@example.org") == before


def test_a_reset_link_dies_when_the_password_changes_another_way(app, client, auth, make_user, mailbox):
    user = make_user(email="ada@example.org")
    ask_for_reset(client, user.email)
    link = path_of(mailbox.link_in(mailbox.wait_for(to=user.email)))
    auth.sign_in(email=user.email)
    post_form(
        client,
        "/settings/password",
        {"current": STRONG_PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert app.test_client().get(link).status_code == 404


@pytest.mark.parametrize("token", ["nonsense", "a" * 400, "WzEsImFiYyIsMV0.forged"])
def test_forged_reset_links_are_refused(client, token):
    response = client.get(f"/password/reset/{token}")
    assert response.status_code == 404
    assert "no longer works" in response.get_data(as_text=True)


def test_a_reset_mail_is_logged_in_development_without_smtp(app, client, make_user, caplog):
    """`make run` has no mail server: the page says where the mail went and the log holds the link."""
    make_user(email="ada@example.org")
    page = client.get("/password/forgot").get_data(as_text=True)
    assert "written to the server&#39;s log" in page
    with caplog.at_level(logging.WARNING, logger="quizapp.mail"):
        ask_for_reset(client, "ada@example.org")
        deadline = time.monotonic() + 10  # written by the mail thread, after the response
        while not caplog.records and time.monotonic() < deadline:
            time.sleep(0.05)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "no SMTP_HOST is set" in logged and "To: ada@example.org" in logged
    link = path_of(next(word for word in logged.split() if "/password/reset/" in word))
    assert client.get(link).status_code == 200


def test_reset_requests_for_one_address_are_rate_limited(app, client, make_user, mailbox):
    make_user(email="ada@example.org")
    statuses = [ask_for_reset(app.test_client(), "ada@example.org").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    mailbox.wait_for(to="ada@example.org", count=3)
    mailbox.settle()
    assert len(mailbox.to("ada@example.org")) == 3


# The operator's and the admin's ways


def test_flask_users_set_password(app, runner, make_user):
    user = make_user(email="ada@example.org")
    phone = signed_in_elsewhere(app, user.email)
    result = runner.invoke(
        args=["users", "set-password", "ADA@example.org"], env={"QUIZAPP_NEW_PASSWORD": NEW_PASSWORD}
    )
    assert result.exit_code == 0, result.output
    assert "New password set for ada@example.org" in result.output
    assert phone.get("/settings").status_code == 302
    assert AuthActions(app.test_client()).sign_in(email=user.email, password=NEW_PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("email", "password", "message"),
    [
        ("nobody@example.org", NEW_PASSWORD, "no user with email nobody@example.org"),
        ("ada@example.org", "short", "at least 10 characters"),
    ],
)
def test_flask_users_set_password_refuses_bad_input(app, runner, make_user, email, password, message):
    make_user(email="ada@example.org")
    before = password_hash(app, "ada@example.org")
    result = runner.invoke(args=["users", "set-password", email], env={"QUIZAPP_NEW_PASSWORD": password})
    assert result.exit_code != 0
    assert message in result.output and "Traceback" not in result.output
    assert password_hash(app, "ada@example.org") == before


def test_an_admin_makes_a_reset_link_for_someone_without_mail(app, client, auth, make_user, mailbox):
    admin = make_user(Role.ADMIN)
    learner = make_user(email="kid@example.org")
    auth.sign_in(email=admin.email)
    users_page = client.get("/admin/users").get_data(as_text=True)
    assert "Reset link" in users_page
    response = post_form(
        client, "/admin/users/reset-link", {"user_id": str(learner.id)}, form_page="/admin/users"
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"
    link = path_of(next(word.split('"')[1] for word in page.split() if "/password/reset/" in word))
    assert password_hash(app, learner.email) is not None
    mailbox.settle()
    assert mailbox.messages == []  # handed over in person, not mailed

    kid = app.test_client()
    response = post_form(kid, link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert (
        AuthActions(app.test_client()).sign_in(email=learner.email, password=NEW_PASSWORD).status_code == 302
    )
    assert kid.get(link).status_code == 404


def test_only_admins_make_reset_links(app, client, auth, make_user):
    teacher = make_user(Role.TEACHER)
    learner = make_user()
    auth.sign_in(email=teacher.email)
    response = post_form(
        client, "/admin/users/reset-link", {"user_id": str(learner.id)}, form_page="/settings"
    )
    assert response.status_code == 403
