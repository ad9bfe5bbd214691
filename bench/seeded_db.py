"""Big SQLite databases for the benchmarks, seeded with bulk SQL and cached between runs.

`seeded_database(learners, reviews)` returns the path of a migrated database holding the full
question bank, `learners` learner accounts (all with BENCH_PASSWORD) and `reviews` review-log rows
spread over the past year with matching cards. The first call builds it in a few seconds to a
minute (1M rows) with executemany inside one transaction; later calls find it under
bench/.cache/ (gitignored), named by the migrations it was built with, so a schema change reseeds. Benchmarks that write copy it first (`working_copy`).

Rows look like the app's own: each learner has seen the first facts of the article (more
history, more facts, up to all 180), reviews rotate through a fact's question variants, every
row carries the card state before and after it, and about a fifth of the cards are due now.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CACHE_DIR = REPO / "bench" / ".cache"
BENCH_PASSWORD = "bench-password-2026"
BENCH_SECRET_KEY = "bench-secret-key-not-for-production"
SEED_VERSION = 1  # bump when the shape of the seeded data changes, so stale caches are rebuilt


def bench_email(learner_number: int) -> str:
    return f"learner{learner_number}@bench.example"


def _cache_tag() -> str:
    """Names cached files by the seed's shape and the schema: a new migration means a new seed."""
    migrations = sorted(path.name for path in (REPO / "migrations" / "versions").glob("*.py"))
    return f"v{SEED_VERSION}-{hashlib.sha256(chr(10).join(migrations).encode()).hexdigest()[:8]}"


def seeded_database(learners: int, reviews: int) -> Path:
    """The cached database for (learners, reviews), built on first use."""
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    target = CACHE_DIR / f"{_cache_tag()}-{learners}-learners-{reviews}-reviews.sqlite"
    if target.exists():
        return target
    started = time.perf_counter()
    building = target.with_suffix(".building")
    shutil.copyfile(bank_database(), building)
    _fill(building, learners, reviews, random.Random(learners * 1_000_003 + reviews))
    building.rename(target)
    print(f"  seeded {target.name} in {time.perf_counter() - started:.1f}s", file=sys.stderr)
    return target


def working_copy(source: Path, directory: Path) -> Path:
    """A copy a benchmark may write to, so the cached database stays as seeded."""
    copy = directory / source.name
    shutil.copyfile(source, copy)
    return copy


def bench_environment(database: Path | str) -> dict[str, str]:
    """Environment for the app (flask or gunicorn) on `database` (a SQLite file, or a database
    URL): fixed key, no sign-in limits."""
    return {
        **os.environ,
        "DATABASE_URL": database if isinstance(database, str) else f"sqlite:///{database}",
        "SECRET_KEY": BENCH_SECRET_KEY,
        "RATELIMIT_ENABLED": "0",
        "RATELIMIT_STORAGE_URI": "memory://",
    }


def bank_database() -> Path:
    """A migrated database with the question bank synced and no learners (`flask setup`)."""
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    bank = CACHE_DIR / f"{_cache_tag()}-bank.sqlite"
    if not bank.exists():
        building = bank.with_suffix(".building")
        building.unlink(missing_ok=True)
        subprocess.run(
            [sys.executable, "-m", "flask", "--app", "quizapp", "setup"],
            env=bench_environment(building),
            cwd=REPO,
            check=True,
            capture_output=True,
        )
        building.rename(bank)
    return bank


def _when(moment: datetime) -> str:
    """SQLAlchemy's SQLite DATETIME text for a UTC moment."""
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


def _state(state: str, stability: float, due: datetime, last: datetime) -> str:
    return (
        f'{{"state": "{state}", "step": null, "stability": {stability:.4f}, "difficulty": 5.0, '
        f'"due": "{due.isoformat()}", "last_review": "{last.isoformat()}"}}'
    )


