"""The CSV form of simple facts, for teachers who keep their questions in a spreadsheet.

Columns: id, section, kind, subject, attribute, value, prompt, statement, explanation, paragraph,
aliases and false_values (optional; several separated by "|" or ";"). One row per fact; list and concept_pair facts need the
YAML form. Each row becomes the same Node shape a YAML fact has, so every rule and message is
the same, pointing at the row's line.
"""

from __future__ import annotations

import csv
import io
import re

from quizapp.content.bank import NUMERIC_KINDS, Fact, Section
from quizapp.content.nodes import MAX_BYTES, Node, Problem
from quizapp.content.reader import Reader
from quizapp.content.validate import ID_PATTERN, read_fact

COLUMNS = (
    "id",
    "section",
    "kind",
    "subject",
    "attribute",
    "value",
    "prompt",
    "statement",
    "explanation",
    "paragraph",
    "aliases",
    "false_values",
)
OPTIONAL_COLUMNS = ("aliases", "false_values")
REQUIRED_COLUMNS = tuple(c for c in COLUMNS if c not in OPTIONAL_COLUMNS)
MAX_ROWS = 5000
_INT = re.compile(r"^[+-]?\d+$")


def read_csv(
    name: str, text: str | bytes, problems: list[Problem], max_bytes: int = MAX_BYTES
) -> list[tuple[Section, list[Fact]]]:
    """The sections (in order of first appearance) and facts of a CSV file."""
    if isinstance(text, bytes):
        if len(text) > max_bytes:
            problems.append(
                Problem(name, 0, f"file is too large ({len(text)} bytes; the limit is {max_bytes})")
            )
            return []
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            problems.append(Problem(name, 0, f"file is not UTF-8 text (byte {error.start})"))
            return []
    if len(text) > max_bytes:
        problems.append(Problem(name, 0, f"file is too large (the limit is {max_bytes} bytes)"))
        return []
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    try:
        header = next(reader, None)
    except csv.Error as error:
        problems.append(Problem(name, 1, f"CSV error: {error}"))
        return []
    if not header:
        problems.append(Problem(name, 1, "the file is empty"))
        return []
    header = [column.strip().lower() for column in header]
    unknown = [column for column in header if column not in COLUMNS]
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if unknown:
        problems.append(
            Problem(
                name,
                1,
                f"unknown column{'s' if len(unknown) > 1 else ''} {', '.join(unknown)} (expected {', '.join(COLUMNS)})",
            )
        )
    if missing:
        problems.append(
            Problem(name, 1, f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}")
        )
    if unknown or missing or len(set(header)) != len(header):
        if len(set(header)) != len(header):
            problems.append(Problem(name, 1, "a column appears twice"))
        return []
    sections: dict[str, tuple[Section, list[Fact]]] = {}
    checker = Reader(name, problems)
    line = 2
    rows = 0
    try:
        for row in reader:
            start, line = line, reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            rows += 1
            if rows > MAX_ROWS:
                problems.append(Problem(name, start, f"too many rows (at most {MAX_ROWS})"))
                break
            if len(row) != len(header):
                problems.append(
                    Problem(name, start, f"the row has {len(row)} cells; the header has {len(header)}")
                )
                continue
            cells = dict(zip(header, (cell.strip() for cell in row), strict=True))
            _read_row(checker, cells, start, sections)
    except csv.Error as error:
        problems.append(Problem(name, line, f"CSV error: {error}"))
    return list(sections.values())


def _read_row(
    checker: Reader, cells: dict[str, str], line: int, sections: dict[str, tuple[Section, list[Fact]]]
) -> None:
    section_id = cells["section"]
    if not ID_PATTERN.match(section_id):
        checker.add(line, f"section '{section_id}' must be lowercase a-z, 0-9 and '-'")
        return
    kind = cells["kind"]
    if kind in ("list", "concept_pair"):
        checker.add(line, f"a {kind} fact needs the YAML form (it has several answers)")
        return
    fields: dict[str, Node] = {}
    for column in ("id", "kind", "subject", "attribute", "prompt", "statement", "explanation"):
        if cells[column]:
            fields[column] = Node(cells[column], line, line)
    if cells["value"]:
        fields["value"] = Node(
            typed_cell(cells["value"]) if kind in NUMERIC_KINDS else cells["value"], line, line
        )
    paragraph = typed_cell(cells["paragraph"]) if cells["paragraph"] else None
    fields["source"] = Node({"paragraph": Node(paragraph, line, line)}, line, line)
    for column in OPTIONAL_COLUMNS:
        parts = [part.strip() for part in re.split(r"[|;]", cells.get(column, "")) if part.strip()]
        if parts:
            fields[column] = Node([Node(part, line) for part in parts], line, line)
    fact = read_fact(checker, Node(fields, line), section_id)
    if section_id not in sections:
        title = section_id.replace("-", " ").capitalize()
        sections[section_id] = (Section(section_id, title, len(sections) + 1, "", checker.file, line), [])
    if fact is not None:
        sections[section_id][1].append(fact)


def typed_cell(cell: str) -> int | float | str:
    """A numeric cell as a number ("2018" -> 2018, "65.7" -> 65.7), anything else as text."""
    text = cell.replace(",", "").replace("_", "")
    if _INT.match(text):
        return int(text)
    try:
        value = float(text)
    except ValueError:
        return cell
    return value if value == value and abs(value) != float("inf") else cell
