"""Scale: server-side time to answer and fetch the next item as the database grows.

Usage: python bench/scale.py [--rounds 150]

Six seeded databases (1k and 10k learners x 10k, 100k and 1M review-log rows; bench/seeded_db.py)
each get their own app in this process, driven by Flask's test client (no network: the time is the
server's). One round answers the item the study page shows (as a flashcard rated Good: POST
/study/answer) and fetches the next one (GET /study/), as learners from the middle of the table;
rounds go round-robin over the six apps, so a noisy neighbour slows all of them alike. The figure
that matters is the ratio of the largest database's median to the smallest's: near 1 means the cost
stays flat. Then every SQL statement of one round on the largest database, with its EXPLAIN QUERY
PLAN: the big tables (user, card, review_log) must be searched through an index, never scanned.
"""

from __future__ import annotations

import argparse
import re
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from report import print_summary, print_table, verdict  # noqa: E402
from seeded_db import BENCH_PASSWORD, BENCH_SECRET_KEY, bench_email, seeded_database, working_copy  # noqa: E402
from servers import CSRF_PATTERN, QUESTION_PATTERN  # noqa: E402

LEARNER_COUNTS = (1_000, 10_000)
REVIEW_COUNTS = (10_000, 100_000, 1_000_000)
BIG_TABLES = ("user", "card", "review_log")
P99_TARGET_MS = 25.0
RATIO_TARGET = 1.3


