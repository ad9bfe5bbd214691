"""Bad requests get friendly pages; /healthz tells the truth about the database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from quizapp.extensions import db
from tests.conftest import TEST_DATABASE, dispose, make_app

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("method", "path", "status", "text"),
    [
        ("get", "/no/such/page", 404, "Page not found"),
        ("get", "/signout", 405, "Not allowed"),
        ("post", "/settings", 400, "This form expired"),
    ],
)
def test_error_pages_are_friendly(client, method, path, status, text):
    response = getattr(client, method)(path)
    assert response.status_code == status
    page = response.get_data(as_text=True)
    assert text in page
    assert "Traceback" not in page
    assert 'href="/"' in page


def test_oversized_body_is_refused(client):
    response = client.post("/signin", data={"email": "x" * (3 * 1024 * 1024)})
    assert response.status_code == 413
    assert "larger than quizapp accepts" in response.get_data(as_text=True)


def test_security_headers_on_every_response(client):
    for path in ["/", "/signin", "/no/such/page", "/healthz"]:
        headers = client.get(path).headers
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"


def test_session_cookie_flags(client, auth):
    auth.sign_up()
    cookie = client.get_cookie("session")
    assert cookie.http_only
    assert cookie.same_site == "Lax"


def test_healthz_reports_a_ready_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok"
    backend = {"sqlite": "sqlite", "postgres": "postgresql"}[TEST_DATABASE]
    assert body["database"] == {"backend": backend, "ok": True, "migrations": "current", "writable": True}


def test_healthz_reports_pending_migrations(new_database):
    from quizapp import create_app

    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": new_database()})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"]["migrations"] == "pending"
    dispose(app)


# Overwrites the database file with garbage: a SQLite failure mode a server database does not have.
@pytest.mark.sqlite_only("corrupts the SQLite file")
def test_a_corrupt_database_gives_a_clear_page_not_a_traceback(tmp_path):
    database = tmp_path / "broken.sqlite"
    app = make_app(database)
    with app.app_context():
        db.engine.dispose()  # the last close checkpoints the WAL; corrupt the file after it
    database.write_bytes(b"this is not a database at all" * 100)
    for suffix in ("-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    client = app.test_client()
    health = client.get("/healthz")
    assert health.status_code == 503
    assert health.get_json()["database"]["ok"] is False
    page = client.get("/")
    assert page.status_code in {200, 503}
    assert "Traceback" not in page.get_data(as_text=True)


def run_flask(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "quizapp", *args],
        cwd=REPO,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.sqlite_only("a corrupt or unreachable SQLite file")
@pytest.mark.parametrize(
    ("make_path", "reason"),
    [
        (lambda tmp: tmp / "corrupt.sqlite", "file is not a database"),
        (lambda tmp: tmp / "no" / "such" / "folder" / "x.sqlite", "unable to open database file"),
    ],
)
def test_setup_on_a_bad_database_exits_with_one_line(tmp_path, make_path, reason):
    database = make_path(tmp_path)
    if database.parent.exists():
        database.write_bytes(b"garbage" * 1000)
    result = run_flask("setup", env={"DATABASE_URL": f"sqlite:///{database}", "SECRET_KEY": "k"})
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "cannot prepare the database" in result.stderr
    assert reason in result.stderr


def test_production_without_secret_key_refuses_to_start(tmp_path):
    env = {"QUIZAPP_ENV": "production", "SECRET_KEY": "", "DATABASE_URL": f"sqlite:///{tmp_path}/p.db"}
    result = run_flask("setup", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
    assert "Traceback" not in result.stderr
