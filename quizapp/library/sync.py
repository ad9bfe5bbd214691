"""Load a validated bank into the database: upsert by stable id, retire what vanished.

Nothing is ever deleted: answers and schedules refer to facts and questions by id, so a fact that
left the bank is only marked retired (and comes back if it returns). A fact whose answer changed
gets `answer_changed_at`, which the scheduler reads to make learners relearn it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from quizapp import content
from quizapp.extensions import db
from quizapp.models import Deck, Fact, Question, Section

BUILTIN_DECK_SLUG = "article"
BUILTIN_DECK_TITLE = "Foundation models (the article)"


@dataclass
class Counts:
    added: int = 0
    updated: int = 0
    retired: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return (
            f"{self.added} added, {self.updated} updated, {self.retired} retired, {self.unchanged} unchanged"
        )

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.retired)


@dataclass
class SyncSummary:
    sections: Counts = field(default_factory=Counts)
    facts: Counts = field(default_factory=Counts)
    questions: Counts = field(default_factory=Counts)
    answers_changed: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.sections.changed or self.facts.changed or self.questions.changed

    def lines(self) -> list[str]:
        lines = [
            f"sections:  {self.sections}",
            f"facts:     {self.facts}",
            f"questions: {self.questions}",
        ]
        if self.answers_changed:
            lines.append(f"answers changed (learners will relearn): {', '.join(self.answers_changed)}")
        return lines


def deck_prefix(deck_id: int) -> str:
    """What a teacher's deck puts before the ids of its sections, facts and questions, so the same
    fact id in two decks makes two rows."""
    return f"d{deck_id}~"


def fact_record(fact: content.Fact) -> dict:
    """The fact as written in the bank, normalised through JSON so it compares equal when reread."""
    return json.loads(json.dumps(fact.to_dict(), sort_keys=True))


def section_values(section: content.Section) -> dict:
    return {"title": section.title, "position": section.order, "notes": section.notes.strip()}


def fact_values(fact: content.Fact, id_prefix: str = "") -> dict:
    """A fact's stored columns (all but id, deck and times), its ids under `id_prefix`."""
    return {
        "section_id": id_prefix + fact.section_id,
        "kind": fact.kind,
        "subject": str(fact.subject),
        "attribute": fact.attribute,
        "statement": fact.statement,
        "explanation": fact.explanation,
        "paragraph": fact.paragraph,
        "data": fact_record(fact),
        "answer_fingerprint": fact.answer_fingerprint(),
        "retired_at": None,
    }


def question_values(question: content.Question, id_prefix: str = "") -> dict:
    """A question's stored columns (all but id and times), its ids under `id_prefix`."""
    data = question.to_dict()
    data.update(
        id=id_prefix + question.id,
        fact_id=id_prefix + question.fact_id,
        section_id=id_prefix + question.section_id,
    )
    return {
        "fact_id": data["fact_id"],
        "kind": question.kind,
        "variant": question.variant,
        "prompt": question.prompt,
        "choices": data["choices"],
        "answer": data["answer"],
        "explanation": question.explanation,
        "data": data,
        "content_hash": question.content_hash(),
        "retired_at": None,
    }


def get_or_create_deck(slug: str, title: str, owner_id: int | None = None) -> Deck:
    deck = db.session.scalar(select(Deck).where(Deck.slug == slug))
    if deck is None:
        deck = Deck(slug=slug, title=title, owner_id=owner_id)
        db.session.add(deck)
        db.session.flush()
    return deck


def _set_if_changed(row, values: dict) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return changed


def sync_bank(
    bank: content.Bank,
    questions: Iterable[content.Question],
    deck: Deck,
    now: datetime,
    progress: Callable[[str, int, int], None] | None = None,
    id_prefix: str = "",
) -> SyncSummary:
    """Bring the deck's rows in line with `bank`; flushes, the caller commits once."""
    summary = SyncSummary()
    questions = list(questions)
    _sync_sections(bank, deck, id_prefix, summary)
    _sync_facts(bank, deck, now, id_prefix, summary, progress)
    _sync_questions(questions, deck, now, id_prefix, summary, progress)
    deck.version = (deck.version or 0) + 1
    db.session.flush()
    return summary


def _sync_sections(bank, deck, id_prefix, summary) -> None:
    existing = {s.id: s for s in db.session.scalars(select(Section).where(Section.deck_id == deck.id))}
    for section in bank.sections:
        section_id = id_prefix + section.id
        values = section_values(section)
        row = existing.get(section_id)
        if row is None:
            db.session.add(Section(id=section_id, deck_id=deck.id, **values))
            summary.sections.added += 1
        elif _set_if_changed(row, values):
            summary.sections.updated += 1
        else:
            summary.sections.unchanged += 1
    db.session.flush()


def _sync_facts(bank, deck, now, id_prefix, summary, progress) -> None:
    existing = {f.id: f for f in db.session.scalars(select(Fact).where(Fact.deck_id == deck.id))}
    seen: set[str] = set()
    total = len(bank.facts)
    for number, fact in enumerate(bank.facts, start=1):
        fact_id = id_prefix + fact.id
        seen.add(fact_id)
        values = fact_values(fact, id_prefix)
        fingerprint = values["answer_fingerprint"]
        row = existing.get(fact_id)
        if row is None:
            db.session.add(Fact(id=fact_id, deck_id=deck.id, updated_at=now, **values))
            summary.facts.added += 1
        else:
            answer_changed = row.answer_fingerprint != fingerprint
            if _set_if_changed(row, values):
                row.updated_at = now
                if answer_changed:
                    row.answer_changed_at = now
                    summary.answers_changed.append(fact_id)
                summary.facts.updated += 1
            else:
                summary.facts.unchanged += 1
        if progress:
            progress("facts", number, total)
    for fact_id, row in existing.items():
        if fact_id not in seen and row.retired_at is None:
            row.retired_at = now
            summary.facts.retired += 1
    db.session.flush()


def _sync_questions(questions, deck, now, id_prefix, summary, progress) -> None:
    existing = {
        q.id: q for q in db.session.scalars(select(Question).join(Fact).where(Fact.deck_id == deck.id))
    }
    seen: set[str] = set()
    total = len(questions)
    for number, question in enumerate(questions, start=1):
        question_id = id_prefix + question.id
        seen.add(question_id)
        values = question_values(question, id_prefix)
        row = existing.get(question_id)
        if row is None:
            db.session.add(Question(id=question_id, updated_at=now, **values))
            summary.questions.added += 1
        elif row.content_hash != values["content_hash"] or row.retired_at is not None:
            _set_if_changed(row, values)
            row.updated_at = now
            summary.questions.updated += 1
        else:
            summary.questions.unchanged += 1
        if progress and (number % 50 == 0 or number == total):
            progress("questions", number, total)
    for question_id, row in existing.items():
        if question_id not in seen and row.retired_at is None:
            row.retired_at = now
            summary.questions.retired += 1
