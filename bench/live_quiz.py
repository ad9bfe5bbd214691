"""Live quiz: 300 players answer one question within two seconds, every phone polling meanwhile.

Usage: python bench/live_quiz.py [--players 300] [--window 2] [--workers 4]

The app runs under gunicorn with four threaded workers on SQLite (a copy of the bank database), on
loopback. A teacher starts a live session over HTTP; the players join with nicknames and open
the question on their phones (all before the clock starts). Then each player sends its answer at
a random moment within the window, while every phone also polls the session's state once a
second, as live.js does. Figures: answers sent and stored (they must be equal, each once),
errors, and answer and poll latency as the players saw it and as the server spent it (gunicorn's
access log, %(D)s). The load generator is Python threads on the same machine; its CPU share is
shown, since on two cores it competes with the server, and a request waits in gunicorn's queue
while all four workers are busy: the gap between the two latencies is that wait.
"""

from __future__ import annotations

import argparse
import http.client
import random
import re
import resource
import sqlite3
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from report import print_summary, print_table, verdict  # noqa: E402
from seeded_db import bank_database, bench_environment, working_copy  # noqa: E402
from servers import gunicorn  # noqa: E402

TEACHER_EMAIL, TEACHER_PASSWORD = "teacher@bench.example", "bench-password-2026"
P99_TARGET_MS = 250
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
ANSWER_FORM = re.compile(r'<form method="post" action="(/live/\d+/answer)"[^>]*>(.*?)</form>', re.S)
HIDDEN = re.compile(r'<input[^>]*type="hidden"[^>]*>')
ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')


class Browser:
    """One phone: a keep-alive connection and its cookies, over http.client (cheap per request)."""

    def __init__(self, base: str):
        parts = urllib.parse.urlsplit(base)
        self.host, self.port = parts.hostname, parts.port
        self.connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> tuple[int, str, float]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        for attempt in (1, 2):
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                text = response.read().decode(errors="replace")
                break
            except (http.client.HTTPException, OSError):
                self.connection.close()
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
                if attempt == 2:
                    return 0, "", time.perf_counter() - started
        elapsed = time.perf_counter() - started
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, text, elapsed


def prepare(database: Path, questions: int = 3) -> None:
    """A teacher, a class and a quiz of choice questions, written with the app's own services."""
    import os

    os.environ.update(bench_environment(database))
    from quizapp import create_app
    from quizapp.auth.accounts import create_account
    from quizapp.classes.service import create_class
    from quizapp.clock import utcnow
    from quizapp.extensions import db
    from quizapp.models import Role
    from quizapp.quizzes.service import create_quiz

    app = create_app()
    with app.app_context():
        teacher = create_account(TEACHER_EMAIL, TEACHER_PASSWORD, "Bench Teacher", Role.TEACHER)
        classroom = create_class(teacher, "Bench class")
        create_quiz(classroom, "Live bench", [], ["multiple_choice"], questions, utcnow(), random.Random(1))
        db.session.commit()
        db.engine.dispose()


def csrf(page: str) -> str:
    return CSRF.search(page).group(1)


def answer_form(page: str) -> tuple[str, dict[str, str]]:
    found = ANSWER_FORM.search(page)
    if not found:
        raise SystemExit("live_quiz: no question on a phone")
    form = {}
    for tag in HIDDEN.findall(found.group(2)):
        attributes = dict(ATTRIBUTE.findall(tag))
        form[attributes["name"]] = attributes.get("value", "")
    return found.group(1), form


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1000 if ordered else 0.0


