"""The JSON export: every question of the bank for other tools.

Its format is documented as a JSON Schema in content/schema/questions.schema.json (checked by the
tests against the real bank). Moodle's formats (GIFT, Moodle XML) are in `moodle`, Anki's package
in `anki`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from quizapp.content.bank import Bank
from quizapp.content.question import Question

SCHEMA_PATH = Path(__file__).parent / "schema" / "questions.schema.json"
_LOWER_BOUNDS = ("more_than", "at_least")
_UPPER_BOUNDS = ("less_than", "at_most")


def numeric_range(question: Question) -> tuple[float, float]:
    """The answers a numeric question accepts, as [low, high], as our grader reads its precision:
    exact the figure; approx within the tolerance either side; a lower bound from the figure up
    by the tolerance, an upper bound down to it."""
    value, tolerance = float(question.answer), min(abs(question.tolerance), 0.99)
    low, high = value - abs(value) * tolerance, value + abs(value) * tolerance / (1 - tolerance)
    if question.precision == "exact" or not tolerance:
        return value, value
    if question.precision in _LOWER_BOUNDS:
        return value, high
    if question.precision in _UPPER_BOUNDS:
        return low, value
    return low, high


def _number_record(question: Question) -> dict[str, Any]:
    low, high = numeric_range(question)
    return {
        "value": question.answer,
        "precision": question.precision,
        "tolerance": question.tolerance,
        "min": low,
        "max": high,
        "unit": question.unit,
        "month": question.month,
    }


def bank_to_json(questions: Sequence[Question], bank: Bank) -> str:
    """One JSON object per question: id, fact_id, kind, prompt, choices, answer, explanation,
    section (its id), section_title and answer_text, plus items and accepted where a kind uses
    them and, for a numeric question, `number`: its precision, tolerance and the range accepted."""
    records = []
    for question in questions:
        section = bank.get_section(question.section_id)
        data = question.to_dict()
        record = {
            "id": question.id,
            "fact_id": question.fact_id,
            "kind": question.kind,
            "prompt": question.prompt,
            "choices": data["choices"],
            "answer": data["answer"],
            "explanation": question.explanation,
            "section": question.section_id,
            "section_title": section.title if section else "",
        }
        if question.items:
            record["items"] = data["items"]
        if question.accepted:
            record["accepted"] = data["accepted"]
        record["answer_text"] = question.answer_text
        if question.kind == "numeric":
            record["number"] = _number_record(question)
        records.append(record)
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
