"""WAL checkpoints in a background thread, so no learner's answer pays for one.

SQLite copies its write-ahead log back into the database file (a checkpoint) on the commit that
finds the log past `wal_autocheckpoint` pages, in the connection that made that commit: every few
hundred answers, one answer's request wrote some megabytes into the file and synced it (the study
answer's p99 in process was 13.4 ms with that, 8.6 ms without; bench/answer_path.py).

Each process that writes to a SQLite file now runs one daemon thread that looks at the file's WAL
every CHECK_SECONDS and, when it changed, checkpoints it on a connection of its own (PASSIVE: it
copies what no reader still needs and never waits for a lock; the sqlite3 module lets go of the
GIL while it works). The connections requests use keep an automatic checkpoint only as a safety
net, at SAFETY_NET_PAGES, for a thread that cannot keep up or has died.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from pathlib import Path

CHECK_SECONDS = 0.2
# SQLite's default is 1,000 pages (4 MB): a burst of answers passes that in about a second.
SAFETY_NET_PAGES = 16_000

log = logging.getLogger(__name__)


class Checkpointer:
    """One thread per process checkpointing every watched SQLite file whose WAL has changed."""

    def __init__(self, every_seconds: float = CHECK_SECONDS):
        self.every_seconds = every_seconds
        self._lock = threading.Lock()
        self._checking = threading.Lock()  # held while a checkpoint is under way
        self._watched: dict[
            str, tuple[int, int] | None
        ] = {}  # database -> its WAL's (mtime, size) when last checkpointed
        self._thread: threading.Thread | None = None
        self._thread_pid: int | None = None

    def watch(self, database: str) -> None:
        """Checkpoint `database` (a file path) from now on; starts this process's thread (again
        after a fork, which leaves threads behind)."""
        with self._lock:
            self._watched.setdefault(database, None)
            if self._thread is None or self._thread_pid != os.getpid() or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="quizapp-wal-checkpoints", daemon=True)
                self._thread_pid = os.getpid()
                self._thread.start()

    def forget(self, database: str) -> None:
        """Stop checkpointing `database`; returns once no checkpoint of it is under way, so the
        file may be copied or removed (its own connections closed first)."""
        with self._checking, self._lock:
            self._watched.pop(database, None)

    def watched(self) -> list[str]:
        with self._lock:
            return list(self._watched)

    def _run(self) -> None:
        stop = threading.Event()  # never set: the daemon thread ends with its process
        while not stop.wait(self.every_seconds):
            self.check_all()

    def check_all(self) -> None:
        for database in self.watched():
            try:
                self.check(database)
            except Exception:  # the thread must outlive any one database's trouble
                log.exception("quizapp: WAL checkpoint of %s failed", database)

    def check(self, database: str) -> bool:
        """Checkpoint `database` if its WAL changed since the last look; True if it did. A file
        that is gone is no longer watched (tests make and delete many)."""
        with self._checking:
            with self._lock:
                if database not in self._watched:
                    return False  # forgotten meanwhile
                last = self._watched[database]
            if not os.path.exists(database):
                with self._lock:
                    self._watched.pop(database, None)
                return False
            wal = _wal_mark(database)
            if wal is None or wal == last:
                return False
            checkpoint(database)
            with self._lock:
                if database in self._watched:
                    self._watched[database] = _wal_mark(database)
            return True


def _wal_mark(database: str) -> tuple[int, int] | None:
    """When the database's WAL last changed and its size; None when it has none."""
    try:
        wal = os.stat(f"{database}-wal")
    except FileNotFoundError:
        return None
    return wal.st_mtime_ns, wal.st_size


def checkpoint(database: str) -> None:
    """A PASSIVE checkpoint of `database` on a connection of its own. Opened read-write without
    creating anything (a file removed meanwhile stays removed); a file that cannot be written
    is left to the requests, which report it."""
    try:
        connection = sqlite3.connect(
            f"{Path(database).resolve().as_uri()}?mode=rw", uri=True, timeout=0, isolation_level=None
        )
    except sqlite3.Error:
        return
    try:
        connection.execute("PRAGMA wal_checkpoint(PASSIVE)")
    except sqlite3.Error as error:
        log.debug("quizapp: WAL checkpoint of %s skipped: %s", database, error)
    finally:
        connection.close()


checkpointer = Checkpointer()
