"""A database that cannot be written: /healthz says so, answers get a friendly 503 and nothing is
lost, and once the fault clears the same gunicorn workers write again by themselves.

The fault is the database file made read-only (chmod 0444). Root ignores file permissions, so when
the tests run as root gunicorn runs under `setpriv` without the capabilities that override them
(still uid 0, so it reads the code and the test's files as before); as any other user chmod is
enough by itself.
"""

from __future__ import annotations

import os
import sqlite3
import time
import urllib.error
import urllib.request
from contextlib import closing
from pathlib import Path

from tests.reliability.learners import Learner
from tests.reliability.server import GunicornServer, health_of

# Run gunicorn (master and workers) bound by file permissions even as root.
OBEYS_PERMISSIONS = (
    ("setpriv", "--bounding-set=-dac_override,-dac_read_search", "--inh-caps=-dac_override,-dac_read_search")
    if os.geteuid() == 0
    else ()
)


def worker_pids(server: GunicornServer) -> set[int]:
    children = Path(f"/proc/{server.process.pid}/task/{server.process.pid}/children").read_text()
    return {int(pid) for pid in children.split()}


def healthz(server: GunicornServer) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(f"{server.url}/healthz", timeout=10) as response:
            return response.status, health_of(server.url)
    except urllib.error.HTTPError as error:
        return error.code, health_of(server.url)


def answers_stored(database: Path) -> int:
    with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as connection:
        return connection.execute("SELECT count(*) FROM review_log").fetchone()[0]


def test_a_read_only_database_is_reported_and_recovered_from_without_a_restart(server_database, gunicorn):
    fault_database = server_database
    server = gunicorn(server_database, workers=1, launcher=OBEYS_PERMISSIONS)
    workers = worker_pids(server)
    learner = Learner(server.url)
    learner.start_as_guest()
    assert learner.submit(learner.next_answer()).status == 302

    fault_database.chmod(0o444)
    try:
        for _ in range(3):
            status, health = healthz(server)
            assert status == 503, health
            assert health["status"] == "degraded" and health["database"]["writable"] is False, health
            assert "quizapp.sqlite is not writable" in health["database"]["error"], health
        refused = []
        for _ in range(4):
            form = learner.next_answer()
            submission = learner.submit(form)
            refused.append(form)
            assert submission.status == 503, submission.status
        status, page = learner.request("/study/answer", refused[0])
        assert status == 503 and "Temporarily unavailable" in page
    finally:
        # As an operator would: the database's files back to writable. SQLite gives the -wal and
        # -shm files it creates the database file's mode, so those made during the fault are 0444.
        for path in fault_database.parent.glob(f"{fault_database.name}*"):
            path.chmod(0o644)

    deadline = time.monotonic() + 10
    while healthz(server)[0] != 200:
        assert time.monotonic() < deadline, f"healthz did not recover: {healthz(server)}"
        time.sleep(0.1)
    # The same answers, sent again, are stored now (once each), and new ones too.
    for form in refused:
        assert learner.submit(form).status == 302
    for _ in range(6):
        assert learner.submit(learner.next_answer()).status == 302
    assert answers_stored(fault_database) == 1 + len(refused) + 6
    assert worker_pids(server) == workers, "workers were restarted"