def _fill(path: Path, learners: int, reviews: int, rng: random.Random) -> None:
    from quizapp.passwords import hash_password

    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode = OFF")
    connection.execute("PRAGMA synchronous = OFF")
    facts = [
        row[0]
        for row in connection.execute(
            "SELECT fact.id FROM fact JOIN section ON section.id = fact.section_id "
            "WHERE fact.retired_at IS NULL ORDER BY section.position, fact.paragraph, fact.id"
        )
    ]
    variants: dict[str, list[tuple[str, str]]] = {}
    for question_id, fact_id, kind in connection.execute(
        "SELECT id, fact_id, kind FROM question WHERE retired_at IS NULL ORDER BY id"
    ):
        variants.setdefault(fact_id, []).append((question_id, kind))

    now = datetime.now(UTC)
    year_ago = now - timedelta(days=365)
    password_hash = hash_password(BENCH_PASSWORD)
    connection.execute("BEGIN")
    connection.executemany(
        "INSERT INTO user (id, email, password_hash, display_name, role, is_guest, is_disabled, "
        "session_version, time_zone, desired_retention, new_facts_per_day, reviews_per_day, created_at) "
        "VALUES (?, ?, ?, ?, 'learner', 0, 0, 1, 'UTC', 0.9, 20, 200, ?)",
        ((n, bench_email(n), password_hash, f"Learner {n}", _when(year_ago)) for n in range(1, learners + 1)),
    )
    base, extra = divmod(reviews, learners)
    log_rows = []
    card_rows = []
    log_id = 0
    for learner in range(1, learners + 1):
        own = base + (1 if learner <= extra else 0)
        if own == 0:
            continue
        seen = facts[: min(len(facts), max(1, own // 5))]
        step = timedelta(days=365) / own
        last_state: dict[str, tuple[str, float, datetime]] = {}
        for i in range(own):
            fact_id = seen[i % len(seen)]
            reviewed_at = year_ago + step * i + timedelta(seconds=rng.randrange(60))
            rating = 1 if rng.random() < 0.1 else 3
            before = last_state.get(fact_id)
            stability = (before[1] * (0.5 if rating == 1 else 2.5)) if before else 2.0
            after_due = reviewed_at + timedelta(days=min(stability, 300))
            after = _state("review", stability, after_due, reviewed_at)
            question_id, kind = variants[fact_id][(i // len(seen)) % len(variants[fact_id])]
            log_id += 1
            log_rows.append(
                (
                    log_id,
                    f"{log_id:032x}",
                    learner,
                    fact_id,
                    question_id,
                    kind,
                    rating,
                    None if kind == "flashcard" else int(rating > 1),
                    rng.uniform(2, 20),
                    int(before is None),
                    reviewed_at.date().isoformat(),
                    _when(reviewed_at),
                    before[0] if before else None,
                    after,
                )
            )
            last_state[fact_id] = (after, stability, reviewed_at)
        for fact_id, (memory, stability, last) in last_state.items():
            # About a fifth of the cards are due now, the rest later: a realistic study page.
            due = (
                now - timedelta(hours=rng.uniform(1, 240))
                if rng.random() < 0.2
                else now + timedelta(days=rng.uniform(1, 60))
            )
            memory = _state("review", stability, due, last)
            card_rows.append((learner, fact_id, memory, _when(due), 5, 0, _when(last)))
        if len(log_rows) >= 100_000:
            _insert_logs(connection, log_rows)
            log_rows.clear()
    _insert_logs(connection, log_rows)
    connection.executemany(
        "INSERT INTO card (user_id, fact_id, memory, due, reps, lapses, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        card_rows,
    )
    connection.execute("COMMIT")
    connection.execute("ANALYZE")
    connection.execute("PRAGMA journal_mode = WAL")
    connection.close()


def _insert_logs(connection: sqlite3.Connection, rows: list[tuple]) -> None:
    connection.executemany(
        "INSERT INTO review_log (id, submission_key, user_id, fact_id, question_id, kind, source, rating, "
        "correct, answer_given, grader_note, seconds_taken, affects_schedule, is_new, study_day, reviewed_at, "
        "state_before, state_after) VALUES (?, ?, ?, ?, ?, ?, 'study', ?, ?, '', '', ?, 1, ?, ?, ?, ?, ?)",
        rows,
    )
