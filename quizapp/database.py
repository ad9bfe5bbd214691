"""Database wiring: SQLite pragmas and explicit transactions, readiness checks.

Python's sqlite3 does not begin a transaction before a SELECT, so a read-modify-write of a card
could interleave with another worker's and lose an update. We take transaction control away from
the driver and emit BEGIN ourselves: BEGIN IMMEDIATE (take the write lock up front) for requests
that change state, plain BEGIN for the rest, which keeps reads cheap.
"""

from __future__ import annotations

from flask import Flask, current_app, g, has_request_context, request
from sqlalchemy import event, inspect, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

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


def configure_sqlite(engine: Engine, busy_timeout_ms: int, synchronous: str) -> None:
    """Install the pragmas and BEGIN handling on a SQLite engine."""
    if synchronous not in {"OFF", "NORMAL", "FULL", "EXTRA"}:
        raise ConfigError(f"QUIZAPP_SQLITE_SYNCHRONOUS must be NORMAL or FULL, not {synchronous!r}.")

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, connection_record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute(f"PRAGMA synchronous = {synchronous}")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE" if wants_write_lock() else "BEGIN")


def init_database(app: Flask) -> None:
    try:
        db.init_app(app)
    except (ArgumentError, NoSuchModuleError) as error:
        raise ConfigError(f"DATABASE_URL is not a database URL quizapp can use: {first_line(error)}")
    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "sqlite":
            configure_sqlite(
                engine,
                app.config["SQLITE_BUSY_TIMEOUT_MS"],
                app.config["SQLITE_SYNCHRONOUS"],
            )


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


def database_state() -> dict:
    """Describe the database for /healthz: reachable, and whether migrations are pending."""
    state: dict = {"backend": db.engine.dialect.name}
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            current = _migrations_are_current(connection)
    except Exception as error:  # noqa: BLE001 - any driver error means "not reachable"
        state.update(ok=False, error=type(error).__name__)
        return state
    state.update(ok=True, migrations="current" if current else "pending")
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
