"""Operator commands: `flask setup` and `flask users ...`.

Every failure is one line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy.exc import SQLAlchemyError

from quizapp.demo.cli import demo_cli
from quizapp.auth.accounts import AccountError, create_account, find_user_by_email, set_role
from quizapp.extensions import db
from quizapp.library.cli import questions_cli, sync_with_progress
from quizapp.models import ROLE_VALUES, Role
from quizapp.passwords import password_problem

users_cli = AppGroup("users", help="Create accounts and change roles.")


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
        raise click.ClickException(f"cannot prepare the database {_database_label()}: {reason}")
    sync_with_progress(str(Path(current_app.config["QUESTIONS_DIR"]).resolve()))
    click.echo(f"Database ready: {_database_label()}")


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
        raise click.ClickException(str(error))
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
        raise click.ClickException(str(error))
    db.session.commit()
    click.echo(f"{user.email} is now {user.role}.")


def register_commands(app: Flask) -> None:
    app.cli.add_command(setup_command)
    app.cli.add_command(users_cli)
    app.cli.add_command(questions_cli)
    app.cli.add_command(demo_cli)
