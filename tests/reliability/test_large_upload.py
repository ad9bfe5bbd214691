"""The largest upload quizapp accepts, under real gunicorn, while learners answer.

A 5,000-fact CSV (the row limit, under the size cap) used to hold SQLite's write lock from the
request's first query until gunicorn killed the worker. Now it is parsed outside any transaction
and written a few hundred rows at a time, so answers keep being stored within a second (95 % of
them; on a machine so busy that answers take longer without any upload, within twice that), and
the deck appears whole or not at all.
"""

from __future__ import annotations

import sqlite3
import threading
import time
import uuid
from contextlib import closing
from pathlib import Path

from quizapp.content.csvform import MAX_ROWS
from quizapp.library.forms import MAX_UPLOAD_BYTES
from tests.conftest import STRONG_PASSWORD
from tests.reliability.learners import Learner, page_csrf_token
from tests.reliability.server import run_flask

LEARNERS = 4
ANSWER_SECONDS = 1.0
BASELINE_SECONDS = 4.0


def percentile(values: list[float], share: float) -> float:
    return values[min(len(values) - 1, int(len(values) * share))]


def largest_csv(rows: int = MAX_ROWS) -> bytes:
    """As many facts as a CSV may hold, each a year, in ten sections."""
    lines = ["id,section,kind,subject,attribute,value,prompt,statement,explanation,paragraph"]
    for number in range(rows):
        year = 1900 + number % 120
        lines.append(
            f"f{number},s{number // 500},year,t{number},made_year,{year},"
            f"When was {number} made?,{number} was made in {year}.,So.,{number % 40 + 1}"
        )
    return ("\n".join(lines) + "\n").encode()


def multipart(fields: dict[str, str], file_field: str, filename: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; filename="{filename}"\r\n'
        f"Content-Type: text/csv\r\n\r\n".encode()
        + data
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def signed_in_teacher(server) -> Learner:
    email = "uploader@example.org"
    env = {**server.env, "QUIZAPP_NEW_PASSWORD": STRONG_PASSWORD}
    created = run_flask("users", "create", email, "--role", "teacher", env=env)
    assert created.returncode == 0, created.stderr
    teacher = Learner(server.url)
    status, page = teacher.request("/signin")
    assert status == 200
    form = {"csrf_token": page_csrf_token(page), "email": email, "password": STRONG_PASSWORD}
    status, _ = teacher.request("/signin", form)
    assert status == 302, status
    return teacher


def upload(teacher: Learner, data: bytes) -> tuple[int, str, float, float]:
    """POST the file as the upload page does; (status, Location, started, finished)."""
    import urllib.error
    import urllib.request

    status, page = teacher.request("/library/upload")
    assert status == 200
    body, content_type = multipart(
        {"csrf_token": page_csrf_token(page), "title": "Everything made"}, "facts_file", "facts.csv", data
    )
    request = urllib.request.Request(
        f"{teacher.base_url}/library/upload", data=body, headers={"Content-Type": content_type}
    )
    started = time.monotonic()
    try:
        with teacher.opener.open(request, timeout=120) as response:
            status, location = response.status, response.headers.get("Location", "")
    except urllib.error.HTTPError as error:
        status, location = error.code, error.headers.get("Location", "")
    return status, location, started, time.monotonic()


def rows(database: Path, query: str) -> int:
    with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as connection:
        return connection.execute(query).fetchone()[0]


def test_answers_keep_flowing_during_the_largest_upload(server_database, gunicorn):
    data = largest_csv()
    assert len(data) <= MAX_UPLOAD_BYTES
    server = gunicorn(server_database, workers=3)
    teacher = signed_in_teacher(server)
    learners = [Learner(server.url) for _ in range(LEARNERS)]
    for learner in learners:
        learner.start_as_guest()

    answers: list[tuple[float, float, int | None]] = []  # (sent, acknowledged, status)
    uploading = threading.Event()
    done = threading.Event()

    def answer_until_done(learner: Learner) -> None:
        uploading.wait()
        while not done.is_set():
            form = learner.next_answer()
            sent = time.monotonic()
            status = learner.submit(form).status
            answers.append((sent, time.monotonic(), status))

    threads = [threading.Thread(target=answer_until_done, args=(learner,)) for learner in learners]
    for thread in threads:
        thread.start()
    uploading.set()
    try:
        time.sleep(BASELINE_SECONDS)  # the same learners without an upload, on the same machine now
        status, location, started, finished = upload(teacher, data)
    finally:
        done.set()
        for thread in threads:
            thread.join(timeout=60)

    assert status == 302 and "/library/decks/" in location, (status, location)
    during = [(sent, acked, code) for sent, acked, code in answers if started <= sent <= finished]
    assert len(during) >= LEARNERS, f"only {len(during)} answers during a {finished - started:.1f} s upload"
    assert all(code == 302 for _, _, code in during), [code for _, _, code in during]
    baseline = sorted(acked - sent for sent, acked, _ in answers if acked < started)
    waits = sorted(acked - sent for sent, acked, _ in during)
    # Under a second, unless the machine is so busy that answers without any upload are slow too:
    # then no slower than twice those (the parsing worker shares the CPU, not a lock).
    bound = max(ANSWER_SECONDS, 2 * percentile(baseline, 0.95))
    assert percentile(waits, 0.95) < bound, (percentile(waits, 0.95), bound, percentile(baseline, 0.95))
    # Before, an answer waited for the whole upload (30 s, then a 503).
    assert waits[-1] < 3 * bound, f"an answer took {waits[-1]:.2f} s during the upload"

    deck_id = int(location.rstrip("/").rsplit("/", 1)[1])
    assert rows(server_database, f"SELECT count(*) FROM fact WHERE deck_id = {deck_id}") == MAX_ROWS
    assert rows(server_database, "SELECT count(*) FROM deck WHERE complete = 0") == 0
    stored = rows(server_database, "SELECT count(*) FROM review_log")
    assert stored == sum(1 for _, _, code in answers if code == 302)
