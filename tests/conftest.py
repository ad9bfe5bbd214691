"""Shared fixtures: an app on a real database, a client, and scenario helpers.

The database is a temporary SQLite file by default. With QUIZAPP_TEST_DATABASE=postgres every
fixture that builds a database makes it on the PostgreSQL server at QUIZAPP_TEST_POSTGRES_URL
instead: one fresh database per test, cloned from a migrated template (CREATE DATABASE ... TEMPLATE
takes a fraction of a second), and dropped after the test.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, make_url

from quizapp import create_app
from quizapp.auth.accounts import create_account
from quizapp.extensions import db
from quizapp.models import Role, User
from quizapp.wal_checkpoints import checkpointer

STRONG_PASSWORD = "correct horse battery staple"
CSRF_PATTERN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
TEST_DATABASE = os.environ.get("QUIZAPP_TEST_DATABASE", "sqlite").strip().lower() or "sqlite"


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "sqlite_only(reason): checks SQLite itself; left out of the PostgreSQL run"
    )
    if TEST_DATABASE not in {"sqlite", "postgres"}:
        raise pytest.UsageError(f"QUIZAPP_TEST_DATABASE must be sqlite or postgres, not {TEST_DATABASE!r}")
    if TEST_DATABASE == "postgres" and not os.environ.get("QUIZAPP_TEST_POSTGRES_URL"):
        raise pytest.UsageError(
            "QUIZAPP_TEST_DATABASE=postgres needs QUIZAPP_TEST_POSTGRES_URL (see .ci/run)"
        )


def pytest_collection_modifyitems(config, items):
    """On PostgreSQL, run every test that builds its database through `test_databases`.

    The others never touch the app's database (the domain core, or checks written for a SQLite
    file), so the SQLite run already covers them; running them twice would only cost time. Tests
    marked sqlite_only check SQLite itself, and the security tests copy their school as SQLite
    files: the SQLite run covers them too, so they are left out here rather than skipped.
    """
    if TEST_DATABASE == "sqlite":
        return
    selected, deselected = [], []
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        runs_here = (
            "test_databases" in fixtures
            and item.get_closest_marker("sqlite_only") is None
            and "world_template" not in fixtures
        )
        (selected if runs_here else deselected).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected


def make_app(database: Path | str, **overrides) -> Flask:
    """Build an app on `database` (a SQLite file, or any SQLAlchemy URL) with every migration applied."""
    from flask_migrate import upgrade

    config = {
        "TESTING": True,
        "SECRET_KEY": secrets.token_hex(32),
        "SQLALCHEMY_DATABASE_URI": database if isinstance(database, str) else f"sqlite:///{database}",
        "RATELIMIT_STORAGE_URI": "memory://",
    }
    config.update(overrides)
    app = create_app(config)
    with app.app_context():
        upgrade()
    return app


def copy_closed_database(source: str | Path, target: str | Path) -> None:
    """Copy a SQLite file whose connections are closed, once this process's WAL checkpointer
    (quizapp/wal_checkpoints.py) has no checkpoint of it under way."""
    checkpointer.forget(str(source))
    shutil.copyfile(source, target)


def dispose(app: Flask) -> None:
    """Close the app's connections, so its database can be copied or dropped."""
    with app.app_context():
        db.engine.dispose()


class SqliteDatabases:
    """Test databases as files in one temporary folder; a copy is a file copy."""

    def __init__(self, folder: Path):
        self.folder = folder

    def create(self, template: str | None = None) -> str:
        path = self.folder / f"{secrets.token_hex(6)}.sqlite"
        if template:
            copy_closed_database(make_url(template).database, path)
        return f"sqlite:///{path}"

    def drop(self, url: str) -> None:
        checkpointer.forget(make_url(url).database)
        for suffix in ("", "-wal", "-shm"):
            Path(make_url(url).database + suffix).unlink(missing_ok=True)

    def close(self) -> None:
        pass


class PostgresDatabases:
    """Test databases on one PostgreSQL server; a copy is CREATE DATABASE ... TEMPLATE."""

    def __init__(self, server_url: str):
        self.server_url = make_url(server_url)
        self.admin = create_engine(self.server_url, isolation_level="AUTOCOMMIT")

    def create(self, template: str | None = None) -> str:
        name = f"quizapp_t_{secrets.token_hex(6)}"
        clause = f" TEMPLATE {make_url(template).database}" if template else ""
        with self.admin.connect() as connection:
            connection.exec_driver_sql(f"CREATE DATABASE {name}{clause}")
        return self.server_url.set(database=name).render_as_string(hide_password=False)

    def drop(self, url: str) -> None:
        # FORCE ends connections a test left open (a server thread, an engine never disposed).
        with self.admin.connect() as connection:
            connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {make_url(url).database} WITH (FORCE)")

    def close(self) -> None:
        self.admin.dispose()


@pytest.fixture(scope="session")
def test_databases(tmp_path_factory):
    """Where this run's test databases live: SQLite files, or PostgreSQL databases."""
    if TEST_DATABASE == "postgres":
        databases = PostgresDatabases(os.environ["QUIZAPP_TEST_POSTGRES_URL"])
    else:
        databases = SqliteDatabases(tmp_path_factory.mktemp("databases"))
    yield databases
    databases.close()


@pytest.fixture(scope="session")
def migrated_database(test_databases) -> str:
    """A database with every migration applied, made once; each `app` starts from a copy."""
    url = test_databases.create()
    dispose(make_app(url))
    yield url
    test_databases.drop(url)


@pytest.fixture(scope="session")
def bank_database(test_databases, migrated_database) -> str:
    """A migrated database with the real question bank loaded, made once.

    Tests that need the bank start from a copy, which is much faster than syncing 180 facts each time.
    """
    url = test_databases.create(template=migrated_database)
    app = make_app(url)
    result = app.test_cli_runner().invoke(args=["questions", "sync"])
    assert result.exit_code == 0, result.output
    dispose(app)
    yield url
    test_databases.drop(url)


@pytest.fixture
def new_database(test_databases):
    """Factory: new_database(template=None) gives the URL of a fresh database (a copy of `template`
    when given), dropped when the test ends."""
    made: list[str] = []

    def factory(template: str | None = None) -> str:
        made.append(test_databases.create(template))
        return made[-1]

    yield factory
    for url in made:
        test_databases.drop(url)


@pytest.fixture
def loaded_app(new_database, bank_database) -> Flask:
    """An app on its own copy of the loaded bank database."""
    app = make_app(new_database(template=bank_database))
    yield app
    dispose(app)


@pytest.fixture
def app(request, new_database, migrated_database) -> Flask:
    """An app on its own migrated, empty database; in a test that also uses `loaded_app`, that app,
    so helpers such as `make_user` write where the test's pages read."""
    if "loaded_app" in request.fixturenames:
        yield request.getfixturevalue("loaded_app")
        return
    app = make_app(new_database(template=migrated_database))
    yield app
    dispose(app)


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


@pytest.fixture
def mailbox(app):
    """A real SMTP server for this test; `app` sends its mail there. Yields the received mail."""
    from tests.mailbox import SmtpServer

    with SmtpServer() as server:
        app.config.update(server.settings())
        yield server.mailbox
