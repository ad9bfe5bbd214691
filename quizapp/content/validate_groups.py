"""Reading the facts that are groups of values: lists (members and non-members) and concept pairs.

Split from `validate` so each module stays one screenful of rules; the same Reader reports here.
"""

from __future__ import annotations

from dataclasses import replace

from quizapp.content.bank import VALUE_TYPES, ConceptItem, Fact
from quizapp.content.nodes import Node
from quizapp.content.reader import Reader, at, describe_value
from quizapp.content.text import normalise


def read_list(reader: Reader, fields: dict[str, Node], fact: Fact, before: int) -> Fact | None:
    """A list fact with its members and non-members, or None when any of them is unusable."""
    members = reader.text_list(fields["members"], "members")
    non_members = reader.text_list(fields["non_members"], "non_members")
    if members is not None and len(members) < 2:
        reader.add(at(fields["members"]), f"a list fact needs at least 2 members, not {len(members)}")
    if non_members is not None and len(non_members) < 3:
        reader.add(
            at(fields["non_members"]), f"a list fact needs at least 3 non_members, not {len(non_members)}"
        )
    if members and non_members:
        member_keys = {normalise(m) for m in members}
        for index, item in enumerate(non_members):
            if normalise(item) in member_keys:
                reader.add(
                    fields["non_members"].value[index].line, f"'{item}' is in both members and non_members"
                )
    if len(reader.problems) > before:
        return None
    value_type = read_type(reader, fields)
    if len(reader.problems) > before:
        return None
    return replace(fact, members=tuple(members or ()), non_members=tuple(non_members or ()), type=value_type)


def read_type(reader: Reader, fields: dict[str, Node]) -> str:
    """The optional `type:` of a fact's values; "" when absent (the kind's default applies)."""
    if "type" not in fields:
        return ""
    value_type = reader.text(fields["type"], "type") or ""
    if value_type and value_type not in VALUE_TYPES:
        reader.add(
            fields["type"].line,
            f"unknown type '{value_type}' (expected one of {', '.join(sorted(VALUE_TYPES))})",
        )
    return value_type


def read_pair(reader: Reader, fields: dict[str, Node], fact: Fact, before: int) -> Fact | None:
    """A concept pair with its two concepts and the items true of each, or None when unusable."""
    concepts = reader.text_list(fields["concepts"], "concepts")
    if concepts is not None and len(concepts) != 2:
        reader.add(at(fields["concepts"]), f"a concept_pair needs exactly two concepts, not {len(concepts)}")
        concepts = None
    items_node = fields["items"]
    items: list[ConceptItem] = []
    if not isinstance(items_node.value, list):
        reader.add(
            at(items_node),
            f"items must be a list of {{text, concept}}, not {describe_value(items_node.value)}",
        )
    else:
        for index, item in enumerate(items_node.value):
            parsed = _pair_item(reader, item, index, concepts)
            if parsed is not None:
                items.append(parsed)
        if concepts and len(items) == len(items_node.value):
            for concept in concepts:
                if not any(item.concept == concept for item in items):
                    reader.add(at(items_node), f"no item describes the concept '{concept}'")
        if len(items_node.value) < 2:
            reader.add(at(items_node), "a concept_pair needs at least 2 items")
    if len(reader.problems) > before:
        return None
    return replace(fact, concepts=tuple(concepts or ()), items=tuple(items))


def _pair_item(reader: Reader, node: Node, index: int, concepts: list[str] | None) -> ConceptItem | None:
    if not isinstance(node.value, dict):
        reader.add(
            node.line, f"items[{index}] must be a mapping {{text, concept}}, not {describe_value(node.value)}"
        )
        return None
    for key, child in node.value.items():
        if key not in ("text", "concept"):
            reader.add(child.key_line, f"unknown field '{key}' in items[{index}]")
    if "text" not in node.value or "concept" not in node.value:
        reader.add(node.line, f"items[{index}] needs both text and concept")
        return None
    text = reader.text(node.value["text"], f"items[{index}] text")
    concept = reader.text(node.value["concept"], f"items[{index}] concept")
    if text is None or concept is None:
        return None
    if concepts is not None and concept not in concepts:
        reader.add(
            node.value["concept"].line, f"items[{index}] concept '{concept}' is not one of the two concepts"
        )
        return None
    return ConceptItem(text, concept)
