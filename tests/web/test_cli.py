"""`flask users` and `flask setup`: clear output, non-zero exits on bad input."""

from __future__ import annotations

import pytest

from quizapp.extensions import db
from quizapp.models import User
from tests.conftest import STRONG_PASSWORD


def test_users_create_with_role(runner, app):
    result = runner.invoke(
        args=["users", "create", "t@example.org", "--role", "teacher", "--name", "Ms T"],
        env={"QUIZAPP_NEW_PASSWORD": STRONG_PASSWORD},
    )
    assert result.exit_code == 0, result.output
    assert "Created teacher t@example.org" in result.output
    with app.app_context():
        user = db.session.query(User).one()
        assert (user.role, user.display_name) == ("teacher", "Ms T")


@pytest.mark.parametrize(
    ("args", "password", "message"),
    [
        (["users", "create", "not-an-email"], STRONG_PASSWORD, "not an email address"),
        (["users", "create", "a@example.org"], "short", "at least 10 characters"),
        (["users", "create", "a@example.org", "--role", "wizard"], STRONG_PASSWORD, "wizard"),
        (["users", "set-role", "nobody@example.org", "admin"], None, "no user with email"),
    ],
)
def test_users_commands_refuse_bad_input(runner, app, args, password, message):
    env = {"QUIZAPP_NEW_PASSWORD": password} if password else {}
    result = runner.invoke(args=args, env=env)
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output
    with app.app_context():
        assert db.session.query(User).count() == 0


def test_duplicate_user_is_refused(runner, app):
    env = {"QUIZAPP_NEW_PASSWORD": STRONG_PASSWORD}
    assert runner.invoke(args=["users", "create", "a@example.org"], env=env).exit_code == 0
    result = runner.invoke(args=["users", "create", "A@example.org"], env=env)
    assert result.exit_code == 1
    assert "already exists" in result.output


def test_set_role(runner, app):
    env = {"QUIZAPP_NEW_PASSWORD": STRONG_PASSWORD}
    runner.invoke(args=["users", "create", "a@example.org"], env=env)
    result = runner.invoke(args=["users", "set-role", "a@example.org", "admin"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.query(User).one()
        assert user.role == "admin"
        assert user.session_version == 2  # old sessions end so the new role applies at once


def test_setup_is_idempotent(runner):
    first = runner.invoke(args=["setup"])
    second = runner.invoke(args=["setup"])
    assert first.exit_code == 0 and second.exit_code == 0
    assert "Database ready" in second.output
