"""Settings, read from the environment when the app is created (never at import time)."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path


class ConfigError(RuntimeError):
    """A setting is missing or wrong; the message is one line an operator can act on."""


def _bool(value: str | None, default: bool = False) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def load_secret_key(instance_path: Path, environment: str, environ: Mapping[str, str]) -> str:
    """Return SECRET_KEY from the environment, or a key kept in the instance folder.

    In development a missing key is generated once and stored owner-only, so sessions survive a
    restart. In production a missing key is an error: a generated one would differ between
    machines and silently sign everybody out.
    """
    key = environ.get("SECRET_KEY")
    if key:
        return key
    if environment == "production":
        raise ConfigError("SECRET_KEY is not set; production needs a fixed secret key.")
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def settings_from_environment(instance_path: Path, environ: Mapping[str, str] = os.environ) -> dict:
    """Build the app's configuration mapping from environment variables."""
    environment = environ.get("QUIZAPP_ENV", "development").strip().lower()
    if environment not in {"development", "production"}:
        raise ConfigError(f"QUIZAPP_ENV must be 'development' or 'production', not {environment!r}.")
    database_url = environ.get("DATABASE_URL") or f"sqlite:///{instance_path / 'quizapp.sqlite'}"
    if database_url.startswith("postgres://"):
        database_url = "postgresql+psycopg://" + database_url.removeprefix("postgres://")
    elif database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg://" + database_url.removeprefix("postgresql://")
    https = _bool(environ.get("QUIZAPP_HTTPS"), default=environment == "production")
    return {
        "QUIZAPP_ENV": environment,
        "SECRET_KEY": load_secret_key(instance_path, environment, environ),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLITE_SYNCHRONOUS": environ.get("QUIZAPP_SQLITE_SYNCHRONOUS", "NORMAL").upper(),
        "QUESTIONS_DIR": environ.get("QUIZAPP_QUESTIONS_DIR", ""),
        # Counters every worker on this machine shares (memory:// would count per worker).
        "RATELIMIT_STORAGE_URI": environ.get("RATELIMIT_STORAGE_URI")
        or f"quizapp+sqlite:///{instance_path / 'ratelimits.sqlite'}",
        "RATELIMIT_ENABLED": _bool(environ.get("RATELIMIT_ENABLED"), default=True),
        "SESSION_COOKIE_SECURE": https,
        "REMEMBER_COOKIE_SECURE": https,
        "PREFERRED_URL_SCHEME": "https" if https else "http",
        "TRUST_PROXY": _bool(environ.get("QUIZAPP_TRUST_PROXY")),
        # Signed-in players' live answers logged and rated into their schedules (practice rule).
        "LIVE_ANSWERS_FEED_SCHEDULE": _bool(environ.get("QUIZAPP_LIVE_ANSWERS_FEED_SCHEDULE")),
    }


DEFAULTS: dict = {
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_DURATION": 60 * 60 * 24 * 30,
    "PERMANENT_SESSION_LIFETIME": 60 * 60 * 24 * 30,
    # urlencoded forms are not limited by MAX_FORM_PARTS, so cap the whole body.
    "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
    "WTF_CSRF_TIME_LIMIT": None,
    "SQLITE_BUSY_TIMEOUT_MS": 15000,
    "SIGN_IN_LIMIT": "10 per minute;50 per hour",
    "SIGN_UP_LIMIT": "10 per hour",
    "JOIN_LIMIT": "20 per hour",
    "PASSWORD_MIN_LENGTH": 10,
}
