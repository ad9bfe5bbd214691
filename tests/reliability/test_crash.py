"""SIGKILL of gunicorn's whole process group under load loses no acknowledged answer and stores none twice."""

from __future__ import annotations

import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from tests.reliability.checks import integrity_of, stored_review_keys
from tests.reliability.learners import LoadResult, run_learners
from tests.reliability.test_load import ANSWERS_EACH, LEARNERS


def test_killing_the_server_mid_load_loses_no_acknowledged_answer(server_database, gunicorn):
    server = gunicorn(server_database, workers=4)
    result = LoadResult()
    # The last quarter of the answers waits for the kill, so the server dies mid-load however fast
    # the machine serves (a faster one finished a backup test's load before the backup began).
    killed = threading.Event()
    load = threading.Thread(
        target=run_learners,
        args=(server.url, LEARNERS, ANSWERS_EACH, result),
        kwargs={"hold": (ANSWERS_EACH * 3 // 4, killed)},
    )
    load.start()
    halfway = LEARNERS * ANSWERS_EACH // 2
    deadline = time.monotonic() + 120
    while len(result.acknowledged) < halfway and time.monotonic() < deadline:
        time.sleep(0.01)
    try:
        server.kill()
    finally:  # the held learners go on (and find the server gone) whatever the kill did
        killed.set()
    load.join(timeout=120)
    assert not load.is_alive()
    acknowledged = {s.key for s in result.acknowledged}
    assert halfway <= len(acknowledged) < LEARNERS * ANSWERS_EACH
    assert not [status for status in result.statuses() if status and status >= 500]

    assert integrity_of(server_database) == "ok"
    restarted = gunicorn(server_database, workers=4)
    for learner in {s.learner for s in result.submissions}:
        learner.base_url = restarted.url
    stored_after_crash = stored_review_keys(server_database)
    assert acknowledged <= set(stored_after_crash), "an acknowledged answer was lost"

    # A client that never saw its reply sends again; every answer must end up stored once.
    with ThreadPoolExecutor(max_workers=8) as pool:
        resent = list(pool.map(lambda s: s.learner.submit(s.form), result.submissions))
    assert Counter(s.status for s in resent) == {302: len(result.submissions)}
    stored = stored_review_keys(server_database)
    assert set(stored) == {s.key for s in result.submissions}
    assert set(stored.values()) == {1}, "an answer was stored twice"
    assert integrity_of(server_database) == "ok"
    print(
        f"killed after {len(acknowledged)} acknowledged of {len(result.submissions)} sent; "
        f"{len(stored_after_crash)} were stored at the crash"
    )
