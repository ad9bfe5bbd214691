"""Answer path in process: the study page and answer + next item, timed per request at 1M rows.

Usage: python bench/answer_path.py [--rounds 300] [--database sqlite|postgresql] [--profile]

The app runs in this process on a copy of the seeded database (10,000 learners, 1,000,000
review-log rows; bench/seeded_db.py) and is driven by Flask's test client, so the times are the
server's own, without a network or a load generator sharing the machine's two cores. Flask's hello
world (bench/hello_app.py) is timed the same way in the same process, round by round, so the
ratios hold on a busy machine better than the absolute figures do.

One round, as one of 16 signed-in learners in turn (the same learners and answers as
bench/web_path.py): GET /study/ (the study page), then POST /study/answer (the learner's own
flashcard, rated Good, a new submission key) and GET /study/ (the next item), timed together as
"answer + next item". Each request is timed by the wall clock and by this thread's CPU time: on
a shared machine the CPU time is what neighbours disturb least. With --database postgresql the seeded
rows are copied into a throwaway PostgreSQL server (tests/pg_server.py) first. --profile adds the
SQL statements of one round and a cProfile of the rounds.

Targets (issue 15): answer + next item p99 under 10 ms at 1M rows; the per-request ratios to hello
world are a guide to bench/web_path.py's throughput targets, not the targets themselves.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from report import print_summary, print_table, verdict  # noqa: E402
from seeded_db import BENCH_PASSWORD, BENCH_SECRET_KEY, bench_email, seeded_database, working_copy  # noqa: E402
from seeded_postgres import seeded_postgresql  # noqa: E402
from servers import CSRF_PATTERN  # noqa: E402

LEARNERS, REVIEWS = 10_000, 1_000_000
SIGNED_IN = 16
ANSWER_P99_TARGET_MS = 10.0


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


class Learners:
    """Signed-in learners of one app taking turns, each answering a flashcard of their own (as
    bench/wrk_scenario.lua does), whatever the study page shows."""

    def __init__(self, app):
        self.app = app
        numbers = [1 + i * (LEARNERS // SIGNED_IN) for i in range(SIGNED_IN)]
        with app.app_context():
            from sqlalchemy import select

            from quizapp.extensions import db
            from quizapp.models import Question

            self.flashcards = list(
                db.session.scalars(
                    select(Question.id)
                    .where(Question.kind == "flashcard", Question.retired_at.is_(None))
                    .order_by(Question.id)
                    .limit(64)
                )
            )
        self.clients = []
        for number in numbers:
            client = app.test_client()
            token = CSRF_PATTERN.search(client.get("/signin").get_data(as_text=True)).group(1)
            signed = client.post(
                "/signin",
                data={"csrf_token": token, "email": bench_email(number), "password": BENCH_PASSWORD},
            )
            if signed.status_code != 302:
                raise SystemExit(f"answer_path: could not sign in as learner {number}")
            self.clients.append(client)
        self.turn = 0

    def study_page(self, client) -> tuple[Timing, str]:
        started, cpu = time.perf_counter(), time.thread_time()
        page = client.get("/study/")
        elapsed = Timing(time.perf_counter() - started, time.thread_time() - cpu)
        if page.status_code != 200:
            raise SystemExit(f"answer_path: study page answered {page.status_code}")
        return elapsed, page.get_data(as_text=True)

    def answer_and_next(self, client, page: str, flashcard: str) -> Timing:
        form = {
            "csrf_token": CSRF_PATTERN.search(page).group(1),
            "question_id": flashcard,
            "submission_key": uuid.uuid4().hex,
            "shown_at": "",
            "sections": "",
            "rating": "3",
        }
        started, cpu = time.perf_counter(), time.thread_time()
        answered = client.post("/study/answer", data=form)
        following = client.get("/study/")
        elapsed = Timing(time.perf_counter() - started, time.thread_time() - cpu)
        if answered.status_code != 302 or following.status_code != 200:
            raise SystemExit(f"answer_path: answer {answered.status_code}, next item {following.status_code}")
        return elapsed

    def round(self) -> tuple[Timing, Timing]:
        number = self.turn % len(self.clients)
        self.turn += 1
        client = self.clients[number]
        study, page = self.study_page(client)
        return study, self.answer_and_next(client, page, self.flashcards[number % len(self.flashcards)])


@dataclass(frozen=True)
class Timing:
    """Seconds one request (or pair) took: by the wall clock and in this thread's CPU time."""

    wall: float
    cpu: float


