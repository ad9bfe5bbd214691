"""Moodle exports: GIFT text and Moodle XML, made from one description of each question.

`moodle_question` decides once what Moodle gets for a question (its type, answers and their
grades, per-answer feedback, the explanation as general feedback, numeric ranges); the two
writers only spell it. Flashcards are left out (Moodle has no self-rated card; they are in the
Anki export) and an ordering question becomes a matching of events to positions.

Scoring follows what Moodle teachers expect: a choose-all question gives each right pick 1/k of
the mark (k right options) and takes 1/k off for each wrong pick; Moodle never lets the total
fall below zero. Those fractions are among the grades Moodle accepts for up to 10 right options.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from quizapp.content.bank import Bank
from quizapp.content.export import numeric_range
from quizapp.content.question import Question

# Moodle's grade list (question_bank::fraction_options_full) has 1/k for k = 1..10, to 7 digits.
MOODLE_SHARES = {
    1: "100",
    2: "50",
    3: "33.33333",
    4: "25",
    5: "20",
    6: "16.66667",
    7: "14.28571",
    8: "12.5",
    9: "11.11111",
    10: "10",
}
_POSITIONS = ("1st", "2nd", "3rd", "4th", "5th", "6th", "7th", "8th", "9th", "10th")


@dataclass(frozen=True)
class MoodleAnswer:
    """One answer: its text, its grade as Moodle writes it (percent, "-50" for a penalty), and
    what the learner is told on choosing it."""

    text: str
    grade: str
    feedback: str = ""


@dataclass(frozen=True)
class MoodleQuestion:
    """A question as Moodle will hold it.

    qtype: Moodle's name (multichoice, truefalse, shortanswer, numerical, matching).
    single: multichoice with one right answer (radio buttons) or several (checkboxes).
    pairs: matching's (item, match) rows. low/high: the numbers a numerical answer accepts.
    """

    qtype: str
    name: str
    idnumber: str
    category: str
    text: str
    general_feedback: str
    answers: tuple[MoodleAnswer, ...] = ()
    single: bool = True
    pairs: tuple[tuple[str, str], ...] = ()
    low: float = 0.0
    high: float = 0.0


def moodle_number(value: float) -> str:
    """A number as Moodle reads it: plain decimal, no exponent, no trailing zeros, no float noise
    (the shortest digits that read back as the same float)."""
    text = format(Decimal(repr(float(value))), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _category(section_title: str) -> str:
    # "/" separates category levels in Moodle; a slash inside a title is written twice.
    return "quizapp/" + section_title.replace("/", "//")


def moodle_question(question: Question, section_title: str) -> MoodleQuestion | None:
    """What Moodle gets for `question`, or None for a kind (or size) Moodle cannot express."""
    base = MoodleQuestion(
        qtype="",
        name=question.id,
        idnumber=question.id,
        category=_category(section_title),
        text=question.prompt,
        general_feedback=question.explanation,
    )
    right = "Yes, that is right."
    wrong = f"Not this one. The answer is: {question.answer_text.rstrip('. ')}."
    if question.kind == "multiple_choice":
        answers = tuple(
            MoodleAnswer(choice, "100", right) if i == question.answer else MoodleAnswer(choice, "0", wrong)
            for i, choice in enumerate(question.choices)
        )
        return replace(base, qtype="multichoice", answers=answers)
    if question.kind == "multi_select":
        share = MOODLE_SHARES.get(len(question.answer))
        if share is None:
            return None
        answers = tuple(
            MoodleAnswer(choice, share, "Yes, this is one of them.")
            if i in question.answer
            else MoodleAnswer(choice, f"-{share}", "No, this is not one of them.")
            for i, choice in enumerate(question.choices)
        )
        return replace(base, qtype="multichoice", answers=answers, single=False)
    if question.kind == "true_false":
        truth = bool(question.answer)
        answers = (
            MoodleAnswer(
                "true", "100" if truth else "0", "Yes, it is true." if truth else "No, it is false."
            ),
            MoodleAnswer(
                "false", "0" if truth else "100", "No, it is true." if truth else "Yes, it is false."
            ),
        )
        return replace(base, qtype="truefalse", answers=answers)
    if question.kind == "typed":
        options = dict.fromkeys([str(question.answer), *question.accepted])
        answers = tuple(MoodleAnswer(option, "100", right) for option in options)
        return replace(base, qtype="shortanswer", answers=answers)
    if question.kind == "numeric":
        low, high = numeric_range(question)
        answers = (MoodleAnswer(moodle_number(float(question.answer)), "100", right),)
        return replace(base, qtype="numerical", answers=answers, low=low, high=high)
    if question.kind in ("matching", "comparison"):
        pairs = tuple((question.items[item], question.choices[choice]) for item, choice in question.answer)
        if question.kind == "comparison":
            base = replace(base, text=f"{question.prompt} ({' or '.join(question.choices)})")
        return replace(base, qtype="matching", pairs=pairs)
    if question.kind == "ordering" and len(question.answer) <= len(_POSITIONS):
        pairs = tuple(
            (question.choices[choice], _POSITIONS[rank]) for rank, choice in enumerate(question.answer)
        )
        return replace(base, qtype="matching", pairs=pairs)
    return None


def moodle_questions(questions: Sequence[Question], bank: Bank) -> list[MoodleQuestion]:
    """The questions Moodle can take, in bank order."""
    titles = {section.id: section.title for section in bank.sections}
    described = (moodle_question(q, titles.get(q.section_id, q.section_id)) for q in questions)
    return [item for item in described if item is not None]


def gift_supports(question: Question) -> bool:
    """Whether Moodle can take `question` (flashcards, for one, it cannot)."""
    return moodle_question(question, "") is not None


# ---- GIFT ---------------------------------------------------------------------------------------

_GIFT_SPECIAL = re.compile(r"([~=#{}:\\])")


def gift_escape(text: str) -> str:
    """Text safe inside GIFT: ~ = # { } : and backslash escaped, newlines as \\n."""
    return _GIFT_SPECIAL.sub(r"\\\1", str(text)).replace("\r", "").replace("\n", r"\n")


