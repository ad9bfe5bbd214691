"""Rate limits on every way in, where their counters live, and redirects that stay on the site.

Sign-in's own limit, the same answer for a wrong email and a wrong password, the password policy
and sign-in's `next=` are tested in tests/web/test_accounts.py; this module adds the rest.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from quizapp.auth.access import is_safe_next
from quizapp.extensions import db, limiter
from quizapp.models import Question, QuestionReport, User
from tests.conftest import STRONG_PASSWORD, AuthActions, make_app, post_form
from tests.quizzes.helpers import account

HOSTILE_NEXT = [
    "//evil.example",
    "//evil.example/path",
    "https://evil.example",
    "http:evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\t/evil.example",
    "javascript:alert(1)",
    "JAVASCRIPT:alert(1)",
    " //evil.example",
    "",
]


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def limited_app(tmp_path):
    app = make_app(tmp_path / "limits.sqlite", SIGN_UP_LIMIT="3 per hour", JOIN_LIMIT="3 per hour")
    yield app
    with app.app_context():
        db.engine.dispose()


def test_sign_up_is_rate_limited(limited_app):
    statuses = []
    for number in range(4):
        client = limited_app.test_client()
        statuses.append(AuthActions(client).sign_up(email=f"person{number}@example.org").status_code)
    assert statuses == [302, 302, 302, 429]
    assert count(limited_app, User) == 3


def test_guests_share_the_sign_up_limit(limited_app):
    statuses = [AuthActions(limited_app.test_client()).try_as_guest().status_code for _ in range(4)]
    assert statuses == [302, 302, 302, 429]
    assert count(limited_app, User) == 3


@pytest.mark.parametrize("path", ["/join", "/join/ABCDEFGH"])
def test_joining_by_code_is_rate_limited(limited_app, path):
    client = limited_app.test_client()
    AuthActions(client).sign_in(email=account(limited_app, "learner@example.org"))
    statuses = [
        post_form(client, path, {"code": f"WRONGCD{n}"}, form_page="/classes/").status_code for n in range(4)
    ]
    assert statuses == [302, 302, 302, 429]


def test_rate_limit_counters_go_where_the_setting_says(tmp_path):
    """RATELIMIT_STORAGE_URI reaches the limiter: a Redis URI gives Redis storage (no server needed)."""
    from limits.storage import RedisStorage

    app = make_app(tmp_path / "redis.sqlite", RATELIMIT_STORAGE_URI="redis://cache.invalid:6390/3")
    with app.app_context():
        storage = limiter.storage
        assert isinstance(storage, RedisStorage)
        pool = storage.storage.connection_pool.connection_kwargs
        assert (pool["host"], pool["port"], pool["db"]) == ("cache.invalid", 6390, 3)
        db.engine.dispose()


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_hostile_next_is_never_followed(target):
    assert not is_safe_next(target)


@pytest.mark.parametrize("target", ["/", "/settings", "/library/facts/x?y=1#z"])
def test_local_next_is_followed(target):
    assert is_safe_next(target)


def test_sign_in_and_report_forms_refuse_hostile_next(loaded_app):
    """Every form that redirects to a `next` it was given: sign-in, and reporting a question."""
    app = loaded_app
    app.config["SIGN_IN_LIMIT"] = "100 per minute"  # read per request; this test signs in many times
    client = app.test_client()
    email = account(app, "ada@example.org")
    for target in HOSTILE_NEXT:
        response = post_form(client, "/signin", {"email": email, "password": STRONG_PASSWORD, "next": target})
        assert response.status_code == 302 and response.headers["Location"] == "/", target
    with app.app_context():
        question_id = db.session.scalar(select(Question.id).order_by(Question.id).limit(1))
    for target in HOSTILE_NEXT:
        response = post_form(
            client,
            f"/library/questions/{question_id}/report",
            {"message": "Looks wrong.", "next": target},
            form_page="/settings",
        )
        location = response.headers["Location"]
        assert response.status_code == 302 and location.startswith("/library/facts/"), (target, location)
    assert count(app, QuestionReport) == len(HOSTILE_NEXT)
