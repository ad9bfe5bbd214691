"""A quiz on paper: its questions with room to answer, then the answer key on a page of its own.

Choices are printed as the bank (or the teacher's fix) has them, lettered, so the key can say
"B: …"; typed and numeric questions get lines to write on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from string import ascii_uppercase

from quizapp import content
from quizapp.models import Quiz
from quizapp.quizzes.service import questions_of, quiz_question

WRITE_KINDS = frozenset({"typed", "numeric"})
NUMBER_KINDS = frozenset({"ordering"})
PAIR_KINDS = frozenset({"matching", "comparison"})


@dataclass
class PaperQuestion:
    """One question as printed. how: what the learner does ("Choose one", "Write your answer"…);
    options: lettered choices; items: the things to order or match, each with a box; lines:
    how many lines to leave for a written answer; key: the right answer for the key page."""

    number: int
    kind_label: str
    prompt: str
    how: str
    options: list[tuple[str, str]] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    lines: int = 0
    key: str = ""


def letter(index: int) -> str:
    return ascii_uppercase[index] if index < len(ascii_uppercase) else str(index + 1)


def paper_questions(quiz: Quiz) -> list[PaperQuestion]:
    return [
        paper_question(number, quiz_question(quiz, row))
        for number, row in enumerate(questions_of(quiz), start=1)
    ]


def paper_question(number: int, question: content.Question) -> PaperQuestion:
    kind = question.kind
    label = content.KINDS[kind].label
    lettered = [(letter(i), choice) for i, choice in enumerate(question.choices)]
    printed = PaperQuestion(number, label, question.prompt, "", key=question.answer_text)
    if kind in WRITE_KINDS:
        printed.how, printed.lines = "Write your answer.", 2
    elif kind in NUMBER_KINDS:
        printed.how = "Number them in order, 1 first."
        printed.items = list(question.choices)
        order = question.answer or ()
        printed.key = ", ".join(f"{place}. {question.choices[i]}" for place, i in enumerate(order, start=1))
    elif kind in PAIR_KINDS:
        printed.how = "Write the letter of the matching choice in each box."
        printed.items, printed.options = list(question.items), lettered
        printed.key = "; ".join(f"{question.items[i]}: {letter(j)}" for i, j in question.answer or ())
    elif kind == "multi_select":
        printed.how, printed.options = "Tick every right choice.", lettered
        printed.key = ", ".join(f"{letter(i)} ({question.choices[i]})" for i in question.answer or ())
    else:
        printed.how, printed.options = "Tick one.", lettered
        right = content.KINDS[kind].right_choices(question)
        if right and right[0] in question.choices:
            index = question.choices.index(right[0])
            printed.key = f"{letter(index)} ({question.choices[index]})"
    return printed
