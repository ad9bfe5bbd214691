"""Exports: JSON for other tools, Moodle GIFT for a school's LMS, and an Anki deck (.apkg).

All three are deterministic: the same questions give the same text, and the Anki deck keeps fixed
deck and model ids and derives each note's guid from its fact id, so re-importing an updated
deck updates the notes in place and keeps a learner's Anki progress.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence
from pathlib import Path

from quizapp.content.bank import Bank
from quizapp.content.question import Question

ANKI_DECK_ID = 1_735_211_406
ANKI_MODEL_ID = 1_735_211_407
ANKI_DECK_NAME = "Foundation models (quizapp)"
# Notes and cards get ids from this fixed clock, so two exports of one bank are alike.
ANKI_TIMESTAMP = 1_735_689_600.0


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


_GIFT_SPECIAL = re.compile(r"([~=#{}:\\])")


def gift_escape(text: str) -> str:
    """Text safe inside GIFT: ~ = # { } : and backslash escaped, newlines as \\n."""
    return _GIFT_SPECIAL.sub(r"\\\1", str(text)).replace("\r", "").replace("\n", r"\n")


def _gift_number(value: float) -> str:
    text = f"{value:.10f}".rstrip("0").rstrip(".")
    return text or "0"


# Moodle only takes these partial-credit percentages for multiple-answer questions.
_GIFT_WEIGHTS = {
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


def _gift_body(question: Question) -> str | None:
    """The {...} answer block of one question, or None for kinds GIFT cannot express."""
    e = gift_escape
    feedback = f" #{e(question.explanation)}" if question.explanation else ""
    if question.kind == "multiple_choice":
        options = [
            ("=" if i == question.answer else "~") + e(choice) for i, choice in enumerate(question.choices)
        ]
        return "{\n\t" + "\n\t".join(options) + "\n}"
    if question.kind == "true_false":
        return "{" + ("TRUE" if question.answer else "FALSE") + feedback + "}"
    if question.kind == "typed":
        options = [question.answer, *question.accepted]
        return "{\n\t" + "\n\t".join(f"={e(option)}" for option in options) + "\n}"
    if question.kind == "numeric":
        tolerance = abs(float(question.answer)) * question.tolerance
        margin = f":{_gift_number(tolerance)}" if tolerance else ""
        return "{#" + _gift_number(float(question.answer)) + margin + "}"
    if question.kind == "multi_select":
        right = set(question.answer)
        weight = _GIFT_WEIGHTS.get(len(right))
        if weight is None:
            return None
        options = [
            f"~%{weight if i in right else '-100'}%{e(choice)}" for i, choice in enumerate(question.choices)
        ]
        return "{\n\t" + "\n\t".join(options) + "\n}"
    if question.kind in ("matching", "comparison"):
        pairs = [
            f"={e(question.items[item])} -> {e(question.choices[choice])}" for item, choice in question.answer
        ]
        return "{\n\t" + "\n\t".join(pairs) + "\n}"
    if question.kind == "ordering":
        # No ordering type in GIFT: match each event to its position on the timeline.
        positions = ["1st", "2nd", "3rd", "4th", "5th", "6th"]
        pairs = [
            f"={e(question.choices[choice])} -> {positions[rank]}"
            for rank, choice in enumerate(question.answer)
        ]
        return "{\n\t" + "\n\t".join(pairs) + "\n}"
    return None


def bank_to_gift(questions: Sequence[Question]) -> str:
    """The auto-graded questions as Moodle GIFT, one category per section.

    Flashcards are left out (GIFT has no self-rated card; they are in the Anki export), and an
    ordering question becomes a matching of events to positions 1st-4th.
    """
    lines: list[str] = ["// quizapp question bank (Moodle GIFT)", ""]
    category = None
    for question in questions:
        body = _gift_body(question)
        if body is None:
            continue
        if question.section_id != category:
            category = question.section_id
            lines += [f"$CATEGORY: quizapp/{category}", ""]
        prompt = question.prompt
        if question.kind == "comparison":
            prompt = f"{prompt} ({' or '.join(question.choices)})"
        lines.append(f"::{gift_escape(question.id)}::[plain]{gift_escape(prompt)} {body}")
        lines.append("")
    return "\n".join(lines)


def anki_fact_model():
    """The genanki note type of every quizapp Anki export (fixed id, so imports match it)."""
    import genanki

    return genanki.Model(
        ANKI_MODEL_ID,
        "quizapp fact",
        fields=[
            {"name": "Front"},
            {"name": "Back"},
            {"name": "Explanation"},
            {"name": "Section"},
            {"name": "FactId"},
        ],
        templates=[
            {
                "name": "Card 1",
                "qfmt": "{{Front}}",
                "afmt": '{{FrontSide}}<hr id="answer">{{Back}}<p class="explanation">{{Explanation}}</p>'
                '<p class="section">{{Section}}</p>',
            }
        ],
        css=".card { font-family: sans-serif; font-size: 20px; text-align: center; }"
        " .explanation { font-size: 16px; color: #444; } .section { font-size: 12px; color: #777; }",
        sort_field_index=4,
    )


def anki_fact_note(
    model,
    *,
    fact_id: str,
    prompt: str,
    answer: str,
    statement: str,
    explanation: str,
    section_title: str,
    tags: Sequence[str],
):
    """One fact's note: its flashcard's front and back; the guid is genanki.guid_for(fact id)."""
    import genanki

    back = f"<b>{html.escape(answer)}</b><br>{html.escape(statement)}"
    return genanki.Note(
        model=model,
        fields=[
            html.escape(prompt),
            back,
            html.escape(explanation),
            html.escape(section_title),
            html.escape(fact_id),
        ],
        guid=genanki.guid_for(fact_id),
        tags=list(tags),
    )


def anki_fact_tags(section_id: str, fact_tags: Sequence[str]) -> list[str]:
    """A note's tags: the fact's section id and its own tags (spaces are tag separators in Anki)."""
    return [section_id, *(tag.replace(" ", "_") for tag in fact_tags)]


def bank_to_apkg(bank: Bank, questions: Sequence[Question], path: str | Path) -> Path:
    """Write an Anki package with one note per fact (its flashcard: front and back) to `path`.

    Deck and model ids are fixed constants, each note's guid is genanki.guid_for(fact id), and the
    notes' timestamps come from a fixed clock: re-importing updates the same notes in place.
    """
    import genanki

    model = anki_fact_model()
    deck = genanki.Deck(ANKI_DECK_ID, ANKI_DECK_NAME)
    cards = {q.fact_id: q for q in questions if q.kind == "flashcard"}
    for fact in bank.facts:
        card = cards.get(fact.id)
        if card is None:
            continue
        section = bank.get_section(fact.section_id)
        deck.add_note(
            anki_fact_note(
                model,
                fact_id=fact.id,
                prompt=card.prompt,
                answer=str(card.answer),
                statement=fact.statement,
                explanation=fact.explanation,
                section_title=section.title if section else fact.section_id,
                tags=anki_fact_tags(fact.section_id, fact.tags),
            )
        )
    target = Path(path)
    genanki.Package(deck).write_to_file(str(target), timestamp=ANKI_TIMESTAMP)
    return target
