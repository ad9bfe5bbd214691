"""Writers in two processes take turns: one process's threads writing back to back cannot keep
another process's writer waiting (gunicorn's threaded workers, quizapp.database.WriterQueue).

SQLite alone lets the waiting process sleep in its busy handler and look again on a timer, so it
found the lock taken nearly every time it looked and waited seconds for one answer."""

from __future__ import annotations

import multiprocessing
import threading
import time
from pathlib import Path

from sqlalchemy import create_engine, text

from quizapp.database import configure_sqlite

HOLD_SECONDS = 0.004
BUSY_SECONDS = 4.0


def _engine(path: Path):
    engine = create_engine(f"sqlite:///{path}")
    configure_sqlite(engine, busy_timeout_ms=15000, synchronous="NORMAL")
    return engine


def _write_back_to_back(path: str, started) -> None:
    """Three threads of one process, each writing again as soon as its last write committed."""
    engine = _engine(Path(path))
    stop = time.monotonic() + BUSY_SECONDS

    def keep_writing() -> None:
        while time.monotonic() < stop:
            with engine.begin() as connection:
                connection.execute(text("INSERT INTO answers (who) VALUES ('busy')"))
                time.sleep(HOLD_SECONDS)  # a request's work inside its write transaction
            started.set()

    threads = [threading.Thread(target=keep_writing) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    engine.dispose()


def test_a_process_writing_back_to_back_does_not_starve_another_ones_writer(tmp_path):
    path = tmp_path / "turns.sqlite"
    setup = _engine(path)
    with setup.begin() as connection:
        connection.execute(text("CREATE TABLE answers (id INTEGER PRIMARY KEY, who TEXT)"))
    setup.dispose()

    fork = multiprocessing.get_context("fork")
    started = fork.Event()
    busy = fork.Process(target=_write_back_to_back, args=(str(path), started))
    busy.start()
    try:
        assert started.wait(10), "the busy process never wrote"
        engine = _engine(path)
        waits = []
        for _ in range(20):
            began = time.monotonic()
            with engine.begin() as connection:
                connection.execute(text("INSERT INTO answers (who) VALUES ('patient')"))
            waits.append(time.monotonic() - began)
            time.sleep(0.02)
        engine.dispose()
        still_busy = busy.is_alive()
    finally:
        busy.join(BUSY_SECONDS + 10)
    assert max(waits) < 1.0, f"slowest waits {sorted(waits)[-3:]}"
    assert still_busy, "the busy process stopped before the patient one finished: nothing was measured"
