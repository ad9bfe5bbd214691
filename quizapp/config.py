"""Settings, read from the environment when the app is created (never at import time)."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

# What a production SECRET_KEY must carry: 32 random bytes, e.g. `secrets.token_hex(32)`.
SECRET_KEY_BYTES = 32
MAKE_A_KEY = "python3 -c 'import secrets; print(secrets.token_hex(32))'"


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
        if environment == "production" and estimated_random_bytes(key) < SECRET_KEY_BYTES:
            raise ConfigError(
                f"SECRET_KEY is too short or not random enough; production needs at least "
                f"{SECRET_KEY_BYTES} random bytes, for example from: {MAKE_A_KEY}"
            )
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


def estimated_random_bytes(key: str) -> int:
    """How many random bytes `key` can hold at most, judged by its length and alphabet.

    A hex key carries 4 bits a character and anything else is credited with 6 (base64's share),
    so `token_hex(32)` and `token_urlsafe(32)` pass while a word, a phrase or "x" * 40 does not.
    A key of few distinct characters is not random whatever its length.
    """
    if len(set(key)) < 12:
        return 0
    bits_per_character = 4 if all(ch in "0123456789abcdefABCDEF" for ch in key) else 6
    return len(key) * bits_per_character // 8


def _positive_int(environ: Mapping[str, str], name: str, default: int) -> int:
    raw = (environ.get(name) or "").strip()
    if not raw:
        return default
    if not raw.isdecimal() or int(raw) <= 0:
        raise ConfigError(f"{name} must be a whole number above 0, not {raw!r}.")
    return int(raw)


def public_url(environ: Mapping[str, str], environment: str) -> str:
    """The address people reach quizapp at, for join links, QR codes and mailed links.

    Production needs it: there the request's Host header is whatever the client sent, and a link
    built from it could send a class (or a password-reset mail) to somebody else's site.
    """
    raw = (environ.get("PUBLIC_URL") or "").strip()
    if not raw:
        if environment == "production":
            raise ConfigError(
                "PUBLIC_URL is not set; production needs the address people use, e.g. https://quiz.example.org"
            )
        return ""
    parts = urlsplit(raw)
    if parts.scheme not in {"http", "https"} or not parts.hostname or parts.path.strip("/") or parts.query:
        raise ConfigError(
            f"PUBLIC_URL must be a scheme and host such as https://quiz.example.org, not {raw!r}."
        )
    return f"{parts.scheme}://{parts.netloc}"


def mail_settings(environ: Mapping[str, str]) -> dict:
    """SMTP settings; without SMTP_HOST mail is written to the log instead of sent."""
    security = (environ.get("SMTP_SECURITY") or "starttls").strip().lower()
    if security not in {"starttls", "ssl", "none"}:
        raise ConfigError(f"SMTP_SECURITY must be starttls, ssl or none, not {security!r}.")
    default_port = {"starttls": 587, "ssl": 465, "none": 25}[security]
    return {
        "SMTP_HOST": (environ.get("SMTP_HOST") or "").strip(),
        "SMTP_PORT": _positive_int(environ, "SMTP_PORT", default_port),
        "SMTP_SECURITY": security,
        "SMTP_USERNAME": environ.get("SMTP_USERNAME") or "",
        "SMTP_PASSWORD": environ.get("SMTP_PASSWORD") or "",
        "MAIL_FROM": (environ.get("MAIL_FROM") or "quizapp <quizapp@localhost>").strip(),
    }


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
        "PUBLIC_URL": public_url(environ, environment),
        "SESSION_IDLE_MINUTES": _positive_int(environ, "QUIZAPP_SESSION_IDLE_MINUTES", 30),
        "SESSION_MAX_HOURS": _positive_int(environ, "QUIZAPP_SESSION_MAX_HOURS", 12),
        **mail_settings(environ),
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
    # Rate limits (see quizapp/ratelimits.py). A class of 40 behind one school address signs up,
    # signs in, starts as guests and joins a game within minutes; guessing one account's password
    # or a join code is stopped. "Failed" limits count only refused attempts.
    "SIGN_IN_LIMIT": "50 per 10 minutes;200 per hour",  # failed sign-ins per address
    "SIGN_IN_ACCOUNT_LIMIT": "10 per 15 minutes;50 per day",  # failed sign-ins per account
    "SIGN_UP_LIMIT": "120 per hour",  # sign-up forms sent, and guests started, per address
    "SIGN_UP_EMAIL_LIMIT": "5 per hour",  # sign-ups naming one email address (each may mail it)
    "JOIN_LIMIT": "40 per 10 minutes;100 per hour",  # failed class and live joins per address
    "SHARE_LIMIT": "30 per hour",  # refused shares (no such teacher) per address
    "PASSWORD_RESET_LIMIT": "30 per hour",  # reset requests per address
    "PASSWORD_RESET_EMAIL_LIMIT": "3 per hour",  # reset mails to one address
    "PASSWORD_RESET_HOURS": 1,  # how long a mailed reset link works
    "ADMIN_RESET_HOURS": 72,  # how long a reset link an admin hands over works
    "PASSWORD_MIN_LENGTH": 10,
}