def hello_time(client) -> Timing:
    started, cpu = time.perf_counter(), time.thread_time()
    client.get("/")
    return Timing(time.perf_counter() - started, time.thread_time() - cpu)


def statements_of_one_round(learners: Learners) -> list[str]:
    from sqlalchemy import event

    from quizapp.extensions import db

    seen: list[str] = []

    def remember(conn, cursor, statement, parameters, context, executemany):
        seen.append(" ".join(statement.split())[:140])

    with learners.app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", remember)
    try:
        learners.round()
    finally:
        event.remove(engine, "before_cursor_execute", remember)
    return seen


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=300, help="rounds timed")
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--profile", action="store_true", help="print the statements and a cProfile")
    args = parser.parse_args(argv[1:])
    if args.rounds < 20:
        parser.error("--rounds must be at least 20")
    source = seeded_database(LEARNERS, REVIEWS)
    with tempfile.TemporaryDirectory(prefix="quizapp-answer-path-") as scratch:
        if args.database == "postgresql":
            return _run_on_postgresql(args, source, Path(scratch))
        return _run(args, f"sqlite:///{working_copy(source, Path(scratch))}")


def _run_on_postgresql(args, source: Path, scratch: Path) -> int:
    with seeded_postgresql(source, scratch) as url:
        return _run(args, url)


def _run(args, url: str) -> int:
    from hello_app import app as hello_app

    from quizapp import create_app

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": BENCH_SECRET_KEY,
            "RATELIMIT_ENABLED": False,
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )
    learners = Learners(app)
    hello = hello_app.test_client()
    for _ in range(3 * SIGNED_IN):  # warm caches and compiled templates
        learners.round()
        hello_time(hello)
    hello_times: list[Timing] = []
    study_times: list[Timing] = []
    answer_times: list[Timing] = []
    # CPU time, not the wall clock, so neighbours on a shared machine show less in the shares.
    profiler = cProfile.Profile(time.thread_time) if args.profile else None
    for _ in range(args.rounds):
        hello_times.append(hello_time(hello))
        if profiler:
            profiler.enable()
        study, answer = learners.round()
        if profiler:
            profiler.disable()
        study_times.append(study)
        answer_times.append(answer)

    if args.profile:
        statements = statements_of_one_round(learners)
        print(f"\nSQL statements of one round (study page, answer, next item): {len(statements)}")
        for statement, count in Counter(statements).items():
            print(f"  {count}x {statement}")
        for order in ("cumulative", "tottime"):
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(35)
            print(out.getvalue()[:12000])

    def ms(times: list[Timing], clock: str) -> list[float]:
        return [getattr(timing, clock) * 1000 for timing in times]

    hello_p50 = {clock: statistics.median(ms(hello_times, clock)) for clock in ("wall", "cpu")}
    rows = []
    for name, times, requests in (
        ("hello world", hello_times, 1),
        ("study page", study_times, 1),
        ("answer + next item", answer_times, 2),
    ):
        row = [name]
        for clock in ("wall", "cpu"):
            values = ms(times, clock)
            p50 = statistics.median(values)
            row += [
                f"{p50:.2f}",
                f"{percentile(values, 0.99):.2f}",
                f"{requests * hello_p50[clock] / p50:.2f}",
            ]
        rows.append(row)
    answer_ms = ms(answer_times, "wall")
    study_ms = ms(study_times, "wall")
    print(
        f"answer path in process ({args.database}): {LEARNERS:,} learners, {REVIEWS:,} review-log rows, "
        f"{SIGNED_IN} learners in turn, {args.rounds} rounds"
    )
    print_table(
        "Server time through Flask's test client (ms; x hello: hello world's p50 over the scenario's per request)",
        ["scenario", "p50 ms", "p99 ms", "x hello", "CPU p50", "CPU p99", "x hello"],
        rows,
    )
    answer_p99 = percentile(answer_ms, 0.99)
    print_summary(
        "answer path",
        (
            f"{args.database}: answer + next item p50 {statistics.median(answer_ms):.1f} ms, p99 "
            f"{answer_p99:.1f} ms (target < {ANSWER_P99_TARGET_MS:.0f} ms: "
            f"{verdict(answer_p99 < ANSWER_P99_TARGET_MS)}); study page p50 {statistics.median(study_ms):.1f} ms; "
            f"hello world p50 {hello_p50['wall']:.2f} ms; load average {os.getloadavg()[0]:.1f}"
        ),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
