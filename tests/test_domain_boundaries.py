"""The domain core (content, srs, stats) stays plain Python: no web framework, no ORM, no reach
into the web layer, and modules of modest size."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

import pytest

QUIZAPP = Path(__file__).resolve().parents[1] / "quizapp"
DOMAIN_PACKAGES = [name for name in ("content", "srs", "stats") if (QUIZAPP / name / "__init__.py").exists()]
MODULES = sorted(path for name in DOMAIN_PACKAGES for path in (QUIZAPP / name).glob("*.py"))
FORBIDDEN_ROOTS = {
    "flask",
    "flask_sqlalchemy",
    "flask_login",
    "flask_wtf",
    "flask_migrate",
    "sqlalchemy",
    "werkzeug",
}


def imported_modules(path: Path) -> list[tuple[str, int]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.module, node.lineno))
    return found


def is_allowed(name: str) -> bool:
    if name.split(".")[0] in FORBIDDEN_ROOTS:
        return False
    if name == "quizapp" or name.startswith("quizapp."):
        return name.split(".")[1:2] and name.split(".")[1] in DOMAIN_PACKAGES
    return True


def test_the_core_packages_are_all_checked():
    assert {"content", "srs"} <= set(DOMAIN_PACKAGES)
    assert importlib.util.find_spec("quizapp.content") is not None


@pytest.mark.parametrize("path", MODULES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_no_web_or_database_import(path):
    offending = [
        f"{path.name}:{line} imports {name}" for name, line in imported_modules(path) if not is_allowed(name)
    ]
    assert offending == []


@pytest.mark.parametrize("path", MODULES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_modules_stay_under_400_lines(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 400


def test_the_checker_catches_a_web_import():
    assert not is_allowed("flask")
    assert not is_allowed("sqlalchemy.orm")
    assert not is_allowed("quizapp.models")
    assert is_allowed("quizapp.srs.day") and is_allowed("yaml")
