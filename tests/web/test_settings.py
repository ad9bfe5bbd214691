"""The settings page keeps what a learner chooses and refuses what makes no sense."""

from __future__ import annotations

import pytest

from quizapp.extensions import db
from quizapp.models import User
from tests.conftest import post_form

GOOD = {
    "display_name": "Ada L.",
    "time_zone": "America/Sao_Paulo",
    "desired_retention": "0.85",
    "new_facts_per_day": "15",
    "reviews_per_day": "150",
}


def test_settings_need_sign_in(client):
    response = client.get("/settings")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/signin?next=")


def test_settings_are_saved(client, auth, app):
    auth.sign_up()
    response = post_form(client, "/settings", GOOD, follow_redirects=True)
    assert "Settings saved." in response.get_data(as_text=True)
    with app.app_context():
        user = db.session.query(User).one()
        assert (user.display_name, user.time_zone) == ("Ada L.", "America/Sao_Paulo")
        assert user.desired_retention == pytest.approx(0.85)
        assert (user.new_facts_per_day, user.reviews_per_day) == (15, 150)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("desired_retention", "1.5", "between 0.70 and 0.97"),
        ("desired_retention", "abc", "between 0.70 and 0.97"),
        ("new_facts_per_day", "-1", "between 0 and 500"),
        ("reviews_per_day", "999999", "between 0 and 5000"),
        ("time_zone", "Mars/Olympus_Mons", "Not a valid choice"),
        ("display_name", "", "what to call you"),
    ],
)
def test_bad_settings_are_refused_and_nothing_changes(client, auth, app, field, value, message):
    auth.sign_up()
    response = post_form(client, "/settings", {**GOOD, field: value})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    with app.app_context():
        user = db.session.query(User).one()
        assert user.time_zone == "UTC"
        assert user.new_facts_per_day == 20
