"""Ids in URLs and forms: a whole number a database id column can hold, or "not found".

SQLite and PostgreSQL keep ids in signed 64-bit integers; a larger number reaching a query makes
the driver raise (a 500). The app factory installs `DatabaseIdConverter` as the `int` converter,
so every `<int:...>` in every route, today's and tomorrow's, turns such a number into a 404
before the view runs; form fields that carry an id go through `parse_database_id`.
"""

from __future__ import annotations

import builtins

from flask import Flask
from werkzeug.routing import IntegerConverter, Map

MAX_DATABASE_ID = 2**63 - 1


class DatabaseIdConverter(IntegerConverter):
    """`<int:name>`: a non-negative whole number no larger than a database id can be."""

    def __init__(
        self,
        map: Map,
        fixed_digits: int = 0,
        min: int | None = None,
        max: int | None = None,
        signed: bool = False,
    ) -> None:
        ceiling = MAX_DATABASE_ID if max is None else builtins.min(max, MAX_DATABASE_ID)
        super().__init__(map, fixed_digits, min, ceiling, signed)


def parse_database_id(text: str | None) -> int | None:
    """The id a form field holds, or None when it is not a whole number a database id can be."""
    if not text or not text.isascii() or not text.isdecimal() or len(text) > 19:
        return None
    value = int(text)
    return value if value <= MAX_DATABASE_ID else None


def install_id_converters(app: Flask) -> None:
    """Before any blueprint is registered: bounded ids for `<int:...>` (and the `<id:...>` alias)."""
    app.url_map.converters["int"] = DatabaseIdConverter
    app.url_map.converters["id"] = DatabaseIdConverter
