"""`flask questions check | sync | export`: the question bank from the command line."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from quizapp import content
from quizapp.clock import utcnow
from quizapp.extensions import db
from quizapp.library.bank import load_questions_dir, sync_builtin_bank
from quizapp.library.exports import EXPORT_FORMATS, fact_change_times, write_export

questions_cli = AppGroup("questions", help="Check, load and export the question bank.")


def _directory(directory: str | None) -> str:
    """The bank folder to use: the one given, or the app's; it must exist."""
    resolved = Path(directory or current_app.config["QUESTIONS_DIR"]).resolve()
    if not resolved.is_dir():
        raise click.ClickException(f"no such directory: {resolved}")
    return str(resolved)


def _fail_on_problems(problems) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)
    raise click.ClickException(f"{len(problems)} problem(s) in the question bank; nothing was written")


def _load_or_fail(directory: str):
    try:
        return load_questions_dir(directory)
    except content.BankError as error:
        _fail_on_problems(error.problems)


@questions_cli.command("check")
@click.argument("directory", required=False, type=click.Path(file_okay=False))
def check_command(directory: str | None) -> None:
    """Validate the fact files; print every problem as file:line: message."""
    directory = _directory(directory)
    problems = content.check_bank(Path(directory))
    if problems:
        _fail_on_problems(problems)
    loaded = load_questions_dir(directory)
    click.echo(
        f"OK: {len(loaded.bank.facts)} facts in {len(loaded.bank.sections)} sections, "
        f"{len(loaded.questions)} questions"
    )


def sync_with_progress(directory: str) -> None:
    """Sync and report; shared by `flask questions sync` and `flask setup`."""
    _load_or_fail(directory)

    def progress(stage: str, done: int, total: int) -> None:
        if done == total:
            click.echo(f"  {stage}: {done}/{total} checked")

    click.echo(f"Loading the question bank from {directory}")
    summary = sync_builtin_bank(directory, progress)
    db.session.commit()
    for line in summary.lines():
        click.echo(f"  {line}")
    click.echo("Question bank up to date." if summary.changed else "Question bank unchanged.")


@questions_cli.command("sync")
@click.argument("directory", required=False, type=click.Path(file_okay=False))
def sync_command(directory: str | None) -> None:
    """Load the bank into the database: add, update and retire by id (idempotent)."""
    directory = _directory(directory)
    sync_with_progress(directory)


@questions_cli.command("export")
@click.option(
    "--format", "export_format", type=click.Choice(EXPORT_FORMATS), default="json", show_default=True
)
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), required=True)
@click.option("--directory", type=click.Path(file_okay=False), default=None)
def export_command(export_format: str, output: str, directory: str | None) -> None:
    """Write the bank as JSON, Moodle GIFT, Moodle XML or an Anki deck (.apkg)."""
    loaded = _load_or_fail(_directory(directory))
    path = Path(output)
    if not path.parent.exists():
        raise click.ClickException(f"no such directory: {path.parent}")
    report = write_export(export_format, loaded, path, fact_change_times(loaded), utcnow())
    click.echo(report.sentence(str(path)))
