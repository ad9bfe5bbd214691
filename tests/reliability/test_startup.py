"""A bad configuration stops the app at start with one clear line, not a traceback on first request."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from quizapp import STARTUP_FAILED_EXIT_CODE, create_app
from tests.reliability.server import BIN, REPO, gunicorn_until_it_exits, server_environment

BAD_CONFIGURATIONS = [
    pytest.param(
        {"DATABASE_URL": "sqlite:////nonexistent-folder/quizapp.sqlite"},
        "quizapp: cannot reach the database sqlite:////nonexistent-folder/quizapp.sqlite: unable to open database file",
        id="unreachable-sqlite",
    ),
    pytest.param(
        {"DATABASE_URL": "postgresql://quizapp:secret@127.0.0.1:1/quizapp"},
        "quizapp: cannot reach the database postgresql+psycopg://quizapp:***@127.0.0.1:1/quizapp: connection",
        id="unreachable-postgres",
    ),
    pytest.param(
        {"DATABASE_URL": "not a url"},
        "quizapp: DATABASE_URL is not a database URL quizapp can use",
        id="malformed-url",
    ),
    pytest.param(
        {"QUIZAPP_ENV": "production", "SECRET_KEY": ""},
        "quizapp: SECRET_KEY is not set; production needs a fixed secret key.",
        id="production-without-secret-key",
    ),
    pytest.param(
        {"QUIZAPP_ENV": "production", "SECRET_KEY": "x", "PUBLIC_URL": "https://quiz.example.org"},
        "quizapp: SECRET_KEY is too short or not random enough; production needs at least 32 random bytes",
        id="production-with-a-weak-secret-key",
    ),
    pytest.param(
        {"QUIZAPP_ENV": "production", "SECRET_KEY": "0f" * 32 + "1a2b3c4d5e6789ab" * 2},
        "quizapp: PUBLIC_URL is not set; production needs the address people use",
        id="production-without-public-url",
    ),
    pytest.param(
        {"QUIZAPP_PERSONALISE_EVERY": "5"},
        "quizapp: QUIZAPP_PERSONALISE_EVERY must be 0 (off) or at least 60 seconds, not '5'.",
        id="personalise-runner-too-often",
    ),
]


def the_one_line(stderr: str) -> list[str]:
    """quizapp's own lines in a server's output (gunicorn adds its timestamped log lines)."""
    return [line for line in stderr.splitlines() if line.startswith("quizapp:")]


@pytest.mark.parametrize("workers", [1, 4])
@pytest.mark.parametrize(("environment", "message"), BAD_CONFIGURATIONS)
def test_gunicorn_refuses_to_start_on_bad_configuration(server_database, environment, message, workers):
    """With several workers gunicorn used to add two tracebacks of its own (issue 17): the master
    now checks the configuration before any worker starts (quizapp/gunicorn_config.py)."""
    result = gunicorn_until_it_exits(server_database, environment, workers=workers)
    assert result.returncode == STARTUP_FAILED_EXIT_CODE, result.stderr
    lines = the_one_line(result.stderr)
    assert lines and all(line.startswith(message) for line in lines), result.stderr
    assert "Traceback" not in result.stderr
    assert ":secret@" not in result.stderr  # the database password is not echoed


def test_gunicorn_refuses_a_database_with_migrations_pending(tmp_path):
    empty = tmp_path / "never-set-up.sqlite"
    result = gunicorn_until_it_exits(empty)
    assert result.returncode == STARTUP_FAILED_EXIT_CODE, result.stderr
    assert the_one_line(result.stderr)[0] == (
        f"quizapp: the database sqlite:///{empty} has migrations pending; "
        "run `flask --app quizapp setup` first."
    )
    assert "Traceback" not in result.stderr


def test_flask_run_refuses_a_database_with_migrations_pending(tmp_path):
    empty = tmp_path / "never-set-up.sqlite"
    result = subprocess.run(
        [str(BIN / "flask"), "--app", "quizapp", "run", "--port", "0"],
        cwd=REPO,
        env=server_environment(empty),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == STARTUP_FAILED_EXIT_CODE
    assert result.stderr.strip().splitlines() == [
        f"quizapp: the database sqlite:///{empty} has migrations pending; run `flask --app quizapp setup` first."
    ]


def test_create_app_refuses_an_unmigrated_database_when_asked_to_check(tmp_path, capsys):
    with pytest.raises(SystemExit) as stopped:
        create_app(
            {
                "SECRET_KEY": "k",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'empty.sqlite'}",
                "CHECK_DATABASE_AT_START": True,
            }
        )
    assert stopped.value.code == STARTUP_FAILED_EXIT_CODE
    assert (
        capsys.readouterr()
        .err.strip()
        .endswith("has migrations pending; run `flask --app quizapp setup` first.")
    )


def test_create_app_refuses_an_unknown_sqlite_synchronous_setting(tmp_path, capsys):
    with pytest.raises(SystemExit) as stopped:
        create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "k",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'q.sqlite'}",
                "SQLITE_SYNCHRONOUS": "SOMETIMES",
            }
        )
    assert stopped.value.code == STARTUP_FAILED_EXIT_CODE
    assert capsys.readouterr().err.strip() == (
        "quizapp: QUIZAPP_SQLITE_SYNCHRONOUS must be NORMAL or FULL, not 'SOMETIMES'."
    )


def test_a_postgresql_url_without_its_driver_says_which_extra_to_install():
    """psycopg is installed here, so the child hides it the way a missing package looks."""
    hide_driver = (
        "import sys; sys.modules['psycopg'] = None; sys.modules['psycopg2'] = None\n"
        "from quizapp import create_app\n"
        "create_app()\n"
    )
    env = {**os.environ, "DATABASE_URL": "postgresql://quizapp@127.0.0.1:1/quizapp", "SECRET_KEY": "k"}
    result = subprocess.run(
        [sys.executable, "-c", hide_driver], cwd=REPO, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == STARTUP_FAILED_EXIT_CODE, result.stderr
    assert result.stderr.strip().splitlines() == [
        "quizapp: DATABASE_URL is a PostgreSQL URL but its driver (psycopg) is not installed; "
        "install quizapp with the postgres extra: pip install -e '.[postgres]'"
    ]
