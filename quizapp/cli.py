"""Operator commands: `flask setup`, `flask backup` / `flask restore` and `flask users ...`.

Every failure is one line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy.exc import SQLAlchemyError

from quizapp.auth.accounts import AccountError, create_account, find_user_by_email, set_password, set_role
from quizapp.backup import BackupError, back_up, backup_file_name, restore
from quizapp.clock import localnow
from quizapp.demo.cli import demo_cli
from quizapp.extensions import db
from quizapp.history.cli import schedules_cli
from quizapp.library.cli import questions_cli, sync_with_progress
from quizapp.models import ROLE_VALUES, Role, User
from quizapp.passwords import hash_password, password_problem

users_cli = AppGroup("users", help="Create accounts, change roles and set passwords.")


def _database_label() -> str:
    return db.engine.url.render_as_string(hide_password=True)


@click.command("setup")
@with_appcontext
def setup_command() -> None:
    """Apply pending migrations, then load the question bank (both idempotent)."""
    from flask_migrate import upgrade

    try:
        upgrade()
    except SQLAlchemyError as error:
        reason = str(error.orig if getattr(error, "orig", None) else error).splitlines()[0]
        raise click.ClickException(f"cannot prepare the database {_database_label()}: {reason}") from None
    sync_with_progress(str(Path(current_app.config["QUESTIONS_DIR"]).resolve()))
    click.echo(f"Database ready: {_database_label()}")


def _sqlite_file(action: str) -> Path:
    """The configured SQLite database file, or a one-line refusal for any other database."""
    url = db.engine.url
    if url.get_backend_name() != "sqlite":
        raise click.ClickException(
            f"{action} works on SQLite databases only; {_database_label()} is "
            f"{url.get_backend_name()} (use its own tools, e.g. pg_dump and pg_restore)"
        )
    if not url.database or url.database == ":memory:":
        raise click.ClickException(f"{action} needs a database file, not {_database_label()}")
    return Path(url.database)


@click.command("backup")
@click.argument("path", type=click.Path(path_type=Path))
@with_appcontext
def backup_command(path: Path) -> None:
    """Copy the SQLite database to PATH (a new file, or a folder) while the app keeps running."""
    database = _sqlite_file("backup")
    if path.is_dir():
        path = path / backup_file_name(localnow())
    try:
        summary = back_up(database, path)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Backed up {database} to {summary.describe()}.")


@click.command("restore")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(path: Path, yes: bool) -> None:
    """Replace the SQLite database with the backup at PATH. Stop the app first.

    The replaced database is kept beside it as <name>.before-restore-<time>.
    """
    from quizapp.backup import inspect_backup
    from quizapp.database import migration_heads

    database = _sqlite_file("restore")
    try:
        inspect_backup(path)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Restoring replaces {database}: stop the app (every gunicorn worker) before you go on.")
    if not yes:
        click.confirm(f"Replace {database} with {path}?", abort=True)
    db.engine.dispose()  # this command's own connections must not outlive the old file
    try:
        summary, kept = restore(path, database, localnow())
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Restored {database} from {summary.describe()}.")
    if kept is not None:
        click.echo(f"The replaced database is kept at {kept}.")
    if summary.migration not in migration_heads():
        click.echo(
            "The backup predates this version's schema: run `flask --app quizapp setup` before "
            "starting the app."
        )
    click.echo("Start the app again now.")


@users_cli.command("create")
@click.argument("email")
@click.option("--name", "display_name", help="Display name (defaults to the part before @).")
@click.option("--role", type=click.Choice(ROLE_VALUES), default=Role.LEARNER.value, show_default=True)
@click.option(
    "--password",
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    envvar="QUIZAPP_NEW_PASSWORD",
    help="Read from QUIZAPP_NEW_PASSWORD or prompted when not given.",
)
def create_user_command(email: str, display_name: str | None, role: str, password: str) -> None:
    """Create an account with the given role."""
    if "@" not in email or len(email) > 254:
        raise click.BadParameter("that is not an email address", param_hint="EMAIL")
    problem = password_problem(password, current_app.config["PASSWORD_MIN_LENGTH"], email)
    if problem:
        raise click.BadParameter(problem, param_hint="--password")
    try:
        user = create_account(email, password, display_name or email.split("@")[0], Role(role))
        db.session.commit()
    except AccountError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    click.echo(f"Created {user.role} {user.email} (id {user.id}).")


@users_cli.command("set-role")
@click.argument("email")
@click.argument("role", type=click.Choice(ROLE_VALUES))
def set_role_command(email: str, role: str) -> None:
    """Change a user's role; their open sessions end so the new role applies at once."""
    user = find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"no user with email {email}")
    try:
        set_role(user, Role(role))
    except AccountError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"{user.email} is now {user.role}.")


@users_cli.command("set-password")
@click.argument("email")
@click.option(
    "--password",
    prompt="New password",
    hide_input=True,
    confirmation_prompt=True,
    envvar="QUIZAPP_NEW_PASSWORD",
    help="Read from QUIZAPP_NEW_PASSWORD or prompted when not given.",
)
def set_password_command(email: str, password: str) -> None:
    """Set a user's password; every session they have open ends."""
    user = find_user_by_email(email)
    if user is None or user.is_guest:
        raise click.ClickException(f"no user with email {email}")
    problem = password_problem(password, current_app.config["PASSWORD_MIN_LENGTH"], user.email)
    if problem:
        raise click.BadParameter(problem, param_hint="--password")
    user_id = user.id
    db.session.rollback()  # the hash takes a moment; hold no transaction meanwhile
    password_hash = hash_password(password)
    user = db.session.get(User, user_id, with_for_update=True)
    set_password(user, password_hash)
    db.session.commit()
    click.echo(f"New password set for {user.email}; their sessions have ended.")


def register_commands(app: Flask) -> None:
    app.cli.add_command(setup_command)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(users_cli)
    app.cli.add_command(questions_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(schedules_cli)
