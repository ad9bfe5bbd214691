"""Typed access to the fields of a parsed YAML node that reports what is wrong and where.

Shared by the fact readers (`validate`, `validate_groups`) and the CSV form, so every upload
complains in the same words and at the same lines.
"""

from __future__ import annotations

from typing import Any

from quizapp.content.nodes import Node, Problem
from quizapp.content.numbers import to_number
from quizapp.content.text import normalise

MAX_TEXT = 4000


class Reader:
    """Problems for one file, and typed access to fields that reports what is wrong and where."""

    def __init__(self, file: str, problems: list[Problem]) -> None:
        self.file = file
        self.problems = problems

    def add(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.file, line, message))

    def text(self, node: Node, name: str, *, required: bool = True) -> str | None:
        value = node.value
        if isinstance(value, bool) or not isinstance(value, str):
            if isinstance(value, int | float) and not isinstance(value, bool):
                # A bare number where text belongs ("value: 42" for a term) is still readable text.
                return str(value)
            self.add(
                node.line,
                f"{name} must be text, not {describe_value(value)}"
                + (" (quote it)" if isinstance(value, bool) else ""),
            )
            return None
        value = value.strip()
        if required and not value:
            self.add(node.line, f"{name} must not be empty")
            return None
        if len(value) > MAX_TEXT:
            self.add(node.line, f"{name} is too long ({len(value)} characters; at most {MAX_TEXT})")
            return None
        return value

    def text_list(self, node: Node, name: str, *, numbers: bool = False) -> list[Any] | None:
        if not isinstance(node.value, list):
            self.add(node.line, f"{name} must be a list, not {describe_value(node.value)}")
            return None
        out: list[Any] = []
        for index, item in enumerate(node.value):
            label = f"{name}[{index}]"
            if numbers and isinstance(item.value, int | float) and not isinstance(item.value, bool):
                out.append(item.value)
                continue
            text = self.text(item, label)
            if text is None:
                continue
            if numbers and to_number(text) is None:
                self.add(item.line, f"{label} '{text}' is not a number")
                continue
            out.append(text)
        seen: dict[str, int] = {}
        for index, item in enumerate(out):
            key = normalise(str(item))
            if key in seen:
                self.add(node.value[index].line, f"{name} repeats '{item}'")
            seen.setdefault(key, index)
        return out


def at(node: Node) -> int:
    """The line to report a complaint about a whole field: its key's line (a block list or a
    folded text starts on the line after its key)."""
    return node.key_line or node.line


def describe_value(value: Any) -> str:
    """A value as a complaint names it: 'empty', 'a boolean (true)', 'a number (3)', its text."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"'{value}'"