def _gift_answer_block(item: MoodleQuestion) -> str:
    e = gift_escape
    general = f"\t####{e(item.general_feedback)}\n" if item.general_feedback else ""
    if item.qtype == "truefalse":
        correct = next(a for a in item.answers if a.grade == "100")
        mistaken = next(a for a in item.answers if a.grade != "100")
        # {TRUE#feedback on a wrong answer#feedback on a right one####general feedback}
        key = "TRUE" if correct.text == "true" else "FALSE"
        general = f"####{e(item.general_feedback)}" if item.general_feedback else ""
        return "{" + f"{key}#{e(mistaken.feedback)}#{e(correct.feedback)}{general}" + "}"
    if item.qtype == "numerical":
        # GIFT's own range form, min..max, for anything but an exact figure.
        accepted = moodle_number(item.low)
        if item.high != item.low:
            accepted += f"..{moodle_number(item.high)}"
        feedback = f"#{e(item.answers[0].feedback)}" if item.answers else ""
        return "{#\n\t=" + accepted + feedback + "\n" + general + "}"
    if item.qtype == "matching":
        rows = "".join(f"\t={e(left)} -> {e(right)}\n" for left, right in item.pairs)
        return "{\n" + rows + general + "}"
    lines: list[str] = []
    for answer in item.answers:
        if item.qtype == "shortanswer":
            mark = "="
        elif item.single:
            mark = "=" if answer.grade == "100" else "~"
        else:
            mark = f"~%{answer.grade}%"
        feedback = f"#{e(answer.feedback)}" if answer.feedback else ""
        lines.append(f"\t{mark}{e(answer.text)}{feedback}\n")
    return "{\n" + "".join(lines) + general + "}"


def bank_to_gift(questions: Sequence[Question], bank: Bank) -> str:
    """The questions Moodle can take as GIFT, one category per section, each explanation as the
    question's general feedback."""
    lines: list[str] = ["// quizapp question bank (Moodle GIFT)", ""]
    category = None
    for item in moodle_questions(questions, bank):
        if item.category != category:
            category = item.category
            # Moodle reads the category line raw (no GIFT escapes): keep it to safe characters.
            lines += [f"$CATEGORY: $course$/top/{_GIFT_SPECIAL.sub(' ', category)}", ""]
        lines.append(
            f"::{gift_escape(item.name)}::[plain]{gift_escape(item.text)} {_gift_answer_block(item)}"
        )
        lines.append("")
    return "\n".join(lines)


# ---- Moodle XML ---------------------------------------------------------------------------------


def _text(parent: ET.Element, tag: str, text: str, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    ET.SubElement(element, "text").text = text
    return element


def _html(parent: ET.Element, tag: str, text: str) -> ET.Element:
    return _text(parent, tag, html.escape(text, quote=False), format="html")


def _value(parent: ET.Element, tag: str, value: str) -> None:
    ET.SubElement(parent, tag).text = value


def _xml_answers(question: ET.Element, item: MoodleQuestion) -> None:
    for answer in item.answers:
        element = _text(
            question, "answer", html.escape(answer.text, quote=False), fraction=answer.grade, format="html"
        )
        _html(element, "feedback", answer.feedback)


def _xml_question(quiz: ET.Element, item: MoodleQuestion) -> None:
    question = ET.SubElement(quiz, "question", type=item.qtype)
    _text(question, "name", item.name[:255])
    _html(question, "questiontext", item.text)
    _html(question, "generalfeedback", item.general_feedback)
    _value(question, "defaultgrade", "1")
    _value(question, "penalty", "0.3333333" if item.qtype != "truefalse" else "1")
    _value(question, "hidden", "0")
    _value(question, "idnumber", item.idnumber[:100])
    if item.qtype == "multichoice":
        _value(question, "single", "true" if item.single else "false")
        _value(question, "shuffleanswers", "true")
        _value(question, "answernumbering", "abc")
        _xml_answers(question, item)
    elif item.qtype == "truefalse":
        _xml_answers(question, item)
    elif item.qtype == "shortanswer":
        _value(question, "usecase", "0")
        _xml_answers(question, item)
    elif item.qtype == "numerical":
        for answer in item.answers:
            # Moodle XML has a centre and a margin either side (its "nominal" tolerance).
            centre, margin = (item.low + item.high) / 2, (item.high - item.low) / 2
            element = _text(question, "answer", moodle_number(centre), fraction=answer.grade)
            _value(element, "tolerance", moodle_number(margin))
            _html(element, "feedback", answer.feedback)
        _value(question, "unitgradingtype", "0")
        _value(question, "showunits", "3")
    elif item.qtype == "matching":
        _value(question, "shuffleanswers", "true")
        for left, right in item.pairs:
            sub = _html(question, "subquestion", left)
            _text(sub, "answer", right)


def bank_to_moodle_xml(questions: Sequence[Question], bank: Bank) -> str:
    """The questions Moodle can take as Moodle XML: a category per section (by title), question
    names and id numbers, per-answer feedback and the explanation as general feedback."""
    quiz = ET.Element("quiz")
    category = None
    for item in moodle_questions(questions, bank):
        if item.category != category:
            category = item.category
            switch = ET.SubElement(quiz, "question", type="category")
            _text(switch, "category", f"$course$/top/{category}")
        _xml_question(quiz, item)
    ET.indent(quiz)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode") + "\n"
