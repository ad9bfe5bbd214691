"""Fixtures for tests against real gunicorn processes on a SQLite file (see server.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest

from tests.reliability.server import GunicornServer, copy_database, set_up_database, start_gunicorn

HERE = Path(__file__).parent


def pytest_collection_modifyitems(config, items) -> None:
    """Mark every test here `gunicorn`, so `-m "not gunicorn"` skips them while iterating."""
    for item in items:
        if HERE in Path(item.fspath).parents:
            item.add_marker(pytest.mark.gunicorn)


@pytest.fixture(scope="session")
def set_up_database_file(tmp_path_factory) -> Path:
    """A database prepared once by `flask setup` (migrated, bank loaded); tests use copies.

    That `flask setup` runs at all on an empty database also shows the start-up database check
    does not lock operators out of the command that fixes the database.
    """
    path = tmp_path_factory.mktemp("setup") / "quizapp.sqlite"
    set_up_database(path)
    return path


@pytest.fixture
def server_database(tmp_path, set_up_database_file) -> Path:
    """This test's own copy of a database ready to serve."""
    return copy_database(set_up_database_file, tmp_path / "quizapp.sqlite")


@pytest.fixture
def gunicorn() -> Iterator[Callable[..., GunicornServer]]:
    """Factory: gunicorn(database, workers=4, extra_env=None, launcher=()) starts a server, waits for /healthz.

    Every server it started is stopped when the test ends, whatever happened.
    """
    started: list[GunicornServer] = []

    def start(
        database: Path,
        workers: int = 4,
        extra_env: dict[str, str] | None = None,
        launcher: Sequence[str] = (),
    ) -> GunicornServer:
        server = start_gunicorn(database, workers=workers, extra_env=extra_env, launcher=launcher)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()
