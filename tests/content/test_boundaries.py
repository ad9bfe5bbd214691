"""Generation is reproducible: the content core uses no shared random state and no salted hash().

The import and size rules for every domain package are in tests/test_domain_boundaries.py."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import quizapp.content

CONTENT_DIR = Path(quizapp.content.__file__).parent
MODULES = sorted(CONTENT_DIR.glob("*.py"))


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
        if (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id == "random"
            and func.attr != "Random"
        ):
            offending.append(f"{path.name}:{node.lineno} calls random.{func.attr}()")
    assert offending == []