class Learner:
    """Signed-in learners of one app, answering through the test client.

    The measured learners come from the middle of the user table, with the new-fact limit raised to
    the whole bank so the study page always has an item; when one has answered everything due and
    new, the next one takes over.
    """

    POOL = 10

    def __init__(self, database: Path, learners: int):
        from quizapp import create_app

        numbers = [learners // 2 + i for i in range(self.POOL)]
        with sqlite3.connect(database) as connection:
            connection.execute(
                f"UPDATE user SET new_facts_per_day = 1000 WHERE id IN ({','.join('?' * len(numbers))})",
                numbers,
            )
        self.name = database.name
        self.app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
                "SECRET_KEY": BENCH_SECRET_KEY,
                "RATELIMIT_ENABLED": False,
                "RATELIMIT_STORAGE_URI": "memory://",
            }
        )
        self.clients = []
        for number in numbers:
            client = self.app.test_client()
            token = CSRF_PATTERN.search(client.get("/signin").get_data(as_text=True)).group(1)
            client.post(
                "/signin",
                data={"csrf_token": token, "email": bench_email(number), "password": BENCH_PASSWORD},
            )
            self.clients.append(client)
        self.client = self.clients.pop(0)
        self.page = self.client.get("/study/").get_data(as_text=True)
        with self.app.app_context():
            from sqlalchemy import select

            from quizapp.extensions import db
            from quizapp.models import Question

            self.flashcards = dict(
                db.session.execute(
                    select(Question.fact_id, Question.id)
                    .where(Question.kind == "flashcard")
                    .order_by(Question.id.desc())
                ).all()
            )

    def answer_and_fetch_next(self) -> tuple[float, float]:
        """Seconds (wall clock, then this process's CPU) to answer the shown item and fetch the next."""
        shown = QUESTION_PATTERN.search(self.page)
        if shown is None:
            if not self.clients:
                raise SystemExit(f"scale: every learner of {self.name} has answered all there is")
            self.client = self.clients.pop(0)
            self.page = self.client.get("/study/").get_data(as_text=True)
            return self.answer_and_fetch_next()
        token = CSRF_PATTERN.search(self.page).group(1)
        form = {
            "csrf_token": token,
            "question_id": self.flashcards[shown.group(1).split(":")[0]],
            "submission_key": uuid.uuid4().hex,
            "shown_at": "",
            "sections": "",
            "rating": "3",
        }
        started, cpu_started = time.perf_counter(), time.process_time()
        answered = self.client.post("/study/answer", data=form)
        page = self.client.get("/study/")
        elapsed = time.perf_counter() - started, time.process_time() - cpu_started
        if answered.status_code != 302 or page.status_code != 200:
            raise SystemExit(f"scale: answer {answered.status_code}, next item {page.status_code}")
        self.page = page.get_data(as_text=True)
        return elapsed


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def capture_statements(learner: Learner) -> list[tuple[str, tuple]]:
    """Every distinct SQL statement (with its first parameters) of one answer + next item."""
    from sqlalchemy import event

    from quizapp.extensions import db

    seen: dict[str, tuple] = {}

    def remember(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith(("SELECT", "INSERT", "UPDATE", "DELETE")):
            seen.setdefault(statement, parameters)

    with learner.app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", remember)
    try:
        learner.answer_and_fetch_next()
    finally:
        event.remove(engine, "before_cursor_execute", remember)
    return list(seen.items())


def query_plans(learner: Learner, statements) -> list[tuple[str, list[str]]]:
    from quizapp.extensions import db

    plans = []
    with learner.app.app_context():
        connection = db.engine.raw_connection()
        try:
            cursor = connection.cursor()
            for statement, parameters in statements:
                rows = cursor.execute(f"EXPLAIN QUERY PLAN {statement}", parameters).fetchall()
                plans.append((statement, [row[-1] for row in rows]))
        finally:
            connection.close()
    return plans


def full_scans(plan: list[str]) -> list[str]:
    """Plan lines that read a big table without an index."""
    return [
        line for line in plan if re.match(rf"SCAN ({'|'.join(BIG_TABLES)})\b", line) and "USING" not in line
    ]


def short_sql(statement: str) -> str:
    one_line = " ".join(statement.split())
    one_line = re.sub(r"SELECT .*? FROM", "SELECT … FROM", one_line, count=1)
    return one_line if len(one_line) <= 150 else one_line[:147] + "…"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=150, help="answers per database")
    args = parser.parse_args(argv[1:])
    if args.rounds < 10:
        parser.error("--rounds must be at least 10")
    sizes = [(learners, reviews) for learners in LEARNER_COUNTS for reviews in REVIEW_COUNTS]
    with tempfile.TemporaryDirectory(prefix="quizapp-scale-") as scratch:
        learners = {
            size: Learner(working_copy(seeded_database(*size), Path(scratch)), size[0]) for size in sizes
        }
        for learner in learners.values():  # warm caches and compiled templates
            for _ in range(5):
                learner.answer_and_fetch_next()
        times: dict[tuple[int, int], list[float]] = {size: [] for size in sizes}
        cpu_times: dict[tuple[int, int], list[float]] = {size: [] for size in sizes}
        for _ in range(args.rounds):
            for size, learner in learners.items():
                wall, cpu = learner.answer_and_fetch_next()
                times[size].append(wall * 1000)
                cpu_times[size].append(cpu * 1000)
        largest, smallest = max(sizes, key=lambda s: (s[1], s[0])), min(sizes, key=lambda s: (s[1], s[0]))
        statements = capture_statements(learners[largest])
        plans = query_plans(learners[largest], statements)

    rows = []
    for size in sizes:
        values = times[size]
        cpu = cpu_times[size]
        rows.append(
            [
                f"{size[0]:,}",
                f"{size[1]:,}",
                f"{statistics.median(values):.1f}",
                f"{percentile(values, 0.99):.1f}",
                f"{statistics.median(values) / statistics.median(times[smallest]):.2f}",
                f"{statistics.median(cpu):.1f}",
                f"{percentile(cpu, 0.99):.1f}",
                f"{statistics.median(cpu) / statistics.median(cpu_times[smallest]):.2f}",
            ]
        )
    print(
        f"scale: answer + next item through Flask's test client, {args.rounds} rounds per database, round-robin"
    )
    print_table(
        "Server-side time to answer and fetch the next item (ms)",
        ["learners", "review rows", "median", "p99", "x smallest", "CPU median", "CPU p99", "x smallest"],
        rows,
    )
    print(
        "wall clock is what a learner waits for; CPU time (this process's) is what neighbours on a shared "
        "machine disturb least"
    )
    print_table(
        "Hot queries of one answer + next item on the largest database, with EXPLAIN QUERY PLAN",
        ["#", "statement / plan"],
        [],
    )
    scanned = []
    for number, (statement, plan) in enumerate(plans, 1):
        print(f"{number:>2}  {short_sql(statement)}")
        for line in plan:
            print(f"      {line}")
        scanned += full_scans(plan)
    print(
        f"\n{len(plans)} distinct statements; full scans of {', '.join(BIG_TABLES)}: "
        f"{len(scanned)}{' — ' + '; '.join(scanned) if scanned else ''}"
    )
    ratio = statistics.median(times[largest]) / statistics.median(times[smallest])
    cpu_ratio = statistics.median(cpu_times[largest]) / statistics.median(cpu_times[smallest])
    p99_big = max(percentile(times[size], 0.99) for size in sizes if size[1] == max(REVIEW_COUNTS))
    cpu_p99_big = max(percentile(cpu_times[size], 0.99) for size in sizes if size[1] == max(REVIEW_COUNTS))
    print_summary(
        "scale",
        (
            f"largest/smallest median {ratio:.2f}, CPU {cpu_ratio:.2f} (target < {RATIO_TARGET}: "
            f"{verdict(max(ratio, cpu_ratio) < RATIO_TARGET)}); p99 at 1M rows {p99_big:.1f} ms, CPU {cpu_p99_big:.1f} ms "
            f"(target < {P99_TARGET_MS:.0f} ms: {verdict(p99_big < P99_TARGET_MS)}); "
            f"{len(plans)} statements, {len(scanned)} full scans of big tables"
        ),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
