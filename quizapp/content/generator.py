"""Every question the bank yields, in a fixed order, the same in every process.

Questions come out in article order: by section, then fact as written, then kind as registered,
then variant. All randomness (distractor picks, choice order) is seeded from the fact id, kind and
variant through sha256, so the same bank always gives the same list, byte for byte, and editing one
fact never reshuffles another's questions.
"""

from __future__ import annotations

import json
from collections import Counter

from quizapp.content.bank import Bank, Fact
from quizapp.content.kinds import KINDS
from quizapp.content.question import Question


def generate_for_fact(fact: Fact, bank: Bank) -> list[Question]:
    """One fact's questions, with any variant whose prompt would give the answer away dropped."""
    questions = []
    for kind in KINDS.values():
        for question in kind.build(fact, bank):
            if not kind.leaks(question, fact):
                questions.append(question)
    return questions


def repeated_prompts(questions: list[Question]) -> list[tuple[str, str, tuple[str, ...]]]:
    """(fact id, prompt, kinds) wherever two kinds of one fact ask in the same words: the
    variants of a fact are there to teach the fact from several sides, not to repeat a wording."""
    kinds_by_prompt: dict[tuple[str, str], list[str]] = {}
    for question in questions:
        kinds_by_prompt.setdefault((question.fact_id, question.prompt), []).append(question.kind)
    return [
        (fact_id, prompt, tuple(kinds))
        for (fact_id, prompt), kinds in kinds_by_prompt.items()
        if len(set(kinds)) > 1
    ]


def generate_questions(bank: Bank) -> list[Question]:
    """All questions of the bank, in article order."""
    questions: list[Question] = []
    for fact in bank.facts:
        questions.extend(generate_for_fact(fact, bank))
    return questions


def questions_json(questions: list[Question]) -> str:
    """The canonical JSON of a question list (what determinism is measured on)."""
    return json.dumps([q.to_dict() for q in questions], ensure_ascii=False, sort_keys=False)


def kind_counts(questions: list[Question]) -> dict[str, int]:
    """Questions per kind, in registry order (kinds with none included, as 0)."""
    counts = Counter(q.kind for q in questions)
    return {name: counts.get(name, 0) for name in KINDS}
