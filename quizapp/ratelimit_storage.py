"""Rate-limit counters in a small SQLite file, shared by every worker on one machine.

Flask-Limiter's memory storage counts per worker process, so a limit of 10 sign-ins a minute
becomes 10 per worker. This storage keeps fixed-window counters in one file that all gunicorn
workers of `make run` share; with several machines, point RATELIMIT_STORAGE_URI at Redis instead.
URI: ``quizapp+sqlite:////absolute/path/ratelimits.sqlite``.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from urllib.parse import urlparse

from limits.storage import Storage

SCHEME = "quizapp+sqlite"


class SQLiteStorage(Storage):
    STORAGE_SCHEME = [SCHEME]

    def __init__(self, uri: str, wrap_exceptions: bool = False, **options) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.path = urlparse(uri).path
        if not self.path:
            raise ValueError(f"{SCHEME} needs a file path: {SCHEME}:////path/to/ratelimits.sqlite")
        self._local = threading.local()
        with self._connect() as connection:
            connection.execute(
                "CREATE TABLE IF NOT EXISTS counter (key TEXT PRIMARY KEY, count INTEGER NOT NULL, expires REAL NOT NULL)"
            )

    @property
    def base_exceptions(self):
        return sqlite3.Error

    def _connect(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(self.path, timeout=10, isolation_level=None)
            connection.execute("PRAGMA journal_mode = WAL")
            self._local.connection = connection
        return connection

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        now = time.time()
        connection = self._connect()
        connection.execute("BEGIN IMMEDIATE")
        try:
            connection.execute("DELETE FROM counter WHERE key = ? AND expires <= ?", (key, now))
            connection.execute(
                "INSERT INTO counter (key, count, expires) VALUES (?, ?, ?) "
                "ON CONFLICT(key) DO UPDATE SET count = count + excluded.count",
                (key, amount, now + expiry),
            )
            (count,) = connection.execute("SELECT count FROM counter WHERE key = ?", (key,)).fetchone()
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        return count

    def get(self, key: str) -> int:
        row = (
            self._connect()
            .execute("SELECT count FROM counter WHERE key = ? AND expires > ?", (key, time.time()))
            .fetchone()
        )
        return row[0] if row else 0

    def get_expiry(self, key: str) -> float:
        row = self._connect().execute("SELECT expires FROM counter WHERE key = ?", (key,)).fetchone()
        return row[0] if row else time.time()

    def check(self) -> bool:
        try:
            self._connect().execute("SELECT 1")
        except sqlite3.Error:
            return False
        return True

    def reset(self) -> int | None:
        connection = self._connect()
        (count,) = connection.execute("SELECT COUNT(*) FROM counter").fetchone()
        connection.execute("DELETE FROM counter")
        return count

    def clear(self, key: str) -> None:
        self._connect().execute("DELETE FROM counter WHERE key = ?", (key,))
