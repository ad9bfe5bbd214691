"""The fact bank as plain data: sections, facts and the lookups the generator and grader need.

Facts are frozen so a loaded bank can be shared (between requests, between generated questions)
without anyone changing it under another's feet. Lists are tuples for the same reason, and so
that a fact hashes and compares by value.
"""

from __future__ import annotations

import calendar
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from quizapp.content.numbers import format_number
from quizapp.content.text import normalise

YEAR_KINDS = frozenset({"year"})
NUMERIC_KINDS = frozenset({"year", "number", "percent", "money"})
TEXT_KINDS = frozenset({"organisation", "model", "person", "term", "definition"})
VALUE_KINDS = NUMERIC_KINDS | TEXT_KINDS
FACT_KINDS = VALUE_KINDS | {"concept_pair", "list"}

# What a value IS, finer than the kind: a wrong answer or a false statement may only swap in a
# value of the same type (never "EU AI Act" for a group of models). A fact's `type` defaults to
# its kind's; text facts may name a finer one (a model's output is a `modality`, not a `term`).
VALUE_TYPES = frozenset(
    {
        "organisation",
        "person",
        "model",
        "product",
        "source",
        "law",
        "characteristic",
        "benefit",
        "risk",
        "trend",
        "application_area",
        "year",
        "count",
        "money",
        "percentage",
        "modality",
        "task",
        "term",
        "definition",
        "field",
        "data",
        "interface",
        "title",
    }
)
DEFAULT_TYPE = {
    "organisation": "organisation",
    "person": "person",
    "model": "model",
    "term": "term",
    "definition": "definition",
    "year": "year",
    "number": "count",
    "percent": "percentage",
    "money": "money",
}
# How exact a number is: a point value (`exact`), one the article rounds (`approx`: "about",
# "nearly"), or a bound the article gives ("more than double" is `more_than` 2).
PRECISIONS = ("exact", "approx", "more_than", "at_least", "less_than", "at_most")
BOUNDS = frozenset({"more_than", "at_least", "less_than", "at_most"})
BOUND_WORDS = {
    "more_than": "more than",
    "at_least": "at least",
    "less_than": "less than",
    "at_most": "at most",
}

Value = int | float | str | None


@dataclass(frozen=True)
class Section:
    """One article section: the unit of study and of the files (`NN-<id>.yaml`)."""

    id: str
    title: str
    order: int
    notes: str = ""
    file: str = ""
    line: int = 0


@dataclass(frozen=True)
class ConceptItem:
    """A statement true of exactly one of a concept_pair's two concepts."""

    text: str
    concept: str


