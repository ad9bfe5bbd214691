"""The content core stays a plain-Python domain core: no web framework, no ORM, modest modules."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import quizapp.content

CONTENT_DIR = Path(quizapp.content.__file__).parent
MODULES = sorted(CONTENT_DIR.glob("*.py"))
FORBIDDEN = ("flask", "flask_sqlalchemy", "flask_login", "flask_wtf", "sqlalchemy", "werkzeug")


def imported_modules(path: Path) -> list[tuple[str, int]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.module, node.lineno))
    return found


def test_every_module_is_checked():
    assert {path.stem for path in MODULES} >= {"bank", "loader", "numbers", "kinds", "generator", "grading", "export"}


@pytest.mark.parametrize("path", MODULES, ids=lambda path: path.name)
def test_no_flask_or_sqlalchemy_import(path):
    offending = [
        f"{path.name}:{line} imports {name}"
        for name, line in imported_modules(path)
        if name.split(".")[0] in FORBIDDEN or name in ("quizapp", "quizapp.models", "quizapp.extensions")
        or (name.startswith("quizapp.") and not name.startswith("quizapp.content"))
    ]
    assert offending == []


@pytest.mark.parametrize("path", MODULES, ids=lambda path: path.name)
def test_modules_stay_under_400_lines(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 400


@pytest.mark.parametrize("path", MODULES, ids=lambda path: path.name)
def test_no_global_random_state_or_salted_hash(path):
    """Only seeded random.Random instances; never the module's shared generator or hash()."""
    offending = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id == "hash":
            offending.append(f"{path.name}:{node.lineno} calls hash()")
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "random" and func.attr != "Random":
            offending.append(f"{path.name}:{node.lineno} calls random.{func.attr}()")
    assert offending == []
