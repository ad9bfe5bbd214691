"""One clock: every time the app stores, column defaults included, follows app.config["CLOCK"]."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from quizapp.clock import utcnow
from quizapp.extensions import db
from quizapp.models import User

LONG_AGO = datetime(2020, 2, 29, 12, 30, tzinfo=UTC)


def test_a_new_account_is_stamped_with_the_apps_clock(app, auth):
    app.config["CLOCK"] = lambda: LONG_AGO
    auth.sign_up(email="clocked@example.org")
    with app.app_context():
        user = db.session.scalars(select(User).where(User.email == "clocked@example.org")).one()
        assert user.created_at == LONG_AGO
        assert user.last_sign_in_at == LONG_AGO


def test_outside_an_app_the_clock_is_the_systems():
    before = datetime.now(UTC)
    now = utcnow()
    assert now.tzinfo is not None
    assert before <= now <= datetime.now(UTC)
