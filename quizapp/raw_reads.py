"""One SELECT compiled once per database and run on a pooled DB-API connection, for the reads
that happen on nearly every request (a kept page's key, a phone's poll in a live game).

Through the ORM session or even a SQLAlchemy Connection, the per-statement work (cache key,
result processing, the session's transaction) cost more than the query itself; here a read is
one execute on a connection borrowed from the app's pool and given straight back. Values come
back raw, as the driver returns them (no type processing): use it for integers and strings.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select

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


class RawRead:
    """`statement` with named bindparams; `first(**values)` returns its first row as a tuple."""

    def __init__(self, statement: Select) -> None:
        self.statement = statement
        self._compiled: dict[str, _Compiled] = {}

    def first(self, **parameters: Any) -> tuple | None:
        dialect = db.engine.dialect
        compiled = self._compiled.get(dialect.name)
        if compiled is None:
            compiled = self._compiled.setdefault(dialect.name, _Compiled(self.statement, dialect))
        connection = db.engine.raw_connection()
        try:
            cursor = connection.cursor()
            cursor.execute(compiled.sql, compiled.arguments(parameters))
            return cursor.fetchone()
        finally:
            connection.close()  # back to the pool, which ends any transaction the read began
