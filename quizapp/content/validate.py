"""Reading one section and its facts out of a Node tree, with every rule of SCHEMA.md checked.

Each rule reports at the line of the field that breaks it (the fact's first line when a field is
missing), so a writer can go straight to it. Readers collect problems instead of stopping at the
first: one pass over a file shows everything to fix.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from typing import Any

from quizapp.content.bank import (
    FACT_KINDS,
    NUMERIC_KINDS,
    PRECISIONS,
    TEXT_KINDS,
    Fact,
    Section,
)
from quizapp.content.nodes import Node
from quizapp.content.numbers import close, mentions_value, to_number
from quizapp.content.reader import Reader, at, describe_value
from quizapp.content.text import contains_phrase, normalise
from quizapp.content.validate_groups import read_list, read_pair, read_type

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ATTRIBUTE_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
MAX_TITLE_WORDS = 12
# Any date a teacher's deck may need (1857, 1066), not only the article's decades.
MIN_YEAR = 1
MAX_YEAR = 2999
MAX_ID = 120

SECTION_FIELDS = {"id": str, "title": str, "order": int, "notes": str}
COMMON = {"id", "kind", "subject", "attribute", "statement", "explanation", "source", "tags", "builds_on"}
VALUE_FIELDS = {"value", "prompt", "aliases", "also_true", "false_values"}
ALLOWED = {
    **{kind: COMMON | VALUE_FIELDS | {"type"} for kind in TEXT_KINDS},
    "year": COMMON | VALUE_FIELDS | {"precision", "month"},
    **{kind: COMMON | VALUE_FIELDS | {"unit", "precision"} for kind in ("number", "percent", "money")},
    "list": COMMON | {"prompt", "members", "non_members", "type"},
    "concept_pair": COMMON | {"prompt", "concepts", "items"},
}
REQUIRED = {
    **{
        kind: ("id", "kind", "subject", "attribute", "value", "prompt", "statement", "explanation", "source")
        for kind in TEXT_KINDS | NUMERIC_KINDS
    },
    "list": (
        "id",
        "kind",
        "subject",
        "attribute",
        "members",
        "non_members",
        "prompt",
        "statement",
        "explanation",
        "source",
    ),
    "concept_pair": (
        "id",
        "kind",
        "subject",
        "attribute",
        "concepts",
        "items",
        "statement",
        "explanation",
        "source",
    ),
}
KNOWN_FIELDS = set().union(*ALLOWED.values())


def read_section(reader: Reader, node: Node) -> Section | None:
    """The `section:` mapping of a file, or None when it is unusable."""
    if not isinstance(node.value, dict):
        reader.add(
            node.line,
            f"section must be a mapping with id, title, order and notes, not {describe_value(node.value)}",
        )
        return None
    ok = True
    values: dict[str, Any] = {}
    for key, child in node.value.items():
        if key not in SECTION_FIELDS:
            reader.add(child.key_line, f"unknown field '{key}' in section (expected id, title, order, notes)")
            ok = False
    for key, wanted in SECTION_FIELDS.items():
        child = node.get(key)
        if child is None:
            reader.add(node.line, f"section is missing the field '{key}'")
            ok = False
        elif wanted is int:
            if isinstance(child.value, bool) or not isinstance(child.value, int) or child.value < 1:
                reader.add(
                    child.line,
                    f"section order must be a whole number from 1, not {describe_value(child.value)}",
                )
                ok = False
            values[key] = child.value
        else:
            values[key] = reader.text(child, f"section {key}")
            ok = ok and values[key] is not None
    section_id = values.get("id")
    if isinstance(section_id, str) and not ID_PATTERN.match(section_id):
        reader.add(node.get("id").line, f"section id '{section_id}' must be lowercase a-z, 0-9 and '-'")
        ok = False
    if not ok:
        return None
    return Section(values["id"], values["title"], values["order"], values["notes"], reader.file, node.line)


def read_fact(reader: Reader, node: Node, section_id: str) -> Fact | None:
    """One entry of `facts:`, checked against every rule; None when it has any problem."""
    before = len(reader.problems)
    if not isinstance(node.value, dict):
        reader.add(node.line, f"each fact must be a mapping, not {describe_value(node.value)}")
        return None
    fields: dict[str, Node] = node.value
    kind_node = fields.get("kind")
    kind = kind_node.value if kind_node is not None else None
    if kind_node is None:
        reader.add(node.line, "fact is missing the field 'kind'")
    elif not isinstance(kind, str) or kind not in FACT_KINDS:
        reader.add(
            kind_node.line,
            f"unknown kind {describe_value(kind)} (expected one of {', '.join(sorted(FACT_KINDS))})",
        )
        kind = None
    for key, child in fields.items():
        if key not in KNOWN_FIELDS:
            reader.add(child.key_line, f"unknown field '{key}'")
        elif kind is not None and key not in ALLOWED[kind]:
            reader.add(child.key_line, f"field '{key}' does not apply to kind '{kind}'")
    if kind is None:
        return None
    for key in REQUIRED[kind]:
        if key not in fields:
            reader.add(node.line, f"fact is missing the field '{key}'")
    if len(reader.problems) > before:
        return None

    get = fields.get
    fact_id = reader.text(get("id"), "id")
    if fact_id is not None and (not ID_PATTERN.match(fact_id) or len(fact_id) > MAX_ID):
        reader.add(
            get("id").line, f"id '{fact_id}' must be lowercase a-z, 0-9 and '-' (at most {MAX_ID} characters)"
        )
    attribute = reader.text(get("attribute"), "attribute")
    if attribute is not None and not ATTRIBUTE_PATTERN.match(attribute):
        reader.add(get("attribute").line, f"attribute '{attribute}' must be snake_case")
    data: dict[str, Any] = {
        name: reader.text(get(name), name)
        for name in ("subject", "statement", "explanation", "prompt")
        if get(name) is not None
    }
    paragraph = _paragraph(reader, get("source"))
    tags = reader.text_list(get("tags"), "tags") if "tags" in fields else []
    builds_on = reader.text_list(get("builds_on"), "builds_on") if "builds_on" in fields else []
    for other in builds_on or ():
        if not ID_PATTERN.match(other):
            reader.add(get("builds_on").line, f"builds_on names '{other}', which is not a fact id")
    if len(reader.problems) > before:
        return None
    fact = Fact(
        id=fact_id,
        section_id=section_id,
        kind=kind,
        subject=data["subject"],
        attribute=attribute,
        statement=data["statement"],
        explanation=data["explanation"],
        paragraph=paragraph,
        prompt=data.get("prompt") or "",
        tags=tuple(tags or ()),
        builds_on=tuple(dict.fromkeys(builds_on or ())),
        file=reader.file,
        line=node.line,
    )
    if kind == "list":
        return read_list(reader, fields, fact, before)
    if kind == "concept_pair":
        return read_pair(reader, fields, fact, before)
    return _read_valued(reader, fields, fact, before)


def _paragraph(reader: Reader, node: Node) -> int:
    child = node.get("paragraph") if isinstance(node.value, dict) else None
    if child is None:
        reader.add(node.line, "source must be a mapping like {paragraph: 3}")
        return 0
    for key, extra in node.value.items():
        if key != "paragraph":
            reader.add(extra.key_line, f"unknown field '{key}' in source")
    if isinstance(child.value, bool) or not isinstance(child.value, int) or child.value < 1:
        reader.add(
            child.line, f"source paragraph must be a whole number from 1, not {describe_value(child.value)}"
        )
        return 0
    return child.value


def _read_valued(reader: Reader, fields: dict[str, Node], fact: Fact, before: int) -> Fact | None:
    kind = fact.kind
    numeric = kind in NUMERIC_KINDS
    value_node = fields["value"]
    value = _numeric_value(reader, value_node, kind) if numeric else _text_value(reader, value_node, kind)
    lists = {
        name: reader.text_list(fields[name], name, numbers=numeric and name != "aliases") or []
        for name in ("aliases", "also_true", "false_values")
        if name in fields
    }
    unit = ""
    if "unit" in fields:
        unit = reader.text(fields["unit"], "unit") or ""
    if kind == "percent" and unit and unit != "percent":
        reader.add(fields["unit"].line, f"the unit of a percent is 'percent', not '{unit}'")
    unit = unit or {"percent": "percent", "money": "USD"}.get(kind, "")
    precision = "exact"
    if "precision" in fields:
        precision = fields["precision"].value
        if precision not in PRECISIONS:
            reader.add(
                fields["precision"].line,
                f"precision must be one of {', '.join(PRECISIONS)}, not {describe_value(precision)}",
            )
    value_type = read_type(reader, fields)
    month = None
    if "month" in fields:
        month = fields["month"].value
        if isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= 12:
            reader.add(
                fields["month"].line,
                f"month must be a whole number from 1 to 12, not {describe_value(month)}",
            )
            month = None
    if value is None or len(reader.problems) > before:
        return None
    fact = _replace(
        fact,
        value=value,
        aliases=tuple(map(str, lists.get("aliases", ()))),
        also_true=tuple(lists.get("also_true", ())),
        false_values=tuple(lists.get("false_values", ())),
        unit=unit,
        precision=precision,
        type=value_type,
        month=month,
    )
    if kind == "term" and value_type != "title" and len(str(value).split()) > 5:
        reader.add(value_node.line, f"a term is 1-5 words; this one has {len(str(value).split())}")
    if fact.is_bound and fact.false_values:
        reader.add(
            at(fields["false_values"]),
            f"a bound ({precision}) rules out no other value the article does not give; drop false_values",
        )
    _check_disjoint(reader, fields, fact)
    _check_prompt_and_statement(reader, fields, fact)
    return fact if len(reader.problems) == before else None


def _numeric_value(reader: Reader, node: Node, kind: str) -> int | float | None:
    value = node.value
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        reader.add(node.line, f"the value of a {kind} must be a number, not {describe_value(value)}")
        return None
    if kind == "year" and (not isinstance(value, int) or not MIN_YEAR <= value <= MAX_YEAR):
        reader.add(node.line, f"a year must be a whole number between {MIN_YEAR} and {MAX_YEAR}, not {value}")
        return None
    if kind == "percent" and not 0 <= value <= 100:
        reader.add(node.line, f"a percent must be between 0 and 100, not {value}")
        return None
    if kind == "money" and value < 0:
        reader.add(node.line, f"an amount of money cannot be negative ({value})")
        return None
    return value


def _text_value(reader: Reader, node: Node, kind: str) -> str | None:
    value = reader.text(node, "value")
    if value is None:
        return None
    words = len(value.split())
    if kind == "term" and words > MAX_TITLE_WORDS:
        reader.add(node.line, f"a term is 1-5 words (a title up to {MAX_TITLE_WORDS}); this one has {words}")
        return None
    if kind == "definition" and words >= 20:
        reader.add(node.line, f"a definition is under 20 words; this one has {words}")
        return None
    return value


def _same(fact: Fact, a: Any, b: Any) -> bool:
    if fact.kind in NUMERIC_KINDS:
        x, y = to_number(a), to_number(b)
        if x is not None and y is not None:
            return close(float(x), float(y))
    return normalise(str(a)) == normalise(str(b)) and normalise(str(a)) != ""


def _check_disjoint(reader: Reader, fields: dict[str, Node], fact: Fact) -> None:
    """aliases, also_true and false_values must not overlap each other or the value."""
    groups = {"aliases": fact.aliases, "also_true": fact.also_true, "false_values": fact.false_values}
    names = list(groups)
    for position, name in enumerate(names):
        for index, item in enumerate(groups[name]):
            line = fields[name].value[index].line
            # A numeric alias is another spelling of the value ("175B"): it may equal it as a number.
            if not (name == "aliases" and fact.kind in NUMERIC_KINDS) and _same(fact, item, fact.value):
                reader.add(line, f"{name} contains the value itself ('{item}')")
            elif name == "aliases" and normalise(str(item)) == normalise(str(fact.value)):
                reader.add(line, f"aliases contains the value itself ('{item}')")
            for other in names[position + 1 :]:
                if fact.kind in NUMERIC_KINDS and "aliases" in (name, other):
                    continue
                if any(_same(fact, item, candidate) for candidate in groups[other]):
                    reader.add(line, f"'{item}' is in both {name} and {other}")


def _check_prompt_and_statement(reader: Reader, fields: dict[str, Node], fact: Fact) -> None:
    prompt_line = at(fields["prompt"])
    for label, candidate in [
        ("value", fact.value),
        *[("alias", a) for a in fact.aliases],
        *[("also_true value", a) for a in fact.also_true],
    ]:
        if fact.kind in NUMERIC_KINDS and label != "alias":
            number = to_number(candidate)
            if number is not None and mentions_value(fact.prompt, float(number)):
                reader.add(prompt_line, f"prompt gives away the answer: it contains the {label} {candidate}")
        elif contains_phrase(fact.prompt, str(candidate)):
            reader.add(prompt_line, f"prompt gives away the answer: it contains the {label} '{candidate}'")
    statement_line = at(fields["statement"])
    if fact.kind in NUMERIC_KINDS:
        if not mentions_value(fact.statement, float(fact.value)):
            reader.add(
                statement_line,
                f"statement must contain the value {fact.display_value()} (as digits or a usual written form)",
            )
    elif not contains_phrase(fact.statement, fact.value):
        reader.add(statement_line, f"statement must contain the value '{fact.value}'")


def _replace(fact: Fact, **changes: Any) -> Fact:
    return replace(fact, **changes)
