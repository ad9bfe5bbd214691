"""The licence and the version are each written once, and what the app reports agrees with them."""

from __future__ import annotations

import tomllib
from pathlib import Path

import quizapp

REPO = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]


def test_the_licence_file_is_the_licence_pyproject_declares():
    assert PROJECT["license"] == "MIT"
    text = (REPO / "LICENSE").read_text()
    assert text.startswith("MIT License")
    assert "Copyright (c) 2026 quizapp contributors" in text


def test_the_app_reports_the_version_written_in_pyproject(client):
    assert quizapp.__version__ == PROJECT["version"]
    assert client.get("/healthz").get_json()["app"]["version"] == PROJECT["version"]
