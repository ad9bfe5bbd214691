"""`flask demo seed`: a teacher, a class and months of study, so every page can be seen full."""

from __future__ import annotations

import random
from datetime import timedelta

import click
from flask.cli import AppGroup
from sqlalchemy import select

from quizapp.auth.accounts import create_account, find_user_by_email
from quizapp.classes.service import create_class
from quizapp.clock import utcnow
from quizapp.demo.classwork import assigned_quiz, live_game
from quizapp.demo.simulate import simulate_learner
from quizapp.extensions import db
from quizapp.models import Enrollment, Fact, Role

demo_cli = AppGroup("demo", help="Demo data for trying quizapp out.")

DEMO_PASSWORD = "demo-password-123"
TIME_ZONES = ["Europe/Berlin", "America/New_York", "Asia/Tokyo", "UTC", "America/Sao_Paulo"]
FIRST_NAMES = [
    "Ada",
    "Grace",
    "Alan",
    "Katherine",
    "Edsger",
    "Barbara",
    "Donald",
    "Frances",
    "John",
    "Radia",
    "Tim",
    "Hedy",
    "Claude",
    "Margaret",
    "Dennis",
    "Shafi",
]


@demo_cli.command("seed")
@click.option("--learners", default=10, show_default=True, type=click.IntRange(1, 200))
@click.option("--days", default=75, show_default=True, type=click.IntRange(1, 730))
@click.option("--seed", default=7, show_default=True, type=int, help="Same seed, same history.")
def seed_command(learners: int, days: int, seed: int) -> None:
    """Create demo.teacher@example.org with a class of learners who studied for DAYS days."""
    if db.session.scalar(select(Fact.id).limit(1)) is None:
        raise click.ClickException("the question bank is empty; run `flask setup` first")
    if find_user_by_email("demo.teacher@example.org") is not None:
        raise click.ClickException("demo data already exists (demo.teacher@example.org)")
    rng = random.Random(seed)
    teacher = create_account("demo.teacher@example.org", DEMO_PASSWORD, "Ms Demo", Role.TEACHER)
    classroom = create_class(teacher, "Demo class · Foundation models")
    people = []
    for number in range(learners):
        name = f"{FIRST_NAMES[number % len(FIRST_NAMES)]} {chr(65 + number // len(FIRST_NAMES))}."
        user = create_account(f"demo.learner{number + 1}@example.org", DEMO_PASSWORD, name, Role.LEARNER)
        user.time_zone = rng.choice(TIME_ZONES)
        classroom.enrollments.append(Enrollment(user_id=user.id))
        people.append(user)
    db.session.commit()
    start = utcnow().replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(days=days)
    total = 0
    with click.progressbar(length=learners * days, label="Simulating study days") as bar:
        for user in people:
            total += simulate_learner(
                user, start, days, random.Random(rng.getrandbits(64)), on_day=lambda: bar.update(1)
            )
    now = utcnow()
    assigned_quiz(classroom, people, now, rng)
    live_game(classroom, people, now, rng)
    click.echo(
        f"{learners} learners answered {total} questions over {days} days, took a quiz and played a live one."
    )
    click.echo(f"Sign in as demo.teacher@example.org or demo.learner1@example.org, password {DEMO_PASSWORD}")
