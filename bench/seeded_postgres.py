"""The seeded benchmark database (bench/seeded_db.py) copied into a throwaway PostgreSQL server.

bench/answer_path.py and bench/web_path.py take `--database postgresql`: the same 10,000 learners
and 1,000,000 review-log rows as on SQLite, on a server started for the run (as .ci/run starts
one, durability off) and stopped after it.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from seeded_db import BENCH_SECRET_KEY, REPO


@contextmanager
def seeded_postgresql(source: Path, scratch: Path) -> Iterator[str]:
    """A migrated PostgreSQL database holding `source`'s rows; its URL."""
    with postgres_server(scratch / "pg") as url:
        subprocess.run(
            [sys.executable, "-m", "flask", "--app", "quizapp", "db", "upgrade"],
            env={**os.environ, "DATABASE_URL": url, "SECRET_KEY": BENCH_SECRET_KEY},
            cwd=REPO,
            check=True,
            capture_output=True,
        )
        started = time.perf_counter()
        copy_into_postgresql(source, url)
        print(
            f"  copied the seeded rows into PostgreSQL in {time.perf_counter() - started:.0f}s",
            file=sys.stderr,
        )
        yield url


@contextmanager
def postgres_server(directory: Path):
    """A throwaway PostgreSQL server on loopback, set up as .ci/run does (durability off); its URL."""
    import shutil
    import socket
    import subprocess

    binaries = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda path: int(path.parent.name))
    if not binaries:
        raise SystemExit("bench: no PostgreSQL binaries under /usr/lib/postgresql/*/bin")
    pg_bin = binaries[-1]
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    directory.mkdir(parents=True)
    if as_postgres:
        shutil.chown(directory, "postgres")
        directory.parent.chmod(0o711)  # a temporary directory is the owner's alone: let postgres through
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    data = directory / "data"
    subprocess.run(
        [*as_postgres, pg_bin / "initdb", "-D", data, "-A", "trust", "-U", "postgres"],
        check=True,
        capture_output=True,
    )
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {directory} -c fsync=off -c synchronous_commit=off"
    subprocess.run(
        [*as_postgres, pg_bin / "pg_ctl", "-D", data, "-l", directory / "log", "-w", "-o", options, "start"],
        check=True,
        capture_output=True,
    )
    try:
        subprocess.run(
            [
                *as_postgres,
                pg_bin / "createdb",
                "-h",
                "127.0.0.1",
                "-p",
                str(port),
                "-U",
                "postgres",
                "quizapp_bench",
            ],
            check=True,
            capture_output=True,
        )
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/quizapp_bench"
    finally:
        subprocess.run(
            [*as_postgres, pg_bin / "pg_ctl", "-D", data, "-m", "fast", "stop"], capture_output=True
        )


def copy_into_postgresql(source: Path, url: str) -> None:
    """The seeded rows, table by table, into a migrated PostgreSQL database."""
    from sqlalchemy import MetaData, create_engine, text

    engine = create_engine(url)
    metadata = MetaData()
    metadata.reflect(engine)
    sqlite = sqlite3.connect(source)
    sqlite.row_factory = sqlite3.Row
    with engine.begin() as connection:
        tables = [t for t in metadata.sorted_tables if t.name != "alembic_version"]
        connection.execute(text("TRUNCATE " + ", ".join(f'"{t.name}"' for t in tables) + " CASCADE"))
        for table in tables:
            columns = [c.name for c in table.columns]
            rows = sqlite.execute(f'SELECT {", ".join(columns)} FROM "{table.name}"')
            while batch := rows.fetchmany(20_000):
                connection.execute(table.insert(), [_pg_row(table, dict(row)) for row in batch])
            if "id" in columns and table.c.id.autoincrement and str(table.c.id.type) == "INTEGER":
                connection.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
                        f'coalesce((SELECT max(id) FROM "{table.name}"), 1))'
                    )
                )
    sqlite.close()
    # A database that has served for a while has been vacuumed and checkpointed; a freshly loaded
    # one has not, and autovacuum and the checkpointer then work through the million new rows
    # while the benchmark measures. VACUUM runs outside a transaction.
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE"))
        connection.execute(text("CHECKPOINT"))
    engine.dispose()


def _pg_row(table, row: dict) -> dict:
    """SQLite's stored text and integers as PostgreSQL's column types want them."""
    import json
    from datetime import datetime

    from sqlalchemy import JSON, Boolean, DateTime

    for column in table.columns:
        value = row.get(column.name)
        if value is None:
            continue
        if isinstance(column.type, Boolean):
            row[column.name] = bool(value)
        elif isinstance(column.type, DateTime) and isinstance(value, str):
            row[column.name] = datetime.fromisoformat(value)
        elif isinstance(column.type, JSON) and isinstance(value, str):
            row[column.name] = json.loads(value)
    return row
