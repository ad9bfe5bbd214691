"""A fact typed into the browser's editor, checked exactly like an uploaded one.

The editor's fields become the same Node shape a YAML fact has (as the CSV form's rows do) and go
through the upload's reader and whole-bank checks beside the deck's other facts, so every rule and
every message is the upload's. Each field gets a line of its own, so the line of a problem names
the field it is about; the deck's other facts sit on lines of their own further down.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from quizapp.content.bank import NUMERIC_KINDS, Bank, Fact, Section
from quizapp.content.bank_checks import check_generation
from quizapp.content.csvform import typed_cell
from quizapp.content.generator import generate_for_fact
from quizapp.content.loader import ParsedFile, check_files
from quizapp.content.nodes import Node, Problem
from quizapp.content.question import Question
from quizapp.content.reader import Reader
from quizapp.content.validate import ALLOWED, COMMON, MAX_ID, read_fact

DRAFT_FILE = "editor"
# The editor's fields, in form order. Lists are typed one item a line.
TEXT_FIELDS = ("kind", "subject", "attribute", "value", "prompt", "statement", "explanation")
LIST_FIELDS = ("aliases", "also_true", "false_values", "members", "non_members", "tags", "builds_on")
CHOICE_FIELDS = ("type", "unit", "precision", "month")
FIELDS = (*TEXT_FIELDS, "paragraph", *LIST_FIELDS, *CHOICE_FIELDS)
FIELD_LINE = {name: line for line, name in enumerate(("id", "section", *FIELDS), start=1)}
LINE_FIELD = {line: name for name, line in FIELD_LINE.items()}
DRAFT_LINE = 100  # the draft fact as a whole: a missing field, a whole-fact check
OTHER_FACTS_LINE = 1000  # the deck's other facts: one line each from here
# Lists of numbers are numbers in YAML (`false_values: [2019, 2020]`): typed as such, so a fact
# written in a file and saved again from the editor stays the same fact.
NUMBER_LISTS = frozenset({"also_true", "false_values"})
_MISSING = re.compile(r"missing the field '(\w+)'")
# Whole-fact complaints that are about one field.
_ABOUT = (("false value '", "false_values"), ("member '", "members"), ("ask in the same words", "prompt"))


@dataclass(frozen=True)
class DraftCheck:
    """What the editor shows for a draft: the fact and its questions when it is sound, else the
    problems by field (`field_problems`) and those about the deck's other facts or the whole."""

    fact: Fact | None
    questions: tuple[Question, ...] = ()
    bank: Bank | None = None
    field_problems: dict[str, list[str]] = field(default_factory=dict)
    other_problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.fact is not None and not self.field_problems and not self.other_problems


def draft_node(fact_id: str, fields: Mapping[str, str]) -> Node:
    """The editor's text fields as a fact's Node tree; fields that do not apply to the chosen kind
    (the form shows the number fields to every kind) and empty ones are left out."""
    kind = fields.get("kind", "").strip()
    allowed = ALLOWED.get(kind, COMMON)
    numeric = kind in NUMERIC_KINDS
    nodes: dict[str, Node] = {"id": _leaf(fact_id, "id")}
    for name in FIELDS:
        text = fields.get(name, "") or ""
        target = "source" if name == "paragraph" else name
        if target not in allowed and name != "kind":
            continue
        if name in LIST_FIELDS:
            items = [item.strip() for item in text.splitlines() if item.strip()]
            if items:
                typed = numeric and name in NUMBER_LISTS
                nodes[name] = _leaf(
                    [Node(typed_cell(item) if typed else item, FIELD_LINE[name]) for item in items], name
                )
        elif not text.strip():
            continue
        elif name == "paragraph":
            nodes["source"] = _leaf({"paragraph": _leaf(typed_cell(text.strip()), name)}, name)
        elif name == "month" or (name == "value" and numeric):
            nodes[name] = _leaf(typed_cell(text.strip()), name)
        else:
            nodes[name] = _leaf(text, name)
    return Node(nodes, DRAFT_LINE)


def _leaf(value: Any, name: str) -> Node:
    return Node(value, FIELD_LINE[name], FIELD_LINE[name])


def record_node(record: Mapping[str, Any], line: int) -> Node:
    """A stored fact (`Fact.to_dict()`, without its `section`) as a Node tree on one line."""

    def node(value: Any) -> Node:
        if isinstance(value, Mapping):
            return Node({str(key): node(item) for key, item in value.items()}, line, line)
        if isinstance(value, list | tuple):
            return Node([node(item) for item in value], line, line)
        return Node(value, line, line)

    return node({key: value for key, value in record.items() if key != "section"})


