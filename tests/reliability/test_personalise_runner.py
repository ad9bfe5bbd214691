"""The personalising runner gunicorn starts (quizapp/history/runner.py), on a real server.

A learner with the constructed steady history (tests/srs/histories.py) is stored in the server's
database; the runner, started by gunicorn's master at nice 10, fits them on its first pass with no
request made, and stops (exit status 0, no error in gunicorn's log) when the server does.
"""

from __future__ import annotations

import os
import sqlite3
import time
import uuid
from contextlib import closing
from pathlib import Path

from sqlalchemy import select

from quizapp.answering.record import Answer, record_answer
from quizapp.auth.accounts import create_account
from quizapp.extensions import db
from quizapp.models import Question
from quizapp.study.service import active_facts
from tests.conftest import STRONG_PASSWORD, make_app
from tests.srs.histories import steady_learner


def store_steady_learner(database: Path) -> None:
    app = make_app(database)
    with app.app_context():
        user = create_account("steady@example.org", STRONG_PASSWORD, "Steady")
        fact_ids = list(active_facts(None))
        flashcards = {
            q.fact_id: q for q in db.session.scalars(select(Question).where(Question.kind == "flashcard"))
        }
        mapped: dict[str, str] = {}
        for record in steady_learner():
            fact_id = mapped.setdefault(record.fact_id, fact_ids[len(mapped)])
            answer = Answer(flashcards[fact_id], record.rating, None, "", "", 4.0, uuid.uuid4().hex)
            record_answer(user, answer, record.reviewed_at)
        db.session.commit()
        db.engine.dispose()


def fits_in(database: Path) -> list[tuple[str, int, int]]:
    with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as connection:
        return connection.execute("SELECT trigger, review_count, applied FROM schedule_fit").fetchall()


def children_of(pid: int) -> set[int]:
    return {int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()}


def test_the_runner_fits_a_due_learner_without_a_request_and_stops_with_the_server(server_database, gunicorn):
    store_steady_learner(server_database)
    server = gunicorn(server_database, workers=2, extra_env={"QUIZAPP_PERSONALISE_EVERY": "3600"})
    runners = [
        pid
        for pid in children_of(server.process.pid)
        if b"schedules\x00personalise" in Path(f"/proc/{pid}/cmdline").read_bytes()
    ]
    assert len(runners) == 1, server.log_text()
    assert os.getpriority(os.PRIO_PROCESS, runners[0]) >= 10  # niced below the workers

    deadline = time.monotonic() + 90
    while not fits_in(server_database):
        assert time.monotonic() < deadline, server.log_text()
        time.sleep(1)
    assert fits_in(server_database) == [("automatic: first fit: 420 reviews", 420, 1)]

    server.stop()
    assert not Path(f"/proc/{runners[0]}").exists() or b"Z" in Path(f"/proc/{runners[0]}/stat").read_bytes()
    log = server.log_text()
    assert "personalise: 1 learner(s) fitted, 1 with new parameters applied." in log
    # The runner exited by itself (status 0): gunicorn reports any child that died of a signal or
    # failed. (Its workers may be reported when the group's TERM reaches one still booting.)
    assert f"(pid:{runners[0]})" not in log and "Traceback" not in log, (runners, log)
