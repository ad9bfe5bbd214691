"""A guest who signs out is warned first: a guest account has no password, so its progress would
be out of reach for good. The warning offers the account instead; only a second, explicit POST
signs the guest out."""

from __future__ import annotations

from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import ReviewLog, User
from tests.conftest import STRONG_PASSWORD, csrf_token, post_form
from tests.study.conftest import HIDDEN


def _study_one_flashcard(client) -> None:
    page = client.get("/study/").get_data(as_text=True)
    fields = dict(HIDDEN.findall(page))
    response = client.post("/study/answer", data={**fields, "rating": "3"})
    assert response.status_code == 302


def test_guest_sign_out_warns_and_offers_an_account_before_anything_is_lost(loaded_app, client, auth):
    auth.try_as_guest()
    _study_one_flashcard(client)
    response = auth.sign_out()
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Your progress will be lost" in page
    assert "your 1 answer on 1 fact" in page
    assert 'href="/signup"' in page and "Create an account and keep it" in page
    assert client.get("/study/").status_code == 200  # still signed in

    # Taking the offer keeps everything.
    response = post_form(
        client,
        "/signup",
        {
            "display_name": "Kept",
            "email": "kept@example.org",
            "password": STRONG_PASSWORD,
            "confirm": STRONG_PASSWORD,
        },
        follow_redirects=True,
    )
    assert "Everything you did as a guest is kept" in response.get_data(as_text=True)
    with loaded_app.app_context():
        user = db.session.scalar(select(User).where(User.email == "kept@example.org"))
        assert db.session.scalar(select(func.count()).where(ReviewLog.user_id == user.id)) == 1


def test_a_guest_who_confirms_is_signed_out(client, auth):
    auth.try_as_guest()
    warning = auth.sign_out().get_data(as_text=True)
    assert 'name="lose_guest_progress" value="yes"' in warning
    token = csrf_token(client, "/settings")
    response = client.post("/signout", data={"csrf_token": token, "lose_guest_progress": "yes"})
    assert response.status_code == 302
    assert "You are signed out." in client.get("/").get_data(as_text=True)
    assert client.get("/study/").status_code == 302  # back to sign in


def test_an_account_signs_out_at_once(client, auth):
    auth.sign_up()
    response = auth.sign_out()
    assert response.status_code == 302
    assert client.get("/study/").status_code == 302
