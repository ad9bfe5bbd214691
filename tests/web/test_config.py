"""Settings from the environment."""

from __future__ import annotations

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
    config = settings_from_environment(tmp_path, {"QUIZAPP_ENV": "production", "SECRET_KEY": "s"})
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
