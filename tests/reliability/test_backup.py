"""`flask backup` copies a serving database consistently; `flask restore` brings a copy back, or refuses."""

from __future__ import annotations

import re
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from quizapp import create_app
from quizapp.backup import back_up
from quizapp.extensions import db
from tests.conftest import make_app
from tests.reliability.checks import integrity_of, stored_review_keys
from tests.reliability.learners import LoadResult, run_learners
from tests.reliability.server import run_flask, server_environment

LEARNERS = 20
ANSWERS_EACH = 20


def test_a_backup_taken_under_load_restores_every_answer_acknowledged_before_it(
    server_database, gunicorn, tmp_path
):
    server = gunicorn(server_database, workers=2)
    result = LoadResult()
    # The last third of the answers waits for the backup: on a fast machine the whole load was
    # done before `flask backup` had started, and the backup then held every answer.
    backup_done = threading.Event()
    load = threading.Thread(
        target=run_learners,
        args=(server.url, LEARNERS, ANSWERS_EACH, result),
        kwargs={"hold": (ANSWERS_EACH * 2 // 3, backup_done)},
    )
    load.start()
    while len(result.acknowledged) < LEARNERS * ANSWERS_EACH // 3 and load.is_alive():
        time.sleep(0.01)
    backup_started = time.monotonic()
    backup = tmp_path / "backup.sqlite"
    try:
        backed_up = run_flask("backup", str(backup), env=server.env)
    finally:  # the held learners go on even if the backup command could not run
        backup_done.set()
    load.join()
    server.stop()
    assert backed_up.returncode == 0, backed_up.stderr
    assert load_finished_cleanly(result, LEARNERS * ANSWERS_EACH)
    assert "database is locked" not in server.log_text()
    acknowledged_before = {s.key for s in result.acknowledged if s.acknowledged_at < backup_started}
    assert acknowledged_before

    restored = run_flask("restore", str(backup), "--yes", env=server.env)
    assert restored.returncode == 0, restored.stderr
    assert "stop the app" in restored.stdout
    in_restored = stored_review_keys(server_database)
    assert acknowledged_before <= set(in_restored), "an answer acknowledged before the backup is missing"
    assert len(in_restored) < LEARNERS * ANSWERS_EACH  # it is the snapshot, not the live file
    assert integrity_of(server_database) == "ok"
    kept = list(tmp_path.glob("quizapp.sqlite.before-restore-*"))
    assert len(kept) == 1 and len(stored_review_keys(kept[0])) == LEARNERS * ANSWERS_EACH
    assert gunicorn(server_database, workers=1).url  # the restored database serves


def load_finished_cleanly(result: LoadResult, expected: int) -> bool:
    return [s.status for s in result.submissions] == [302] * expected and not result.page_errors


@pytest.fixture(scope="session")
def quizapp_backup(set_up_database_file, tmp_path_factory) -> Path:
    """A good backup of a freshly set-up database (treat as read-only)."""
    return back_up(set_up_database_file, tmp_path_factory.mktemp("backup") / "good-backup.sqlite").path


@pytest.fixture
def flask_cli(server_database):
    """`flask` commands run in-process on this test's database (faster than a subprocess)."""
    app = make_app(server_database)
    yield app.test_cli_runner()
    with app.app_context():
        db.engine.dispose()


def make_text_file(good, path):
    path.write_text("name,score\nada,3\n")
    return path


def make_unrelated_database(good, path):
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE notes (body TEXT)")
    return path


def make_nothing(good, path):
    return path


def make_corrupt_copy(good, path):
    data = bytearray(good.read_bytes())
    data[8192:16384] = b"\xff" * 8192  # overwrite pages two and three, keep the header
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize(
    ("make_file", "message"),
    [
        (make_text_file, "is not a SQLite database"),
        (make_unrelated_database, "is a SQLite database but not a quizapp one"),
        (make_corrupt_copy, "is corrupt"),
        (make_nothing, "there is no file at"),
    ],
    ids=["text-file", "other-sqlite", "corrupt", "missing"],
)
def test_restore_refuses_a_file_that_is_not_a_good_quizapp_backup(
    server_database, flask_cli, quizapp_backup, tmp_path, make_file, message
):
    before = server_database.read_bytes()
    candidate = make_file(quizapp_backup, tmp_path / "candidate.sqlite")
    result = flask_cli.invoke(args=["restore", str(candidate), "--yes"])
    assert result.exit_code != 0
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert server_database.read_bytes() == before
    assert not list(tmp_path.glob("*.before-restore-*"))


def test_restore_keeps_the_replaced_database_and_asks_to_stop_the_app(server_database, quizapp_backup):
    """A real `flask restore` process, as an operator types it."""
    env = server_environment(server_database)
    declined = run_flask("restore", str(quizapp_backup), env=env)
    assert declined.returncode != 0
    assert "stop the app" in declined.stdout
    assert not list(server_database.parent.glob("*.before-restore-*"))
    done = run_flask("restore", str(quizapp_backup), "--yes", env=env)
    assert done.returncode == 0, done.stderr
    assert "The replaced database is kept at" in done.stdout
    assert len(list(server_database.parent.glob("quizapp.sqlite.before-restore-*"))) == 1


def test_backup_refuses_to_overwrite_a_file(flask_cli, tmp_path):
    existing = tmp_path / "notes.txt"
    existing.write_text("keep me")
    result = flask_cli.invoke(args=["backup", str(existing)])
    assert result.exit_code != 0
    assert "already exists" in result.output
    assert existing.read_text() == "keep me"


def test_backup_into_a_folder_names_the_file_by_time(flask_cli, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    result = flask_cli.invoke(args=["backup", str(folder)])
    assert result.exit_code == 0, result.output
    [made] = folder.iterdir()
    assert re.fullmatch(r"quizapp-\d{8}-\d{6}\.sqlite", made.name)
    assert integrity_of(made) == "ok"


@pytest.mark.parametrize("command", ["backup", "restore"])
def test_backup_and_restore_refuse_a_database_that_is_not_sqlite(tmp_path, command):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "k",
            "SQLALCHEMY_DATABASE_URI": "postgresql://quizapp@127.0.0.1:1/quizapp",
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )
    target = tmp_path / "copy.sqlite"
    options = ["--yes"] if command == "restore" else []
    result = app.test_cli_runner().invoke(args=[command, str(target), *options])
    assert result.exit_code != 0
    assert "works on SQLite databases only" in result.output
    assert "pg_dump" in result.output
    assert not target.exists()


def test_a_backup_holds_answers_still_in_the_write_ahead_log(server_database, tmp_path):
    """What a running app has committed may live only in the -wal file; `cp` would miss it."""
    writer = sqlite3.connect(server_database, isolation_level=None)
    writer.execute("PRAGMA journal_mode = WAL")
    writer.execute("PRAGMA wal_autocheckpoint = 0")  # keep the rows in the -wal, as a busy server does
    writer.execute("CREATE TABLE backup_probe (n INTEGER)")
    writer.executemany("INSERT INTO backup_probe VALUES (?)", [(n,) for n in range(100)])
    try:
        naive_copy = tmp_path / "copied-with-cp.sqlite"
        naive_copy.write_bytes(server_database.read_bytes())
        backup = tmp_path / "backup.sqlite"
        result = run_flask("backup", str(backup), env=server_environment(server_database))
    finally:
        writer.close()
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(naive_copy) as copied:
        assert not copied.execute("SELECT name FROM sqlite_master WHERE name = 'backup_probe'").fetchall()
    with sqlite3.connect(backup) as backed_up:
        assert backed_up.execute("SELECT count(*) FROM backup_probe").fetchone()[0] == 100
        assert backed_up.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
