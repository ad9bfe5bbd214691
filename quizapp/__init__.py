"""quizapp: learn the foundation-models article with quizzes and spaced repetition."""

from __future__ import annotations

import os
import sys
from importlib.metadata import version
from pathlib import Path
from typing import Any

from flask import Flask

# The version is written once, in pyproject.toml; installing the package (which `make` redoes
# whenever pyproject.toml changes) records it where this reads it.
__version__ = version("quizapp")

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# gunicorn's master stops, instead of booting new workers forever, when a worker exits with this
# code (its APP_LOAD_ERROR); `flask` and plain Python just see a non-zero exit.
STARTUP_FAILED_EXIT_CODE = 4


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app: settings from the environment, then `config` on top (tests use it)."""
    from quizapp.config import ConfigError

    app = Flask(__name__, instance_relative_config=True)
    try:
        _configure(app, config or {})
        _register_extensions(app)
        if _checks_database_at_start(app):
            from quizapp.database import ensure_database_ready

            ensure_database_ready(app)
    except ConfigError as error:
        # One line for the operator, not a traceback, from `flask`, gunicorn and `make run` alike.
        print(f"quizapp: {error}", file=sys.stderr, flush=True)
        raise SystemExit(STARTUP_FAILED_EXIT_CODE) from None
    _register_blueprints(app)
    _register_handlers(app)
    return app


def _checks_database_at_start(app: Flask) -> bool:
    """Whether to refuse to start on an unreachable or unmigrated database.

    On when the app is about to serve (gunicorn, `flask run`, a plain `create_app()`), so a bad
    DATABASE_URL stops the server at once instead of failing the first request. Off for the other
    `flask` commands, which must run on such a database (`flask setup` migrates it), and in
    tests; `CHECK_DATABASE_AT_START` forces either way.
    """
    forced = app.config.get("CHECK_DATABASE_AT_START")
    if forced is not None:
        return bool(forced)
    if app.testing:
        return False
    import click

    command = click.get_current_context(silent=True)
    return command is None or command.info_name == "run"


def _configure(app: Flask, overrides: dict[str, Any]) -> None:
    from quizapp.config import DEFAULTS, settings_from_environment

    app.config.from_mapping(DEFAULTS)
    environ = dict(os.environ)
    # Values the caller passes win over the environment without being read from it first,
    # so a test never touches the developer's instance/secret_key or database.
    if "SECRET_KEY" in overrides:
        environ["SECRET_KEY"] = overrides["SECRET_KEY"]
    if "SQLALCHEMY_DATABASE_URI" in overrides:
        environ["DATABASE_URL"] = overrides["SQLALCHEMY_DATABASE_URI"]
    app.config.update(settings_from_environment(Path(app.instance_path), environ))
    app.config.update(overrides)
    app.config.setdefault("QUESTIONS_DIR", "")
    if not app.config["QUESTIONS_DIR"]:
        app.config["QUESTIONS_DIR"] = str(PROJECT_ROOT / "questions")
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if app.config.get("TRUST_PROXY"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)


def _register_extensions(app: Flask) -> None:
    import quizapp.ratelimit_storage  # noqa: F401  (registers the quizapp+sqlite:// storage)
    from quizapp.database import init_database
    from quizapp.extensions import csrf, db, limiter, login_manager, migrate

    init_database(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.sign_in"
    login_manager.login_message = "Sign in to see that page."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    import quizapp.auth.access  # noqa: F401  (registers the user loader)


def _register_blueprints(app: Flask) -> None:
    from quizapp.account import bp as account_bp
    from quizapp.admin import bp as admin_bp
    from quizapp.auth import bp as auth_bp
    from quizapp.classes import bp as classes_bp
    from quizapp.editor import bp as editor_bp
    from quizapp.history import bp as history_bp
    from quizapp.library import bp as library_bp
    from quizapp.live import bp as live_bp
    from quizapp.main import bp as main_bp
    from quizapp.progress import bp as progress_bp
    from quizapp.quizzes import bp as quizzes_bp
    from quizapp.routing import install_id_converters
    from quizapp.study import bp as study_bp

    install_id_converters(app)
    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(account_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(library_bp)
    app.register_blueprint(editor_bp)
    app.register_blueprint(study_bp)
    app.register_blueprint(classes_bp)
    app.register_blueprint(history_bp)
    app.register_blueprint(quizzes_bp)
    app.register_blueprint(progress_bp)
    app.register_blueprint(live_bp)


def _register_handlers(app: Flask) -> None:
    from quizapp.cli import register_commands
    from quizapp.errors import register_error_handlers
    from quizapp.links import public_url_for
    from quizapp.security import register_security_headers

    register_error_handlers(app)
    register_security_headers(app)
    register_commands(app)
    app.jinja_env.globals["public_url_for"] = public_url_for
