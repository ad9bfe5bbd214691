"""`flask schedules personalise`: fit the parameters of every learner who is due, outside any request.

Run it from cron or a systemd timer (README, "Personal schedules"), or let the runner that
`make run` starts with gunicorn (quizapp/gunicorn_config.py) call it with --every. Safe to run
beside the web servers and beside another copy of itself: each learner is fitted by one process
at a time (quizapp/history/personalise.py).
"""

from __future__ import annotations

import signal
import threading

import click
from flask.cli import AppGroup
from sqlalchemy.exc import SQLAlchemyError

from quizapp.clock import utcnow
from quizapp.extensions import db
from quizapp.history.personalise import personalise_due_learners
from quizapp.history.runner import parent_is_gone

schedules_cli = AppGroup("schedules", help="Personal FSRS schedules.")


def _one_pass() -> int:
    tries = personalise_due_learners(utcnow, click.echo)
    applied = sum(1 for attempt in tries if attempt.applied)
    click.echo(f"personalise: {len(tries)} learner(s) fitted, {applied} with new parameters applied.")
    return len(tries)


@schedules_cli.command("personalise")
@click.option(
    "--every",
    type=click.IntRange(min=60),
    default=None,
    metavar="SECONDS",
    help="Keep running, one pass every SECONDS (at least 60); without it, one pass and exit.",
)
def personalise_command(every: int | None) -> None:
    """Fit the FSRS parameters of learners with enough new reviews (or a month since their last fit).

    New parameters are applied only when they predict the learner's latest, held-out reviews better.
    """
    stopping = threading.Event()

    def stop(_signum: int, _frame: object) -> None:
        # Later TERMs are ignored: a second one (gunicorn's master and a process-group or systemd
        # stop both send one) would otherwise kill the exiting interpreter, which puts Python's
        # handlers back to the default while it shuts down.
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        stopping.set()

    if every is not None:
        # Stop between passes (exit status 0) when gunicorn's master, or anyone, asks.
        signal.signal(signal.SIGTERM, stop)
    while not stopping.is_set():
        try:
            _one_pass()
        except SQLAlchemyError as error:
            db.session.rollback()
            message = f"personalise: the database refused: {str(error).splitlines()[0]}"
            if every is None:
                raise click.ClickException(message) from None
            click.echo(message, err=True)  # the runner keeps going; the next pass retries
        if every is None:
            return
        for _second in range(every):
            if parent_is_gone() or stopping.wait(1):
                return
