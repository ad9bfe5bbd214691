"""What the generator hands out and what grading hands back: `Question` and `Grade`.

Both are frozen value objects made only of JSON-friendly parts (tuples become lists in `to_dict`),
so a question can be stored as a row, compared by value, and hashed to tell whether it changed.
"""

from __future__ import annotations

import hashlib
import json
import random
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Question:
    """One way of asking about one fact.

    id: f"{fact_id}:{kind}:{variant}", stable for as long as the fact and the kind exist.
    prompt: the question as shown. choices: the options for choice-based kinds (multiple_choice,
    true_false, ordering, multi_select: the things to pick from; matching and comparison: the
    right-hand column), else empty. items: the left-hand column of matching and comparison.
    answer: the right answer in the shape the kind documents (index, bool, text, number, list of
    indices, list of [item, choice] pairs). accepted: other typed answers that count (aliases and
    also_true values). tolerance: relative tolerance of a numeric answer (0 exact, 0.1 approx).
    answer_text: the right answer in words, for feedback and exports.
    """

    id: str
    fact_id: str
    section_id: str
    kind: str
    variant: int
    prompt: str
    choices: tuple[str, ...] = ()
    answer: Any = None
    explanation: str = ""
    items: tuple[str, ...] = ()
    accepted: tuple[str, ...] = ()
    tolerance: float = 0.0
    answer_text: str = ""
    precision: str = "exact"
    unit: str = ""
    month: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable dict with a fixed key order (tuples become lists)."""
        return {
            "id": self.id,
            "fact_id": self.fact_id,
            "section_id": self.section_id,
            "kind": self.kind,
            "variant": self.variant,
            "prompt": self.prompt,
            "choices": list(self.choices),
            "answer": _jsonable(self.answer),
            "explanation": self.explanation,
            "items": list(self.items),
            "accepted": list(self.accepted),
            "tolerance": self.tolerance,
            "answer_text": self.answer_text,
            "precision": self.precision,
            "unit": self.unit,
            "month": self.month,
        }

    def content_hash(self) -> str:
        """sha256 of the whole question, so a sync can skip questions that did not change."""
        encoded = json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=True, separators=(",", ":"))
        return hashlib.sha256(encoded.encode("utf-8")).hexdigest()

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Question:
        """The inverse of `to_dict` (lists back to tuples), for questions read from storage."""
        return cls(
            id=data["id"],
            fact_id=data["fact_id"],
            section_id=data.get("section_id", ""),
            kind=data["kind"],
            variant=int(data.get("variant", 0)),
            prompt=data["prompt"],
            choices=tuple(data.get("choices") or ()),
            answer=_frozen(data.get("answer")),
            explanation=data.get("explanation", ""),
            items=tuple(data.get("items") or ()),
            accepted=tuple(data.get("accepted") or ()),
            tolerance=float(data.get("tolerance") or 0.0),
            answer_text=data.get("answer_text", ""),
            precision=data.get("precision") or "exact",
            unit=data.get("unit") or "",
            month=data.get("month"),
        )


@dataclass(frozen=True)
class Grade:
    """The verdict on one response.

    correct: whether it counts as right. score: 0-1 partial credit (1.0 when correct; ordering,
    matching, comparison and multi_select give partial credit). reason: a sentence for the
    learner saying why ("matched alias GPT3", "accepted with one typo: ..."). expected: the right
    answer in words.
    """

    correct: bool
    score: float
    reason: str
    expected: str


def _jsonable(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_jsonable(item) for item in value]
    return value


def _frozen(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return tuple(_frozen(item) for item in value)
    return value


def rng_for(*parts: object) -> random.Random:
    """A random generator seeded from the parts (e.g. fact id, kind, variant) through sha256.

    Never Python's hash(), which is salted per process: the same bank must give the same
    questions in every process, byte for byte.
    """
    digest = hashlib.sha256(":".join(map(str, parts)).encode("utf-8")).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))
