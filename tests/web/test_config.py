"""Settings from the environment."""

from __future__ import annotations

import secrets
import stat

import pytest

from quizapp.config import ConfigError, settings_from_environment


def test_development_key_is_generated_once_and_private(tmp_path):
    first = settings_from_environment(tmp_path, {})["SECRET_KEY"]
    second = settings_from_environment(tmp_path, {})["SECRET_KEY"]
    assert first == second and len(first) > 40
    mode = stat.S_IMODE((tmp_path / "secret_key").stat().st_mode)
    assert mode == 0o600


def test_production_needs_a_secret_key(tmp_path):
    with pytest.raises(ConfigError, match="SECRET_KEY is not set"):
        settings_from_environment(tmp_path, {"QUIZAPP_ENV": "production"})
    assert not (tmp_path / "secret_key").exists()


def test_production_cookies_are_secure(tmp_path):
    config = settings_from_environment(
        tmp_path,
        {
            "QUIZAPP_ENV": "production",
            "SECRET_KEY": secrets.token_hex(32),
            "PUBLIC_URL": "https://q.example.org",
        },
    )
    assert config["SESSION_COOKIE_SECURE"] and config["REMEMBER_COOKIE_SECURE"]


def test_database_url_defaults_to_sqlite_in_instance(tmp_path):
    config = settings_from_environment(tmp_path, {})
    assert config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'quizapp.sqlite'}"


def test_postgres_urls_use_psycopg(tmp_path):
    config = settings_from_environment(tmp_path, {"DATABASE_URL": "postgres://u:p@h/db"})
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u:p@h/db"


def test_unknown_environment_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="QUIZAPP_ENV"):
        settings_from_environment(tmp_path, {"QUIZAPP_ENV": "staging"})


def test_rate_limits_default_to_a_file_every_worker_shares(tmp_path):
    config = settings_from_environment(tmp_path, {})
    assert config["RATELIMIT_STORAGE_URI"] == f"quizapp+sqlite:///{tmp_path / 'ratelimits.sqlite'}"
    redis = settings_from_environment(tmp_path, {"RATELIMIT_STORAGE_URI": "redis://cache:6379"})
    assert redis["RATELIMIT_STORAGE_URI"] == "redis://cache:6379"


@pytest.mark.parametrize(
    "key",
    [
        "x",
        "change-me",
        "my-very-own-secret-key-for-quizapp",  # a phrase: too short for 32 random bytes
        "a" * 80,  # long, but not random
        "0123456789abcdef" * 2,  # 32 hex characters are 16 bytes
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP",  # 42 base64 characters: 31 bytes
    ],
)
def test_production_refuses_a_weak_secret_key_with_one_line(tmp_path, key):
    environ = {"QUIZAPP_ENV": "production", "SECRET_KEY": key, "PUBLIC_URL": "https://quiz.example.org"}
    with pytest.raises(ConfigError) as refused:
        settings_from_environment(tmp_path, environ)
    message = str(refused.value)
    assert message.startswith("SECRET_KEY is too short or not random enough") and "\n" not in message
    assert "32 random bytes" in message and "secrets.token_hex(32)" in message


@pytest.mark.parametrize("key", [secrets.token_hex(32), secrets.token_urlsafe(32), secrets.token_urlsafe(48)])
def test_production_accepts_a_key_of_32_random_bytes(tmp_path, key):
    environ = {"QUIZAPP_ENV": "production", "SECRET_KEY": key, "PUBLIC_URL": "https://quiz.example.org"}
    assert settings_from_environment(tmp_path, environ)["SECRET_KEY"] == key


def test_development_keeps_accepting_any_key(tmp_path):
    assert settings_from_environment(tmp_path, {"SECRET_KEY": "dev"})["SECRET_KEY"] == "dev"


def test_production_needs_a_public_url(tmp_path):
    environ = {"QUIZAPP_ENV": "production", "SECRET_KEY": secrets.token_hex(32)}
    with pytest.raises(ConfigError, match="PUBLIC_URL is not set"):
        settings_from_environment(tmp_path, environ)
    for bad in ("quiz.example.org", "ftp://quiz.example.org", "https://quiz.example.org/path?x=1"):
        with pytest.raises(ConfigError, match="PUBLIC_URL must be a scheme and host"):
            settings_from_environment(tmp_path, {**environ, "PUBLIC_URL": bad})
    config = settings_from_environment(tmp_path, {**environ, "PUBLIC_URL": "https://quiz.example.org/"})
    assert config["PUBLIC_URL"] == "https://quiz.example.org"


def test_mail_settings_come_from_the_environment(tmp_path):
    config = settings_from_environment(
        tmp_path,
        {
            "SMTP_HOST": "mail.example.org",
            "SMTP_USERNAME": "quiz",
            "SMTP_PASSWORD": "pw",
            "MAIL_FROM": "q@x.org",
        },
    )
    assert (config["SMTP_HOST"], config["SMTP_PORT"], config["SMTP_SECURITY"]) == (
        "mail.example.org",
        587,
        "starttls",
    )
    assert (config["SMTP_USERNAME"], config["SMTP_PASSWORD"], config["MAIL_FROM"]) == (
        "quiz",
        "pw",
        "q@x.org",
    )
    assert settings_from_environment(tmp_path, {"SMTP_SECURITY": "ssl"})["SMTP_PORT"] == 465
    with pytest.raises(ConfigError, match="SMTP_SECURITY must be"):
        settings_from_environment(tmp_path, {"SMTP_SECURITY": "maybe"})
    with pytest.raises(ConfigError, match="SMTP_PORT must be a whole number"):
        settings_from_environment(tmp_path, {"SMTP_PORT": "twenty-five"})