@dataclass
class Window:
    answers: list[tuple[int, float]] = field(default_factory=list)
    polls: list[tuple[int, float]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--players", type=int, default=300)
    parser.add_argument("--window", type=float, default=2.0, help="seconds within which every player answers")
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as scratch:
        database = working_copy(bank_database(), Path(scratch))
        prepare(database)
        env = bench_environment(database)
        timing_log = Path(scratch) / "access.log"
        with gunicorn("quizapp:create_app()", env, workers=args.workers, timing_log=timing_log) as base:
            teacher = Browser(base)
            _status, page, _ = teacher.request("GET", "/signin")
            teacher.request(
                "POST",
                "/signin",
                {"csrf_token": csrf(page), "email": TEACHER_EMAIL, "password": TEACHER_PASSWORD},
            )
            with sqlite3.connect(database) as connection:
                quiz_id = connection.execute("SELECT id FROM quiz").fetchone()[0]
            _status, page, _ = teacher.request("GET", f"/quizzes/{quiz_id}/edit")
            status, _text, _ = teacher.request(
                "POST", f"/quizzes/{quiz_id}/live", {"csrf_token": csrf(page), "seconds_per_question": "60"}
            )
            with sqlite3.connect(database) as connection:
                session_id, code = connection.execute("SELECT id, join_code FROM live_session").fetchone()

            players = [Browser(base) for _ in range(args.players)]
            join_times: list[float] = []

            def join(numbered):
                number, player = numbered
                _s, join_page, _ = player.request("GET", f"/play/{code}")
                status, _t, elapsed = player.request(
                    "POST",
                    "/play",
                    {"csrf_token": csrf(join_page), "code": code, "nickname": f"Player {number}"},
                )
                join_times.append(elapsed)
                return status

            join_statuses = run_all(join, list(enumerate(players)), concurrency=50)
            _s, host_page, _ = teacher.request("GET", f"/live/{session_id}/host")
            teacher.request(
                "POST", f"/live/{session_id}/host/next", {"csrf_token": csrf(host_page), "position": "-1"}
            )
            forms = run_all(
                lambda p: answer_form(p.request("GET", f"/live/{session_id}/play")[1]),
                players,
                concurrency=50,
            )

            window = Window()
            rng = random.Random(3)
            offsets = [rng.uniform(0, args.window) for _ in players]
            stop_polling = threading.Event()
            cpu_before = resource.getrusage(resource.RUSAGE_SELF)
            started = time.perf_counter() + 0.5

            def phone(index: int) -> None:
                player, (path, form) = players[index], forms[index]
                poller = Browser(base)
                poller.cookies = player.cookies
                next_poll = started + rng.uniform(0, 1)
                answered = False
                while not answered or not stop_polling.is_set():
                    now = time.perf_counter()
                    if not answered and now >= started + offsets[index]:
                        status, _t, elapsed = player.request("POST", path, {**form, "choice": "0"})
                        with window.lock:
                            window.answers.append((status, elapsed))
                        answered = True
                    elif now >= next_poll and not stop_polling.is_set():
                        status, _t, elapsed = poller.request("GET", f"/live/{session_id}/state")
                        with window.lock:
                            window.polls.append((status, elapsed))
                        next_poll += 1.0
                    else:
                        wake = next_poll if answered else min(next_poll, started + offsets[index])
                        time.sleep(max(0.0, wake - now))

            threads = [threading.Thread(target=phone, args=(i,), daemon=True) for i in range(len(players))]
            for thread in threads:
                thread.start()
            time.sleep(max(0.0, started - time.perf_counter()) + args.window + 1.5)
            stop_polling.set()
            for thread in threads:
                thread.join(timeout=60)
            wall = time.perf_counter() - started
            cpu_after = resource.getrusage(resource.RUSAGE_SELF)
            with sqlite3.connect(database) as connection:
                stored, distinct = connection.execute(
                    "SELECT COUNT(*), COUNT(DISTINCT player_id) FROM live_answer WHERE session_id = ?",
                    (session_id,),
                ).fetchone()
        server_answers, server_polls = server_times(timing_log.read_text(), session_id)

    sent = len(window.answers)
    answer_errors = sum(1 for status, _ in window.answers if status != 302)
    poll_errors = sum(1 for status, _ in window.polls if status != 200)
    answer_p99 = percentile([t for _, t in window.answers], 0.99)
    server_answer_p99 = percentile(server_answers, 0.99)
    client_cpu = (
        ((cpu_after.ru_utime + cpu_after.ru_stime) - (cpu_before.ru_utime + cpu_before.ru_stime)) / wall * 100
    )
    print_table(
        f"Live quiz: {args.players} players, one question, answers within {args.window:g} s, "
        f"gunicorn {args.workers} workers on SQLite, phones polling once a second",
        ["what", "requests", "errors", "p50 ms", "p99 ms", "max ms"],
        [
            [
                "join (before the clock)",
                len(join_times),
                sum(1 for s in join_statuses if s != 302),
                percentile(join_times, 0.5),
                percentile(join_times, 0.99),
                percentile(join_times, 1.0),
            ],
            [
                "answer (POST)",
                sent,
                answer_errors,
                percentile([t for _, t in window.answers], 0.5),
                answer_p99,
                percentile([t for _, t in window.answers], 1.0),
            ],
            [
                "poll state (GET)",
                len(window.polls),
                poll_errors,
                percentile([t for _, t in window.polls], 0.5),
                percentile([t for _, t in window.polls], 0.99),
                percentile([t for _, t in window.polls], 1.0),
            ],
            [
                "answer, server side",
                len(server_answers),
                "",
                percentile(server_answers, 0.5),
                server_answer_p99,
                percentile(server_answers, 1.0),
            ],
            [
                "poll, server side",
                len(server_polls),
                "",
                percentile(server_polls, 0.5),
                percentile(server_polls, 0.99),
                percentile(server_polls, 1.0),
            ],
        ],
    )
    print_table(
        "Answers kept",
        ["sent", "stored", "players with an answer", "load generator CPU % of one core"],
        [[sent, stored, distinct, round(client_cpu, 1)]],
    )
    every_answer = sent == stored == distinct == args.players
    print_summary(
        "live_quiz",
        f"{stored}/{sent} answers stored from {args.players} players, {answer_errors + poll_errors} errors, "
        f"answer p99 {answer_p99:.0f} ms as the phones saw it, {server_answer_p99:.0f} ms in the server "
        f"(target {P99_TARGET_MS} ms: {verdict(answer_p99 < P99_TARGET_MS)}; "
        f"all stored once: {verdict(every_answer)})",
    )
    return 0


def server_times(access_log: str, session_id: int) -> tuple[list[float], list[float]]:
    """Seconds the server spent on each answer POST and each phone poll, from gunicorn's log."""
    answers, polls = [], []
    for line in access_log.splitlines():
        parts = line.split()
        if len(parts) != 4 or not parts[3].isdecimal():
            continue
        method, path, _status, micros = parts
        if method == "POST" and path == f"/live/{session_id}/answer":
            answers.append(int(micros) / 1e6)
        elif method == "GET" and path == f"/live/{session_id}/state":
            polls.append(int(micros) / 1e6)
    return answers, polls


def run_all(function, items, concurrency: int):
    """Apply `function` to every item with `concurrency` threads; results in order."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        return list(pool.map(function, items))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
