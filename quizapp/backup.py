"""Backing up a live SQLite database and restoring one, with sqlite3's online backup API.

A backup copies one consistent snapshot while gunicorn keeps serving: the copy reads inside a
single read transaction, and WAL lets writers go on meanwhile. Copying the file with `cp` instead
can miss what is still in the -wal file or catch a half-written page.

A restore writes the backup into the configured database through the same API, after checking
that the file is an intact quizapp database, and keeps the replaced database beside it. The app
should be stopped first: requests in flight would otherwise be answered from the old data and
then find it gone.

No Flask here: the CLI (quizapp/cli.py) passes paths in and prints the messages.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

SQLITE_HEADER = b"SQLite format 3\x00"
# Tables every quizapp database has had since its first migrations.
REQUIRED_TABLES = frozenset({"alembic_version", "user", "review_log"})
BUSY_TIMEOUT_MS = 15000


class BackupError(Exception):
    """The backup or restore cannot go ahead; the message is one line an operator can act on."""


@dataclass(frozen=True)
class DatabaseSummary:
    """What a backup file holds, to print after a backup or restore."""

    path: Path
    size_bytes: int
    migration: str
    reviews: int

    def describe(self) -> str:
        return (
            f"{self.path} ({self.size_bytes / 1_000_000:.1f} MB, migration {self.migration}, "
            f"{self.reviews} answers)"
        )


def backup_file_name(now: datetime) -> str:
    return f"quizapp-{now:%Y%m%d-%H%M%S}.sqlite"


def _connect(path: Path, read_only: bool = False) -> sqlite3.Connection:
    uri = f"file:{path}?mode=ro" if read_only else f"file:{path}"
    connection = sqlite3.connect(uri, uri=True, isolation_level=None)
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return connection


def back_up(database: Path, target: Path) -> DatabaseSummary:
    """Copy a consistent snapshot of `database` (which may be serving) to the new file `target`.

    The copy is written beside `target` and renamed into place only once it is complete and
    checked, so a crash half-way never leaves a file that looks like a good backup.
    """
    if not database.is_file():
        raise BackupError(f"there is no database file at {database}")
    if target.exists():
        raise BackupError(f"{target} already exists; choose a new file name")
    if not target.parent.is_dir():
        raise BackupError(f"the folder {target.parent} does not exist")
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        source = _connect(database)
        copy = sqlite3.connect(partial, isolation_level=None)
        try:
            source.backup(copy)  # all pages in one step: one read transaction, one snapshot
            copy.execute("PRAGMA journal_mode = DELETE")  # a single self-contained file
        finally:
            source.close()
            copy.close()
        summary = inspect_backup(partial)
        with open(partial, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, target)
    except sqlite3.Error as error:
        raise BackupError(f"cannot back up {database}: {error}") from None
    finally:
        partial.unlink(missing_ok=True)
    return DatabaseSummary(target, summary.size_bytes, summary.migration, summary.reviews)


def inspect_backup(path: Path) -> DatabaseSummary:
    """Check that `path` is an intact quizapp SQLite database and say what it holds."""
    if not path.is_file():
        raise BackupError(f"there is no file at {path}")
    with open(path, "rb") as handle:
        if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise BackupError(f"{path} is not a SQLite database")
    try:
        connection = _connect(path, read_only=True)
        try:
            problems = [row[0] for row in connection.execute("PRAGMA integrity_check")]
            if problems != ["ok"]:
                raise BackupError(f"{path} is corrupt: {problems[0]}")
            present = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            missing = REQUIRED_TABLES - {name for (name,) in present}
            if missing:
                tables = "table" if len(missing) == 1 else "tables"
                raise BackupError(
                    f"{path} is a SQLite database but not a quizapp one "
                    f"(no {', '.join(sorted(missing))} {tables})"
                )
            migration = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            reviews = connection.execute("SELECT count(*) FROM review_log").fetchone()[0]
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is corrupt: {error}") from None
    if migration is None:
        raise BackupError(f"{path} is a SQLite database but not a quizapp one (no migration recorded)")
    return DatabaseSummary(path, path.stat().st_size, migration[0], reviews)


def restore(backup: Path, database: Path, now: datetime) -> tuple[DatabaseSummary, Path | None]:
    """Replace `database` with the contents of `backup`; return what was restored and where the
    replaced database was kept (None when there was none).

    The replaced database is itself saved with the backup API, so what was in its -wal file is
    kept too.
    """
    summary = inspect_backup(backup)
    if backup.resolve() == database.resolve():
        raise BackupError(f"{backup} is the configured database itself")
    kept = None
    if database.exists():
        kept = database.with_name(f"{database.name}.before-restore-{now:%Y%m%d-%H%M%S}")
        try:
            back_up(database, kept)
        except BackupError:
            # A corrupt database cannot be read page by page; keep its files as they are.
            kept = _set_aside(database, kept)
    try:
        source = _connect(backup, read_only=True)
        target = _connect(database)
        try:
            source.backup(target)
        finally:
            source.close()
            target.close()
    except sqlite3.OperationalError as error:
        raise BackupError(
            f"cannot write {database} ({error}); stop the app, then run the restore again"
        ) from None
    return summary, kept


def _set_aside(database: Path, kept: Path) -> Path:
    """Move an unreadable database and its -wal and -shm files to `kept`, untouched."""
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{database}{suffix}")
        if source.exists():
            os.replace(source, f"{kept}{suffix}")
    return kept
