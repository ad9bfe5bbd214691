"""The whole generated bank as plain text, one item per block, for people to read and diff.

`questions/REVIEW.txt` is this text, committed: a change to a fact or to the generator then shows
in review as a diff of real items rather than of code. `python -m quizapp.content review` (or
`make review`) writes it; a test fails when the committed file is not what the generator makes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from quizapp.content.bank import Bank
from quizapp.content.question import Question

REVIEW_COMMAND = "make review  (or: python -m quizapp.content review questions/ > questions/REVIEW.txt)"
HEADER = (
    "# Every item the generator makes from questions/, one block per item.\n"
    "# Generated: do not edit by hand. Regenerate with: {command}\n"
    "# {facts} facts, {items} items.\n"
)


def _answer(question: Question) -> str:
    """The key in words: the choice letters for choice kinds, the text otherwise."""
    answer: Any = question.answer
    if question.kind == "multiple_choice" and isinstance(answer, int):
        return f"{_letter(answer)}) {question.choices[answer]}"
    if question.kind == "true_false":
        return "True" if answer else "False"
    if question.kind in ("multi_select",):
        return ", ".join(f"{_letter(i)}) {question.choices[i]}" for i in answer)
    if question.kind == "ordering":
        return " → ".join(question.choices[i] for i in answer)
    if question.kind in ("matching", "comparison"):
        return "; ".join(f"{question.items[i]} → {question.choices[c]}" for i, c in answer)
    return question.answer_text or str(answer)


def _letter(index: int) -> str:
    return "abcdefghijklmnopqrstuvwxyz"[index]


def item_block(question: Question) -> str:
    """One item as a block of labelled lines."""
    lines = [f"== {question.id}", f"kind: {question.kind}", f"prompt: {question.prompt}"]
    if question.items:
        lines.append("items:")
        lines.extend(f"  {index + 1}. {item}" for index, item in enumerate(question.items))
    if question.choices and question.kind != "true_false":
        lines.append("options:")
        lines.extend(f"  {_letter(index)}) {choice}" for index, choice in enumerate(question.choices))
    lines.append(f"key: {_answer(question)}")
    if question.kind == "flashcard":
        lines[-1] = f"key: {question.answer}"
        lines.append(f"back: {question.answer_text}")
    if question.accepted:
        lines.append(f"also accepted: {' | '.join(question.accepted)}")
    if question.tolerance:
        lines.append(f"tolerance: ±{question.tolerance:.0%}")
    lines.append(f"explanation: {question.explanation}")
    return "\n".join(lines)


def review_text(bank: Bank, questions: Iterable[Question]) -> str:
    """The review file's text: a header, then one block per item in generation order."""
    items = list(questions)
    header = HEADER.format(command=REVIEW_COMMAND, facts=len(bank.facts), items=len(items))
    return header + "".join(f"\n{item_block(question)}\n" for question in items)
