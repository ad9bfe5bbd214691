"""The SRS core stays a plain-Python domain core: no web framework, no ORM, modules of modest size."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import quizapp.srs

SRS_DIR = Path(quizapp.srs.__file__).parent
MODULES = sorted(SRS_DIR.glob("*.py"))
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
    assert {path.stem for path in MODULES} >= {
        "scheduler", "rating", "day", "queue", "variants", "replay", "optimize",
    }


@pytest.mark.parametrize("path", MODULES, ids=lambda path: path.name)
def test_no_flask_or_sqlalchemy_import(path):
    offending = [
        f"{path.name}:{line} imports {name}"
        for name, line in imported_modules(path)
        if name.split(".")[0] in FORBIDDEN or name in ("quizapp", "quizapp.models", "quizapp.extensions")
    ]
    assert offending == []


@pytest.mark.parametrize("path", MODULES, ids=lambda path: path.name)
def test_modules_stay_under_400_lines(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 400
