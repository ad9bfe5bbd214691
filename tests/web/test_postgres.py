"""The same schema and account flow on a real PostgreSQL server.

CI starts one and sets QUIZAPP_TEST_POSTGRES_URL; on a developer machine without it these skip.
"""

from __future__ import annotations

import os
import secrets
import time

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, text

from quizapp import create_app
from quizapp.extensions import db
from quizapp.models import User
from tests.conftest import AuthActions

pytestmark = pytest.mark.postgres


@pytest.fixture
def postgres_url():
    url = os.environ.get("QUIZAPP_TEST_POSTGRES_URL")
    if not url:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("QUIZAPP_TEST_POSTGRES_URL is not set; CI must start PostgreSQL (.ci/run)")
        pytest.skip("set QUIZAPP_TEST_POSTGRES_URL to run the PostgreSQL tests")
    # One fresh schema per test so tests never see each other's rows.
    schema = f"t_{secrets.token_hex(6)}"
    admin = create_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    yield f"{url}?options=-csearch_path%3D{schema}"
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


@pytest.fixture
def pg_app(postgres_url):
    app = create_app({"TESTING": True, "SECRET_KEY": "k", "SQLALCHEMY_DATABASE_URI": postgres_url})
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        db.engine.dispose()


def test_migrations_match_models_on_postgres(pg_app):
    with pg_app.app_context():
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, db.metadata) == []
        downgrade(revision="base")
        upgrade()


def test_sign_up_and_in_on_postgres(pg_app):
    client = pg_app.test_client()
    auth = AuthActions(client)
    assert auth.sign_up().status_code == 302
    auth.sign_out()
    # A taken address is answered like a new one (no account enumeration), and makes no second account.
    assert auth.sign_up().status_code == 302
    assert auth.sign_in().status_code == 302
    assert client.get("/healthz").get_json()["database"]["backend"] == "postgresql"
    with pg_app.app_context():
        assert db.session.query(User).count() == 1


def test_reads_on_every_request_survive_the_server_dropping_their_connections(postgres_url):
    """The kept pages' key is read on each thread's own connection (quizapp/raw_sql.py): when the
    server drops it (a restart, an idle timeout) the next request opens another, and disposing the
    engine lets go of it."""
    name = f"quizapp_{secrets.token_hex(4)}"
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "k",
            "SQLALCHEMY_DATABASE_URI": f"{postgres_url}&application_name={name}",
        }
    )
    with app.app_context():
        upgrade()
    client = app.test_client()
    assert AuthActions(client).sign_up().status_code == 302
    first = client.get("/study/")
    assert first.status_code == 200
    admin = create_engine(postgres_url)

    def backends() -> int:
        with admin.connect() as connection:
            return connection.execute(
                text("SELECT count(*) FROM pg_stat_activity WHERE application_name = :name"), {"name": name}
            ).scalar_one()

    def gone() -> bool:
        """True once no backend of the app is left (a backend ends a moment after its client)."""
        deadline = time.monotonic() + 5
        while backends() and time.monotonic() < deadline:
            time.sleep(0.05)
        return backends() == 0

    try:
        assert backends() >= 1
        with admin.connect() as connection:
            connection.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = :name"),
                {"name": name},
            )
        assert gone()
        again = client.get("/study/")
        assert again.status_code == 200
        assert again.get_data(as_text=True).count("<h1") == first.get_data(as_text=True).count("<h1")
        assert backends() >= 1
        with app.app_context():
            db.engine.dispose()
        assert gone()
    finally:
        admin.dispose()
