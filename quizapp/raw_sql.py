"""Statements compiled once per database and run on a bare DB-API connection: the reads that
happen on nearly every request (a kept page's key, a phone's poll in a live game), and the one
write that arrives in bursts (a live answer), run on its own outside the request's transaction.

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

A `RawInsert` is one statement in autocommit: on SQLite it takes the write lock, writes and
commits inside one call into SQLite, with Python's GIL let go. In a transaction the lock is held
from BEGIN IMMEDIATE to COMMIT, and between each statement the writing thread has to win the GIL
back from the worker's other threads (up to 5 ms each while they have work): in a live burst the
lock's holder spent most of its turn waiting for the GIL, and the answers queued behind it.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from typing import Any

from flask import current_app
from sqlalchemy import ClauseElement, ColumnElement, Engine, Select, bindparam, cast, event, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError

from quizapp.database import cannot_write
from quizapp.extensions import db


class _Compiled:
    def __init__(self, statement: ClauseElement, dialect, process_values: bool = False) -> None:
        compiled: Any = statement.compile(dialect=dialect)  # a SQLCompiler: binds, positiontup
        self.sql = compiled.string
        # Every named parameter gets a placeholder value here; `first` supplies the real ones.
        self.defaults = compiled.construct_params(
            {bind.key: None for bind in compiled.binds.values() if bind.required}
        )
        self.order = compiled.positiontup
        # Values turned into what the driver takes (a UTC datetime, a JSON list), as the column types say.
        self.processors: dict[str, Callable[[Any], Any]] = {}
        if process_values:
            for bind in compiled.binds.values():
                processor = bind.type.dialect_impl(dialect).bind_processor(dialect)
                if processor is not None:
                    self.processors[bind.key] = processor

    def arguments(self, parameters: dict[str, Any]) -> tuple | dict:
        merged = {**self.defaults, **parameters}
        for name, processor in self.processors.items():
            merged[name] = processor(merged[name])
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
    connections = current_app.extensions.get("quizapp.raw_sql")
    if connections is None or connections.engine is not db.engine:
        connections = current_app.extensions["quizapp.raw_sql"] = _ThreadConnections(db.engine)
    return connections


class _RawStatement(ABC):
    """A statement compiled once per database and run on a bare connection (see the module)."""

    process_values = False

    def __init__(self) -> None:
        self._compiled: dict[str, _Compiled] = {}

    @abstractmethod
    def _statement(self, dialect_name: str) -> ClauseElement:
        """The statement as this database (named by its dialect) is to run it."""

    def _for(self, dialect) -> _Compiled:
        compiled = self._compiled.get(dialect.name)
        if compiled is None:
            compiled = self._compiled.setdefault(
                dialect.name, _Compiled(self._statement(dialect.name), dialect, self.process_values)
            )
        return compiled

    def _run(self, parameters: dict[str, Any], result: Callable[[Any], Any]) -> Any:
        engine = db.engine
        compiled = self._for(engine.dialect)
        arguments = compiled.arguments(parameters)
        dbapi_error = engine.dialect.loaded_dbapi.Error
        if engine.dialect.name == "sqlite":
            return self._run_pooled(engine, compiled.sql, arguments, result)
        connections = _connections()
        for attempt in (1, 2):
            connection = connections.get()
            cursor = None
            try:
                cursor = connection.cursor()
                cursor.execute(compiled.sql, arguments)
                return result(cursor)
            except dbapi_error as error:
                connections.drop()
                if attempt == 1 and engine.dialect.is_disconnect(error, connection, cursor):
                    # The server dropped this thread's connection (a restart): once more. An
                    # insert that got in before the drop is found by its ON CONFLICT clause.
                    continue
                # As SQLAlchemy would raise it, so the app's database error page answers (503).
                raise DBAPIError.instance(compiled.sql, arguments, error, dbapi_error) from error
            finally:
                if cursor is not None:
                    try:
                        cursor.close()
                    except dbapi_error:
                        pass
        raise AssertionError("unreachable")

    @staticmethod
    def _run_pooled(engine: Engine, sql: str, arguments: tuple | dict, result: Callable[[Any], Any]) -> Any:
        dbapi_error = engine.dialect.loaded_dbapi.Error
        connection = engine.raw_connection()
        try:
            cursor = connection.cursor()
            cursor.execute(sql, arguments)
            return result(cursor)
        except dbapi_error as error:
            if cannot_write(error):
                # As the engine's handle_error does for the session's statements
                # (database.recover_from_write_faults): once the fault clears, fresh connections.
                connection.invalidate()
                engine.dispose()
            raise DBAPIError.instance(sql, arguments, error, dbapi_error) from error
        finally:
            connection.close()  # back to the pool, which ends a read's transaction


class RawRead(_RawStatement):
    """`statement` with named bindparams; `first(**values)` returns its first row as a tuple.
    The values are passed as they are unless `process_values` (then as their columns' types say)."""

    def __init__(self, statement: Select, process_values: bool = False) -> None:
        super().__init__()
        self.statement = statement
        self.process_values = process_values  # bind values typed as their columns (a datetime)

    def _statement(self, dialect_name: str) -> ClauseElement:
        return self.statement

    def first(self, **parameters: Any) -> tuple | None:
        return self._run(parameters, lambda cursor: cursor.fetchone())


class RawInsert(_RawStatement):
    """One row of `model` inserted when `where` holds and no row has its `unique` values yet
    (INSERT ... SELECT ... WHERE ... ON CONFLICT DO NOTHING), run alone in autocommit:
    `run(**values)` takes a value for each of `columns` and for the other bindparams of `where`,
    and returns the number of rows inserted (0 or 1). Only for a write that is the whole of what its
    request changes: it commits at once, whatever the request does afterwards."""

    process_values = True

    def __init__(
        self, model: type, columns: Sequence[str], where: ColumnElement[bool], unique: Sequence[str]
    ):
        super().__init__()
        self.model, self.columns, self.where, self.unique = model, list(columns), where, list(unique)

    def _statement(self, dialect_name: str) -> ClauseElement:
        table = self.model.__table__  # type: ignore[attr-defined]
        values = []
        for name in self.columns:
            value = bindparam(name, type_=table.c[name].type)
            # PostgreSQL cannot tell a SELECT list's parameters' types from the columns they go to;
            # SQLite needs no CAST, and its CAST to an unknown type (JSON, DATETIME) mangles text.
            values.append(cast(value, table.c[name].type) if dialect_name == "postgresql" else value)
        insert = postgresql.insert if dialect_name == "postgresql" else sqlite.insert
        return (
            insert(self.model)
            .from_select(self.columns, select(*values).where(self.where))
            .on_conflict_do_nothing(index_elements=self.unique)
        )

    def run(self, **values: Any) -> int:
        return self._run(values, lambda cursor: cursor.rowcount)
