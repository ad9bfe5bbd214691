"""Fifty learners answering at once through real gunicorn workers on SQLite lose and refuse nothing."""

from __future__ import annotations

import time
from collections import Counter

from tests.reliability.checks import stored_review_keys
from tests.reliability.learners import run_learners

LEARNERS = 50
ANSWERS_EACH = 40


def test_fifty_learners_answering_forty_items_each(server_database, gunicorn):
    server = gunicorn(server_database, workers=4)
    started = time.monotonic()
    result, _learners = run_learners(server.url, LEARNERS, ANSWERS_EACH)
    elapsed = time.monotonic() - started
    server.stop()

    statuses = Counter(result.statuses())
    assert statuses == {302: LEARNERS * ANSWERS_EACH}, statuses
    stored = stored_review_keys(server_database)
    assert sum(stored.values()) == LEARNERS * ANSWERS_EACH
    assert set(stored) == {s.key for s in result.submissions}
    log = server.log_text()
    assert "database is locked" not in log
    assert "Traceback" not in log
    print(f"{LEARNERS * ANSWERS_EACH} answers in {elapsed:.1f} s ({LEARNERS * ANSWERS_EACH / elapsed:.0f}/s)")
