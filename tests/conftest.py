"""Shared fixtures: an app on a real temporary SQLite file, a client, and scenario helpers."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from quizapp import create_app
from quizapp.auth.accounts import create_account
from quizapp.extensions import db
from quizapp.models import Role, User

STRONG_PASSWORD = "correct horse battery staple"
CSRF_PATTERN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def make_app(database_file: Path, **overrides) -> Flask:
    """Build an app on `database_file` with every migration applied."""
    from flask_migrate import upgrade

    config = {
        "TESTING": True,
        "SECRET_KEY": secrets.token_hex(16),
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database_file}",
        "RATELIMIT_STORAGE_URI": "memory://",
    }
    config.update(overrides)
    app = create_app(config)
    with app.app_context():
        upgrade()
    return app


@pytest.fixture(scope="session")
def bank_database(tmp_path_factory) -> Path:
    """A database file with every migration applied and the real question bank loaded, made once.

    Tests that need the bank copy it, which is much faster than syncing 180 facts each time.
    """
    path = tmp_path_factory.mktemp("bank") / "bank.sqlite"
    app = make_app(path)
    result = app.test_cli_runner().invoke(args=["questions", "sync"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        db.engine.dispose()
    return path


@pytest.fixture
def loaded_app(tmp_path, bank_database) -> Flask:
    """An app on its own copy of the loaded bank database."""
    import shutil

    path = tmp_path / "quizapp.sqlite"
    shutil.copyfile(bank_database, path)
    app = make_app(path)
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def app(tmp_path) -> Flask:
    app = make_app(tmp_path / "quizapp.sqlite")
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def client(app) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def csrf_token(client: FlaskClient, path: str) -> str:
    """Read the CSRF token a real browser would get from the form at `path`."""
    page = client.get(path).get_data(as_text=True)
    match = CSRF_PATTERN.search(page)
    assert match, f"no CSRF token in {path}"
    return match.group(1)


def post_form(client: FlaskClient, path: str, data: dict, form_page: str | None = None, **kwargs):
    """POST `data` to `path` with a valid CSRF token taken from `form_page` (default: `path`)."""
    token = csrf_token(client, form_page or path)
    return client.post(path, data={"csrf_token": token, **data}, **kwargs)


@dataclass
class AuthActions:
    """Sign people up and in through the real pages, so tests read like what a person does."""

    client: FlaskClient

    def sign_up(self, email="ada@example.org", password=STRONG_PASSWORD, name="Ada", **kwargs):
        data = {"display_name": name, "email": email, "password": password, "confirm": password}
        return post_form(self.client, "/signup", data, **kwargs)

    def sign_in(self, email="ada@example.org", password=STRONG_PASSWORD, **kwargs):
        return post_form(self.client, "/signin", {"email": email, "password": password}, **kwargs)

    def sign_out(self):
        return post_form(self.client, "/signout", {}, form_page="/settings")

    def try_as_guest(self):
        return post_form(self.client, "/guest", {}, form_page="/")


@pytest.fixture
def auth(client) -> AuthActions:
    return AuthActions(client)


@pytest.fixture
def make_user(app):
    """Factory: make_user(role=Role.TEACHER) creates an account directly in the database."""
    counter = iter(range(1, 10_000))

    def factory(role: Role = Role.LEARNER, email: str | None = None, password=STRONG_PASSWORD) -> User:
        email = email or f"user{next(counter)}@example.org"
        with app.app_context():
            user = create_account(email, password, email.split("@")[0], role)
            db.session.commit()
            db.session.refresh(user)
            db.session.expunge(user)
            return user

    return factory
