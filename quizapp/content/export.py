"""The JSON export: every question of the bank for other tools (schema: content/schema/).

Moodle's formats (GIFT, Moodle XML) are in `moodle`, Anki's package in `anki`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from quizapp.content.bank import Bank
from quizapp.content.question import Question


def bank_to_json(questions: Sequence[Question], bank: Bank) -> str:
    """One JSON object per question: id, fact_id, kind, prompt, choices, answer, explanation,
    section (its id) and section_title, plus items and answer_text where a kind uses them."""
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
        records.append(record)
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