@dataclass(frozen=True)
class Fact:
    """One thing the article says, with everything needed to ask about it and grade answers.

    `value` is an int or float for numeric kinds, text for the text kinds, None for list and
    concept_pair facts (whose answers are `members` and `items`). `file` and `line` say where the
    fact was written, so every later complaint can point there.
    """

    id: str
    section_id: str
    kind: str
    subject: str
    attribute: str
    statement: str
    explanation: str
    paragraph: int
    value: Value = None
    prompt: str = ""
    aliases: tuple[str, ...] = ()
    also_true: tuple[Any, ...] = ()
    unit: str = ""
    precision: str = "exact"
    type: str = ""
    month: int | None = None
    tags: tuple[str, ...] = ()
    builds_on: tuple[str, ...] = ()
    false_values: tuple[Any, ...] = ()
    concepts: tuple[str, ...] = ()
    items: tuple[ConceptItem, ...] = ()
    members: tuple[str, ...] = ()
    non_members: tuple[str, ...] = ()
    file: str = ""
    line: int = 0

    @property
    def is_numeric(self) -> bool:
        return self.kind in NUMERIC_KINDS

    @property
    def value_type(self) -> str:
        """The type of the value and of every false value ("organisation", "count", "modality")."""
        return self.type or DEFAULT_TYPE.get(self.kind, "")

    @property
    def is_bound(self) -> bool:
        """A number the article gives only as a bound ("more than double"): nothing but the
        bound is known, so no other value is false for it."""
        return self.precision in BOUNDS

    @property
    def is_milestone(self) -> bool:
        return self.kind == "year" and "milestone" in self.tags

    def display_value(self) -> str:
        """The value as the app shows it ("175 billion", "$78 million", "65.7%", "GPT-3")."""
        if self.kind == "list":
            return ", ".join(self.members)
        if self.kind == "concept_pair":
            return self.statement
        if self.is_numeric and isinstance(self.value, int | float):
            return format_number(self.value, self.unit or None, self.kind)
        return str(self.value)

    def answer_in_words(self) -> str:
        """The value with what the article says about it: "more than 2", "August 2021"."""
        shown = self.display_value()
        if self.month is not None:
            shown = f"{calendar.month_name[self.month]} {shown}"
        if self.is_bound:
            shown = f"{BOUND_WORDS[self.precision]} {shown}"
        return shown

    def accepted_texts(self) -> tuple[str, ...]:
        """Every text that counts as the answer: the value, its aliases, and the also_true values."""
        if self.value is None:
            return ()
        return (str(self.value), *map(str, self.aliases), *map(str, self.also_true))

    def answer_fingerprint(self) -> str:
        """A stable sha256 of what counts as the right answer, nothing else.

        The sync compares it with the stored one: a changed prompt or explanation keeps the
        learners' schedules, a changed answer makes them relearn the fact. Key order, unicode
        and number formatting are fixed so the digest is the same in every process.
        """
        payload = {
            "value": self.value,
            "aliases": list(self.aliases),
            "also_true": list(self.also_true),
            "members": list(self.members),
            "items": [[item.text, item.concept] for item in self.items],
            "unit": self.unit,
        }
        # Only when set, so that facts without them keep the digest they always had.
        if self.precision in BOUNDS:
            payload["precision"] = self.precision
        if self.month is not None:
            payload["month"] = self.month
        encoded = json.dumps(payload, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
        return hashlib.sha256(encoded.encode("utf-8")).hexdigest()

    def to_dict(self) -> dict[str, Any]:
        """The fact as written in the bank (JSON-serialisable), for storage, pages and exports."""
        data: dict[str, Any] = {
            "id": self.id,
            "section": self.section_id,
            "kind": self.kind,
            "subject": self.subject,
            "attribute": self.attribute,
        }
        if self.value is not None:
            data["value"] = self.value
        optional = {
            "prompt": self.prompt,
            "aliases": list(self.aliases),
            "also_true": list(self.also_true),
            "unit": self.unit,
            "tags": list(self.tags),
            "builds_on": list(self.builds_on),
            "false_values": list(self.false_values),
            "concepts": list(self.concepts),
            "items": [{"text": item.text, "concept": item.concept} for item in self.items],
            "members": list(self.members),
            "non_members": list(self.non_members),
        }
        data.update({key: value for key, value in optional.items() if value})
        if self.is_numeric and (self.kind != "year" or self.precision != "exact"):
            data["precision"] = self.precision
        if self.type:
            data["type"] = self.type
        if self.month is not None:
            data["month"] = self.month
        data["statement"] = self.statement
        data["explanation"] = self.explanation
        data["source"] = {"paragraph": self.paragraph}
        return data


@dataclass(frozen=True)
class Bank:
    """All sections and facts, in article order (sections by `order`, facts as written)."""

    sections: tuple[Section, ...]
    facts: tuple[Fact, ...]
    _facts_by_id: dict[str, Fact] = field(init=False, repr=False, compare=False)
    _sections_by_id: dict[str, Section] = field(init=False, repr=False, compare=False)
    # Facts by (attribute, normalised subject): `same_question` is asked for every false value of
    # every fact, so scanning the bank each time made checking a deck grow with its size squared.
    _by_question: dict[tuple[str, str], tuple[Fact, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_facts_by_id", {fact.id: fact for fact in self.facts})
        object.__setattr__(self, "_sections_by_id", {section.id: section for section in self.sections})
        by_question: dict[tuple[str, str], list[Fact]] = {}
        for fact in self.facts:
            by_question.setdefault((fact.attribute, normalise(fact.subject)), []).append(fact)
        object.__setattr__(self, "_by_question", {key: tuple(facts) for key, facts in by_question.items()})

    @classmethod
    def build(cls, sections: Iterable[Section], facts: Iterable[Fact]) -> Bank:
        """A bank with sections sorted by order and facts grouped by section in that order."""
        ordered = tuple(sorted(sections, key=lambda section: (section.order, section.id)))
        rank = {section.id: index for index, section in enumerate(ordered)}
        fact_list = list(facts)
        position = {id(fact): index for index, fact in enumerate(fact_list)}
        return cls(
            ordered,
            tuple(sorted(fact_list, key=lambda f: (rank.get(f.section_id, len(rank)), position[id(f)]))),
        )

    def fact(self, fact_id: str) -> Fact:
        """The fact with this id; KeyError if there is none."""
        return self._facts_by_id[fact_id]

    def get_fact(self, fact_id: str) -> Fact | None:
        return self._facts_by_id.get(fact_id)

    def section(self, section_id: str) -> Section:
        """The section with this id; KeyError if there is none."""
        return self._sections_by_id[section_id]

    def get_section(self, section_id: str) -> Section | None:
        return self._sections_by_id.get(section_id)

    def facts_in(self, section_id: str) -> tuple[Fact, ...]:
        """The section's facts in the order they were written."""
        return tuple(fact for fact in self.facts if fact.section_id == section_id)

    def pool(self, kind: str, attribute: str | None = None) -> tuple[Fact, ...]:
        """Facts of `kind` (and `attribute`, if given): where distractors come from."""
        return tuple(
            fact
            for fact in self.facts
            if fact.kind == kind and (attribute is None or fact.attribute == attribute)
        )

    def same_question(self, fact: Fact) -> tuple[Fact, ...]:
        """Other facts asking the same thing (same subject and attribute): their answers are true
        too, so they are never offered as wrong answers."""
        same = self._by_question.get((fact.attribute, normalise(fact.subject)), ())
        return tuple(other for other in same if other.id != fact.id)

    def milestones(self) -> tuple[Fact, ...]:
        """Year facts tagged `milestone`: the timeline the ordering questions draw from."""
        return tuple(fact for fact in self.facts if fact.is_milestone)
