"""Database wiring: SQLite pragmas and explicit transactions, readiness checks, recovery from faults.

Python's sqlite3 does not begin a transaction before a SELECT, so a read-modify-write of a card
could interleave with another worker's and lose an update. We take transaction control away from
the driver and emit BEGIN ourselves: BEGIN IMMEDIATE (take the write lock up front) for requests
that change state, plain BEGIN for the rest, which keeps reads cheap.

gunicorn's workers are threaded (quizapp/gunicorn_config.py), so the writers of one process first
take turns at a WriterQueue and only one of them at a time waits on SQLite's lock; the processes
then take turns through a file lock beside the database (WriterQueue's docstring says why).
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import threading
import time
from functools import wraps
from pathlib import Path
from typing import Any

from flask import Flask, current_app, g, has_request_context, request
from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import Connection, Engine, ExceptionContext
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError
from sqlalchemy.pool import NullPool

from quizapp import wal_checkpoints
from quizapp.config import ConfigError
from quizapp.extensions import db

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def wants_write_lock() -> bool:
    """True when the current unit of work will write: non-GET requests and CLI commands."""
    if not has_request_context():
        return True
    override = g.get("write_transaction")
    if override is not None:
        return bool(override)
    return request.method in WRITE_METHODS


class WriterQueue:
    """The writers of one process take turns here before asking SQLite for its write lock.

    SQLite's busy handler retries on a timer and is not fair: with eight threads of each worker
    polling for the lock, some answers waited past the busy timeout ("database is locked") while
    others got in again and again. Here a waiting thread sleeps until the writer before it has
    finished, so SQLite only arbitrates between processes, as it did with one request per worker.
    A turn is tied to the DB-API connection (its pool record's `info`), taken at BEGIN IMMEDIATE
    and given back when that transaction commits or rolls back, or the connection goes back to
    the pool or is thrown away.

    Between processes the same unfairness remained: with gunicorn's two threaded workers one
    process's writers followed each other so closely that the other's, asleep in SQLite's busy
    handler, found the lock taken each time it looked (answer + next item p99 1.7 s in
    bench/web_path.py, against 84 ms with sync workers). So with `lock_path` the process whose turn
    it is also takes a file lock beside the database (fcntl record locks, which the kernel drops
    when a process dies), and a process that finds another one waiting lets it go first: byte 0 of
    the file is the turn, byte 1 is held shared by every process waiting for it.
    """

    HOLDS_TURN = "quizapp_holds_write_turn"
    POLL_SECONDS = 0.0005

    def __init__(self, timeout_seconds: float, lock_path: str | None = None):
        self._lock = threading.Lock()
        self.timeout_seconds = timeout_seconds
        self.lock_path = lock_path
        self._file: int | None = None
        self._file_pid: int | None = None

    def take_turn(self, info: dict[str, Any]) -> None:
        if info.get(self.HOLDS_TURN):
            return
        deadline = time.monotonic() + self.timeout_seconds
        if not self._lock.acquire(timeout=self.timeout_seconds):
            raise self._busy()
        try:
            self._take_file_turn(deadline)
        except BaseException:
            self._lock.release()
            raise
        info[self.HOLDS_TURN] = True

    def end_turn(self, info: dict[str, Any]) -> None:
        if info.pop(self.HOLDS_TURN, False):
            try:
                self._end_file_turn()
            finally:  # whatever happens to the file lock, the process's next writer may go
                self._lock.release()

    def _end_file_turn(self) -> None:
        if self._file is None or self._file_pid != os.getpid():
            return
        try:
            fcntl.lockf(self._file, fcntl.LOCK_UN, 1, 0)
        except OSError:
            # Closing the descriptor drops every lock this process holds on the file; the next
            # turn opens it again.
            os.close(self._file)
            self._file = None

    @staticmethod
    def _busy() -> OperationalError:
        # The same error SQLite gives after its busy timeout, so it is handled the same way (503).
        return OperationalError("BEGIN IMMEDIATE", None, sqlite3.OperationalError("database is locked"))

    def _lock_file(self) -> int | None:
        """This process's descriptor of the lock file (opened again after a fork); None when
        there is no file or it cannot be opened (a read-only folder: SQLite then says why)."""
        if self.lock_path is None:
            return None
        if self._file is None or self._file_pid != os.getpid():
            try:
                self._file = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
            except OSError:
                return None
            self._file_pid = os.getpid()
        return self._file

    def _take_file_turn(self, deadline: float) -> None:
        """Byte 0 of the lock file, after any other process already waiting for it."""
        file = self._lock_file()
        if file is None:
            return
        if self._try(file, fcntl.LOCK_EX, 0):
            if self._try(file, fcntl.LOCK_EX, 1):  # nobody waits: go
                fcntl.lockf(file, fcntl.LOCK_UN, 1, 1)
                return
            fcntl.lockf(file, fcntl.LOCK_UN, 1, 0)  # another process waits: it goes first
        waiting = self._try(file, fcntl.LOCK_SH, 1)
        try:
            while not self._try(file, fcntl.LOCK_EX, 0):
                if time.monotonic() > deadline:
                    raise self._busy()
                time.sleep(self.POLL_SECONDS)
                if not waiting:  # another process was checking for waiters a moment ago
                    waiting = self._try(file, fcntl.LOCK_SH, 1)
        finally:
            if waiting:
                fcntl.lockf(file, fcntl.LOCK_UN, 1, 1)

    @staticmethod
    def _try(file: int, mode: int, byte: int) -> bool:
        try:
            fcntl.lockf(file, mode | fcntl.LOCK_NB, 1, byte)
        except OSError:
            return False
        return True


def reads_before_writing(view):
    """Start the request's transactions without the SQLite write lock (plain BEGIN).

    Goes outside login_required, whose user lookup is the request's first statement. The view
    sets g.write_transaction = True before its first write.
    """

    @wraps(view)
    def wrapped(*args, **kwargs):
        g.write_transaction = False
        return view(*args, **kwargs)

    return wrapped


def begin_writing() -> None:
    """From here on the request writes: on SQLite, end the read transaction a route under
    `reads_before_writing` has been reading in, so the next statement begins one that holds the
    write lock (BEGIN IMMEDIATE, after this process's turn).

    The lock is then held for the write alone, not for the reading, form checks and grading before
    it: a burst of answers takes turns at the lock one short write at a time. What was read stays as
    it was read (not expired: reading the learner and the question again under the lock would cost
    the time this saves), so whatever must hold at the write is read again after this call: the
    card is locked and read afresh, the submission key looked up again, a live question's phase
    checked again. Nothing may be pending (it would be committed early). On PostgreSQL nothing
    changes: rows are locked where they are written.
    """
    if not has_request_context():
        return
    if g.get("write_transaction") is False and db.engine.dialect.name == "sqlite":
        session = db.session()
        keep_expiring = session.expire_on_commit
        session.expire_on_commit = False
        try:
            session.commit()
        finally:
            session.expire_on_commit = keep_expiring
    g.write_transaction = True


def has_begun_writing() -> bool:
    """Whether this unit of work may hold the write lock already: False only in a request under
    `reads_before_writing` that has not called `begin_writing`. A statement run on a connection of
    its own (raw_sql.RawInsert) must not wait for a lock its own request holds."""
    return not (has_request_context() and g.get("write_transaction") is False)


def configure_sqlite(engine: Engine, busy_timeout_ms: int, synchronous: str, take_turns: bool = True) -> None:
    """Install the pragmas, BEGIN handling and the writers' queue on a SQLite engine."""
    if synchronous not in {"OFF", "NORMAL", "FULL", "EXTRA"}:
        raise ConfigError(f"QUIZAPP_SQLITE_SYNCHRONOUS must be NORMAL or FULL, not {synchronous!r}.")
    database = engine.url.database or ""
    on_disk = take_turns and database not in ("", ":memory:") and not database.startswith("file:")
    writers = WriterQueue(busy_timeout_ms / 1000, f"{database}-writers" if on_disk else None)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, connection_record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute(f"PRAGMA synchronous = {synchronous}")
            if on_disk:  # checkpoints are made by a thread of their own (quizapp/wal_checkpoints.py)
                cursor.execute(f"PRAGMA wal_autocheckpoint = {wal_checkpoints.SAFETY_NET_PAGES}")
        finally:
            cursor.close()
        if on_disk:
            wal_checkpoints.checkpointer.watch(database)

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        if not wants_write_lock():
            connection.exec_driver_sql("BEGIN")
            return
        writers.take_turn(connection.info)
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            writers.end_turn(connection.info)
            raise

    @event.listens_for(engine, "commit")
    @event.listens_for(engine, "rollback")
    def _on_transaction_end(connection):
        if not connection.invalidated:  # else the pool's "invalidate" event below ended the turn
            writers.end_turn(connection.info)

    @event.listens_for(engine, "checkin")
    @event.listens_for(engine, "invalidate")
    def _on_connection_release(dbapi_connection, connection_record, *exception):
        writers.end_turn(connection_record.info)


def checkpoint_wal() -> None:
    """Copy what the WAL holds into the SQLite file now, without waiting for anyone (PASSIVE).

    A bulk writer calls this after each transaction, so the WAL does not grow for others to pay
    for: the connection whose commit finds the WAL past its limit runs the checkpoint, and that
    would be a learner's answer. Nothing to do on other databases.
    """
    if db.engine.dialect.name != "sqlite":
        return
    connection = db.engine.raw_connection()
    try:
        connection.cursor().execute("PRAGMA wal_checkpoint(PASSIVE)")
    finally:
        connection.close()


# SQLite's primary result codes for "this connection cannot write": read-only (a connection opened
# while the file was read-only stays so for good), disk full, I/O error, cannot open.
SQLITE_CANNOT_WRITE = frozenset({8, 13, 10, 14})
# PostgreSQL's: read-only transaction (a standby, default_transaction_read_only), disk full, I/O error.
POSTGRES_CANNOT_WRITE = frozenset({"25006", "53100", "58030"})
# A write that cannot be seen by anyone: the probe for "can a new connection write now?".
WRITE_PROBE = "UPDATE alembic_version SET version_num = version_num"
WRITE_PROBE_BUSY_TIMEOUT_MS = 2000


def cannot_write(error: BaseException | None) -> bool:
    """True when the driver's error says the database refused a write for a reason outside the app."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in SQLITE_CANNOT_WRITE
    return getattr(error, "sqlstate", None) in POSTGRES_CANNOT_WRITE


def recover_from_write_faults(engine: Engine) -> None:
    """Treat "cannot write" like a lost connection: SQLAlchemy drops that connection and every
    pooled one, so once the fault clears the next request opens a fresh one and writes again,
    without a worker restart."""

    @event.listens_for(engine, "handle_error")
    def _drop_connections_that_cannot_write(context: ExceptionContext) -> None:
        if cannot_write(context.original_exception):
            context.is_disconnect = True


def init_database(app: Flask) -> None:
    try:
        db.init_app(app)
    except (ArgumentError, NoSuchModuleError) as error:
        raise ConfigError(
            f"DATABASE_URL is not a database URL quizapp can use: {first_line(error)}"
        ) from None
    except ImportError as error:
        raise ConfigError(missing_driver(app.config["SQLALCHEMY_DATABASE_URI"], error)) from None
    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "sqlite":
            configure_sqlite(
                engine,
                app.config["SQLITE_BUSY_TIMEOUT_MS"],
                app.config["SQLITE_SYNCHRONOUS"],
            )
        recover_from_write_faults(engine)


def missing_driver(url: str, error: ImportError) -> str:
    """What to install when DATABASE_URL names a database whose Python driver is missing."""
    backend = url.split(":", 1)[0].split("+", 1)[0]
    module = error.name or "its driver"
    if backend == "postgresql":
        return (
            f"DATABASE_URL is a PostgreSQL URL but its driver ({module}) is not installed; "
            "install quizapp with the postgres extra: pip install -e '.[postgres]'"
        )
    return f"DATABASE_URL needs the Python package {module}, which is not installed."


def first_line(error: BaseException) -> str:
    """The driver's own words, without SQLAlchemy's SQL echo and background links."""
    cause = getattr(error, "orig", None) or error
    lines = str(cause).strip().splitlines()
    return lines[0] if lines else type(cause).__name__


def migration_heads() -> set[str]:
    """The revisions a fully migrated database is at, for this version of the code."""
    from alembic.script import ScriptDirectory
    from flask_migrate import Migrate

    migrate_ext: Migrate = current_app.extensions["migrate"].migrate
    return set(ScriptDirectory.from_config(migrate_ext.get_config()).get_heads())


def _migrations_are_current(connection: Connection) -> bool:
    from alembic.runtime.migration import MigrationContext

    current = set(MigrationContext.configure(connection).get_current_heads())
    has_users = inspect(connection).has_table("user")
    return current == migration_heads() and has_users


def _write_probe_engine() -> Engine:
    """An engine without a pool on the app's database, made once per process (after any fork)."""
    engine = current_app.extensions.get("quizapp_write_probe")
    if engine is None:
        engine = create_engine(db.engine.url, poolclass=NullPool)
        if engine.dialect.name == "sqlite":
            configure_sqlite(
                engine,
                WRITE_PROBE_BUSY_TIMEOUT_MS,
                current_app.config["SQLITE_SYNCHRONOUS"],
                take_turns=False,
            )
        current_app.extensions["quizapp_write_probe"] = engine
    return engine


def _sqlite_files_refused() -> str | None:
    """Whether this process may open the SQLite file (and its WAL, and their folder) for writing.

    Asked of the kernel without opening anything: SQLite hands a new connection a descriptor an
    earlier one left open when it can, so a new connection may still write to a file that can no
    longer be opened for writing, and closing our own descriptor would drop SQLite's locks.
    """
    database = db.engine.url.database
    if db.engine.dialect.name != "sqlite" or not database or database == ":memory:":
        return None
    path = Path(database)
    for item in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), path.parent):
        if item.exists() and not os.access(item, os.W_OK, effective_ids=True):
            return f"{item} is not writable"
    return None


