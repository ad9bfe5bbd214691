"""What a test reads straight from the SQLite file, bypassing the app."""

from __future__ import annotations

import sqlite3
from collections import Counter
from pathlib import Path


def stored_review_keys(database: Path) -> Counter:
    """How many review-log rows each submission key has (every answer should have exactly one)."""
    with sqlite3.connect(database) as connection:
        return Counter(key for (key,) in connection.execute("SELECT submission_key FROM review_log"))


def integrity_of(database: Path) -> str:
    """SQLite's own verdict on the file: 'ok', or the first problem it found."""
    with sqlite3.connect(database) as connection:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]