def draft_fields(fact: Fact) -> dict[str, str]:
    """A fact as the editor's fields show it (the inverse of `draft_node`)."""
    record = fact.to_dict()
    fields = {name: "" for name in FIELDS}
    for name in FIELDS:
        value = record.get(name)
        if name in LIST_FIELDS:
            fields[name] = "\n".join(str(item) for item in value or ())
        elif value is not None:
            fields[name] = str(value)
    fields["paragraph"] = str(fact.paragraph)
    fields["precision"] = record.get("precision", "")
    return fields


def read_deck(sections: Iterable[Section], records: Iterable[Mapping[str, Any]]) -> tuple[Bank, list[str]]:
    """The deck's stored facts read back through the upload's reader; problems as sentences."""
    problems: list[Problem] = []
    reader = Reader(DRAFT_FILE, problems)
    facts = [
        fact
        for line, record in enumerate(records, start=OTHER_FACTS_LINE)
        if (fact := read_fact(reader, record_node(record, line), str(record.get("section", "")))) is not None
    ]
    return Bank.build(sections, facts), [problem.message for problem in problems]


def check_draft(
    fields: Mapping[str, str], fact_id: str, section_id: str, deck: Bank, replacing: str | None = None
) -> DraftCheck:
    """Check the draft as fact `fact_id` of `section_id` in `deck` (in place of `replacing`, or
    added at the end of its section) with the upload's rules: its own, then the whole deck's."""
    problems: list[Problem] = []
    reader = Reader(DRAFT_FILE, problems)
    sections = list(deck.sections)
    if deck.get_section(section_id) is None:
        reader.add(FIELD_LINE["section"], "choose one of the deck's sections")
    draft = read_fact(reader, draft_node(fact_id, fields), section_id)
    others: dict[int, str] = {}
    placed: list[Fact] = []
    for line, fact in enumerate(deck.facts, start=OTHER_FACTS_LINE):
        if fact.id == replacing:
            placed.extend([draft] if draft is not None else [])
            continue
        placed.append(_on_line(fact, line))
        others[line] = fact.id
    if draft is not None and draft not in placed:  # a new fact: last in its section
        placed.append(draft)
    files = [
        ParsedFile(DRAFT_FILE, section, tuple(f for f in placed if f.section_id == section.id))
        for section in sections
    ]
    bank = check_files(files, problems, sections=None, check_names=False)
    check_generation(bank, problems)
    by_field, other = _sorted_problems(problems, others)
    if draft is None or by_field or other:
        return DraftCheck(draft, field_problems=by_field, other_problems=other)
    return DraftCheck(draft, tuple(generate_for_fact(draft, bank)), bank)


def _on_line(fact: Fact, line: int) -> Fact:
    return replace(fact, file=DRAFT_FILE, line=line)


def _sorted_problems(
    problems: list[Problem], others: Mapping[int, str]
) -> tuple[dict[str, list[str]], list[str]]:
    by_field: dict[str, list[str]] = {}
    other: list[str] = []
    for problem in sorted(set(problems), key=lambda p: (p.line, p.message)):
        name = LINE_FIELD.get(problem.line)
        if problem.line == DRAFT_LINE:
            name = _field_of(problem.message)
        if name is not None:
            by_field.setdefault(name, []).append(problem.message)
        elif problem.line in others:
            message = problem.message
            prefix = f"fact '{others[problem.line]}'"
            other.append(message if message.startswith(prefix) else f"{prefix}: {message}")
        else:
            other.append(problem.message)
    return by_field, other


def _field_of(message: str) -> str | None:
    """The field a whole-fact complaint is about, when it names one."""
    missing = _MISSING.search(message)
    if missing:
        name = "paragraph" if missing[1] == "source" else missing[1]
        return name if name in FIELD_LINE else None
    return next((name for marker, name in _ABOUT if marker in message), None)


def new_fact_id(subject: str, attribute: str, taken: Iterable[str]) -> str:
    """A fresh id for a new fact from its subject and attribute ("BERT", "maker" -> "bert-maker"),
    never one the deck has used, even for a fact since removed (ids are never reused)."""
    ascii_text = unicodedata.normalize("NFKD", f"{subject} {attribute}").encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[: MAX_ID - 10].strip("-") or "fact"
    used = set(taken)
    candidate, number = base, 1
    while candidate in used:
        number += 1
        candidate = f"{base}-{number}"
    return candidate