def write_problem() -> str | None:
    """None when a new connection can commit a write now, else the driver's reason.

    A new connection, because a pooled one opened before the fault may still write while no new
    one can (a file made read-only). On a fault the pool is emptied too, so requests see the
    database as it is and come back by themselves when it can be written again. Another writer
    holding the lock means the database is writable, just busy.
    """
    refused = _sqlite_files_refused()
    if refused:
        db.engine.dispose()
        return refused
    try:
        with _write_probe_engine().begin() as connection:
            connection.execute(text(WRITE_PROBE))
    except Exception as error:  # noqa: BLE001 - whatever the driver says, health reports it
        reason = first_line(error)
        if "database is locked" in reason:
            return None
        db.engine.dispose()
        return reason
    return None


def database_state() -> dict:
    """Describe the database for /healthz: reachable, migrations pending or not, writable or not."""
    state: dict = {"backend": db.engine.dialect.name}
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            current = _migrations_are_current(connection)
    except Exception as error:  # noqa: BLE001 - any driver error means "not reachable"
        state.update(ok=False, error=type(error).__name__)
        return state
    state.update(ok=True, migrations="current" if current else "pending")
    if current:
        problem = write_problem()
        state.update(writable=problem is None)
        if problem:
            state.update(ok=False, error=problem)
    return state


def ensure_database_ready(app: Flask) -> None:
    """Refuse to start on a database that is unreachable or not fully migrated.

    Raises ConfigError with one line that names the database and what to do. The engine is
    disposed afterwards so no connection opened here outlives a fork (gunicorn --preload).
    """
    with app.app_context():
        label = db.engine.url.render_as_string(hide_password=True)
        try:
            with db.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
                current = _migrations_are_current(connection)
        except Exception as error:  # noqa: BLE001 - whatever the driver says, the operator needs it
            raise ConfigError(f"cannot reach the database {label}: {first_line(error)}") from None
        finally:
            db.engine.dispose()
        if not current:
            raise ConfigError(
                f"the database {label} has migrations pending; run `flask --app quizapp setup` first."
            )
