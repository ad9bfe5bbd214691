"""WAL checkpoints are made by a thread of their own, not by the request whose commit fills the WAL
(quizapp/wal_checkpoints.py). What matters is where the rows are: in the database file itself, which
a copy of that file alone shows, or still only in its WAL."""

from __future__ import annotations

import shutil
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import make_url, text

from quizapp import wal_checkpoints
from quizapp.extensions import db
from quizapp.wal_checkpoints import SAFETY_NET_PAGES, Checkpointer, checkpointer

pytestmark = pytest.mark.sqlite_only("SQLite's write-ahead log")


def database_file(app) -> str:
    return make_url(app.config["SQLALCHEMY_DATABASE_URI"]).database


def emails_in_the_file_alone(database: str, scratch: Path) -> set[str]:
    """The accounts a copy of the database file shows without its WAL: what was checkpointed."""
    copy = scratch / f"alone-{time.monotonic_ns()}.sqlite"
    shutil.copyfile(database, copy)
    with sqlite3.connect(copy) as connection:
        return {email for (email,) in connection.execute("SELECT email FROM user")}


def test_request_connections_leave_checkpoints_to_the_thread(app):
    with app.app_context():
        pages = db.session.execute(text("PRAGMA wal_autocheckpoint")).scalar()
    assert pages == SAFETY_NET_PAGES
    assert database_file(app) in checkpointer.watched()
    running = [thread for thread in threading.enumerate() if thread.name == "quizapp-wal-checkpoints"]
    assert len(running) == 1 and running[0].daemon


def test_a_checkpoint_moves_what_was_written_into_the_file(app, make_user, tmp_path):
    database = database_file(app)
    checking = Checkpointer(every_seconds=3600)  # driven by hand here; the real one runs meanwhile
    checking.watch(database)
    checking.check(database)
    made = {make_user().email for _ in range(3)}
    checking.check(database)  # (unless the process's own checkpointer got there first)
    assert made <= emails_in_the_file_alone(database, tmp_path)
    assert checking.check(database) is False  # nothing written since


def test_the_thread_checkpoints_without_being_asked(app, make_user, tmp_path):
    database = database_file(app)
    made = make_user().email
    deadline = time.monotonic() + 10
    while made not in emails_in_the_file_alone(database, tmp_path):
        assert time.monotonic() < deadline, "the WAL was not checkpointed within 10 s"
        time.sleep(wal_checkpoints.CHECK_SECONDS)


def test_a_database_that_is_gone_is_no_longer_watched_nor_made_again(tmp_path):
    database = tmp_path / "gone.sqlite"
    with sqlite3.connect(database) as connection:
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("CREATE TABLE t (x)")
    checking = Checkpointer(every_seconds=3600)
    checking.watch(str(database))
    database.unlink()
    assert checking.check(str(database)) is False
    assert str(database) not in checking.watched()
    assert not database.exists()


def test_a_file_that_is_not_a_database_is_left_as_it_is(tmp_path):
    database = tmp_path / "garbage.sqlite"
    database.write_bytes(b"not a database" * 100)
    Path(f"{database}-wal").write_bytes(b"nor a log" * 100)
    checking = Checkpointer(every_seconds=3600)
    checking.watch(str(database))
    checking.check(str(database))  # no exception: the requests report a broken file
    assert database.read_bytes() == b"not a database" * 100


def test_forget_waits_for_a_checkpoint_under_way(tmp_path, monkeypatch):
    database = tmp_path / "busy.sqlite"
    with sqlite3.connect(database) as connection:
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("CREATE TABLE t (x)")
    holder = sqlite3.connect(database)  # keeps the WAL in place
    holder.execute("INSERT INTO t VALUES (1)")
    holder.commit()
    started, release = threading.Event(), threading.Event()
    real_checkpoint = wal_checkpoints.checkpoint

    def slow_checkpoint(path: str) -> None:
        started.set()
        release.wait(5)
        real_checkpoint(path)

    monkeypatch.setattr(wal_checkpoints, "checkpoint", slow_checkpoint)
    checking = Checkpointer(every_seconds=3600)
    checking.watch(str(database))
    worker = threading.Thread(target=checking.check, args=(str(database),))
    worker.start()
    assert started.wait(5)
    forgotten = threading.Event()
    forgetting = threading.Thread(target=lambda: (checking.forget(str(database)), forgotten.set()))
    forgetting.start()
    assert not forgotten.wait(0.3)  # the checkpoint is still under way
    release.set()
    worker.join(5)
    forgetting.join(5)
    assert forgotten.is_set() and str(database) not in checking.watched()
    holder.close()
