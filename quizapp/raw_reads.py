"""One SELECT compiled once per database and run on a bare DB-API connection, for the reads that
happen on nearly every request (a kept page's key, a phone's poll in a live game).

Through the ORM session or even a SQLAlchemy Connection, the per-statement work (cache key,
result processing, the session's transaction) cost more than the query itself. On PostgreSQL a
connection borrowed from the pool also cost three more round trips (the pool's pre-ping, which
begins a transaction, and the rollback when it goes back), so there each thread keeps one
connection of its own in autocommit and a read is one execute; it is opened through the engine
and opened again when the engine's pool is disposed (the database was found at fault) or the
server dropped it. On SQLite a read borrows a pooled connection (no round trips to save there): a
connection kept open through a fault (the file made read-only) kept the others from writing after
it was fixed, and the pool is what the fault handling empties. Values come back raw, as the driver
returns them (no type processing): use it for integers and strings.
"""

from __future__ import annotations

import threading
from typing import Any

from flask import current_app
from sqlalchemy import Engine, Select, event
from sqlalchemy.exc import DBAPIError

from quizapp.extensions import db


class _Compiled:
    def __init__(self, statement: Select, dialect) -> None:
        compiled = statement.compile(dialect=dialect)
        self.sql = compiled.string
        # Every named parameter gets a placeholder value here; `first` supplies the real ones.
        self.defaults = compiled.construct_params(
            {bind.key: None for bind in compiled.binds.values() if bind.required}
        )
        self.order = compiled.positiontup

    def arguments(self, parameters: dict[str, Any]) -> tuple | dict:
        merged = {**self.defaults, **parameters}
        return tuple(merged[name] for name in self.order) if self.order else merged


class _ThreadConnections:
    """Each thread's own autocommit connection to one engine's database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.generation = 0
        self.local = threading.local()
        event.listen(engine, "engine_disposed", self._disposed)

    def _disposed(self, _engine: Engine) -> None:
        """The pool was emptied: every thread opens its connection again at its next read, and
        the disposing thread closes its own now (whoever disposes wants the database let go of:
        to drop or copy it, or to see it afresh after a fault)."""
        self.generation += 1
        self.drop()

    def get(self):
        local = self.local
        if getattr(local, "generation", None) != self.generation:
            self.drop()
            local.connection = self._open()
            local.generation = self.generation
        return local.connection

    def _open(self):
        pooled = self.engine.raw_connection()
        pooled.detach()  # this thread's own from now on; the pool neither pings nor resets it
        connection = pooled.dbapi_connection
        if self.engine.dialect.name != "sqlite":  # SQLite's connect event already left it in autocommit
            connection.rollback()  # the pre-ping's transaction
            connection.autocommit = True
        return connection

    def drop(self) -> None:
        connection = getattr(self.local, "connection", None)
        self.local.connection = self.local.generation = None
        if connection is not None:
            try:
                connection.close()
            except Exception:  # noqa: BLE001 - a connection already broken closes as it can
                pass


def _connections() -> _ThreadConnections:
    """This app's per-thread connections (two apps on two databases, as in the tests, never share)."""
    connections = current_app.extensions.get("quizapp.raw_reads")
    if connections is None or connections.engine is not db.engine:
        connections = current_app.extensions["quizapp.raw_reads"] = _ThreadConnections(db.engine)
    return connections


class RawRead:
    """`statement` with named bindparams; `first(**values)` returns its first row as a tuple."""

    def __init__(self, statement: Select) -> None:
        self.statement = statement
        self._compiled: dict[str, _Compiled] = {}

    def first(self, **parameters: Any) -> tuple | None:
        engine = db.engine
        compiled = self._compiled.get(engine.dialect.name)
        if compiled is None:
            compiled = self._compiled.setdefault(
                engine.dialect.name, _Compiled(self.statement, engine.dialect)
            )
        arguments = compiled.arguments(parameters)
        if engine.dialect.name == "sqlite":
            return self._first_pooled(compiled, arguments)
        connections = _connections()
        for attempt in (1, 2):
            connection = connections.get()
            cursor = None
            try:
                cursor = connection.cursor()
                cursor.execute(compiled.sql, arguments)
                return cursor.fetchone()
            except engine.dialect.loaded_dbapi.Error as error:
                connections.drop()
                if attempt == 1 and engine.dialect.is_disconnect(error, connection, cursor):
                    continue  # the server dropped this thread's connection (a restart): once more
                # As SQLAlchemy would raise it, so the app's database error page answers (503).
                raise DBAPIError.instance(
                    compiled.sql, arguments, error, engine.dialect.loaded_dbapi.Error
                ) from error
            finally:
                if cursor is not None:
                    try:
                        cursor.close()
                    except engine.dialect.loaded_dbapi.Error:
                        pass
        raise AssertionError("unreachable")

    @staticmethod
    def _first_pooled(compiled: _Compiled, arguments: tuple | dict) -> tuple | None:
        connection = db.engine.raw_connection()
        try:
            cursor = connection.cursor()
            cursor.execute(compiled.sql, arguments)
            return cursor.fetchone()
        finally:
            connection.close()  # back to the pool, which ends the read's transaction
