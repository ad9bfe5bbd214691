"""Exports of a deck (the article's bank or a teacher's upload) in every format, for the CLI and
the library pages alike.

Anki updates a note on re-import only when the incoming one is newer, so the Anki export dates
each note by when its fact really changed, as the database knows it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from quizapp import content
from quizapp.content.anki import ANKI_DECK_ID, ANKI_DECK_NAME, anki_deck_id
from quizapp.extensions import db
from quizapp.library.bank import LoadedBank
from quizapp.library.sync import fact_record
from quizapp.models import Deck, Fact, Question, Section

EXPORT_FORMATS = ("json", "gift", "moodle-xml", "apkg")


@dataclass(frozen=True)
class ExportFormat:
    """How a format is offered for download."""

    extension: str
    mimetype: str
    label: str


FORMATS = {
    "json": ExportFormat("json", "application/json", "JSON"),
    "gift": ExportFormat("gift.txt", "text/plain", "Moodle GIFT"),
    "moodle-xml": ExportFormat("moodle.xml", "application/xml", "Moodle XML"),
    "apkg": ExportFormat("apkg", "application/octet-stream", "Anki package"),
}


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def fact_change_times(loaded: LoadedBank, id_prefix: str = "") -> dict[str, datetime]:
    """fact id -> when the fact or its flashcard last changed, for facts stored exactly as loaded.

    A fact that differs from its stored row (the folder was edited but not synced) or was never
    stored is left out: the caller dates it at the export, later than any earlier export of it.
    """
    flashcards = {q.fact_id: q for q in loaded.questions if q.kind == "flashcard"}
    stored_facts = {
        row.id: row
        for row in db.session.scalars(
            select(Fact).where(Fact.id.in_([id_prefix + fact.id for fact in loaded.bank.facts]))
        )
    }
    stored_cards = {
        row.id: row
        for row in db.session.scalars(
            select(Question).where(Question.id.in_([id_prefix + q.id for q in flashcards.values()]))
        )
    }
    times: dict[str, datetime] = {}
    for fact in loaded.bank.facts:
        row = stored_facts.get(id_prefix + fact.id)
        card = flashcards.get(fact.id)
        card_row = stored_cards.get(id_prefix + card.id) if card else None
        if row is None or row.data != fact_record(fact) or row.retired_at is not None:
            continue
        if card is not None and (card_row is None or card_row.content_hash != card.content_hash()):
            continue
        moments = [_aware(row.updated_at)] + ([_aware(card_row.updated_at)] if card_row else [])
        times[fact.id] = max(moments)
    return times


@dataclass(frozen=True)
class ExportReport:
    """What an export wrote, in its format's terms, the format's name, and what it left out."""

    what: str
    label: str
    left_out: str = ""

    def sentence(self, target: str) -> str:
        """ "Wrote 180 notes (180 cards) to deck.apkg (Anki package)." """
        tail = f"; {self.left_out}" if self.left_out else ""
        return f"Wrote {self.what} to {target} ({self.label}){tail}."


def write_export(
    export_format: str,
    loaded: LoadedBank,
    path: Path,
    changed_at: Mapping[str, datetime],
    now: datetime,
    *,
    anki_deck: tuple[int, str] = (ANKI_DECK_ID, ANKI_DECK_NAME),
) -> ExportReport:
    """Write `loaded` to `path` in `export_format`; reports what was written in that format's
    terms ("180 notes (180 cards)")."""
    bank, questions = loaded.bank, loaded.questions
    if export_format == "json":
        path.write_text(content.bank_to_json(questions, bank), encoding="utf-8")
        facts = len({q.fact_id for q in questions})
        return ExportReport(f"{len(questions)} questions on {facts} facts", "JSON")
    if export_format in ("gift", "moodle-xml"):
        write = content.bank_to_gift if export_format == "gift" else content.bank_to_moodle_xml
        path.write_text(write(questions, bank), encoding="utf-8")
        written = sum(1 for q in questions if content.gift_supports(q))
        return ExportReport(
            f"{written} Moodle questions in {len(bank.sections)} categories",
            "GIFT" if export_format == "gift" else "Moodle XML",
            f"{len(questions) - written} left out (flashcards: Moodle has no self-rated card)",
        )
    if export_format == "apkg":
        deck_id, deck_name = anki_deck
        package = content.bank_to_apkg(
            bank, questions, path, changed_at, now, deck_id=deck_id, deck_name=deck_name
        )
        return ExportReport(f"{package.notes} notes ({package.cards} cards)", "Anki package")
    raise ValueError(f"unknown export format {export_format!r}; expected one of {', '.join(EXPORT_FORMATS)}")


def stored_deck(deck: Deck) -> tuple[LoadedBank, dict[str, datetime]]:
    """A deck as stored, as the exports take it: its live sections, facts and questions in
    order, and when each fact (or its flashcard) last changed."""
    sections = db.session.scalars(
        select(Section).where(Section.deck_id == deck.id).order_by(Section.position, Section.id)
    ).all()
    facts = db.session.scalars(
        select(Fact)
        .join(Section, Section.id == Fact.section_id)
        .where(Fact.deck_id == deck.id, Fact.retired_at.is_(None))
        .order_by(Section.position, Fact.paragraph, Fact.id)
    ).all()
    rows = db.session.scalars(
        select(Question)
        .where(Question.fact_id.in_([fact.id for fact in facts]), Question.retired_at.is_(None))
        .order_by(Question.id)
    ).all()
    by_fact: dict[str, list[Question]] = {}
    for row in rows:
        by_fact.setdefault(row.fact_id, []).append(row)
    questions: list[content.Question] = []
    changed: dict[str, datetime] = {}
    for fact in facts:
        fact_questions = by_fact.get(fact.id, [])
        questions += [content.Question.from_dict(row.data) for row in fact_questions]
        flashcards = [_aware(row.updated_at) for row in fact_questions if row.kind == "flashcard"]
        changed[fact.id] = max([_aware(fact.updated_at), *flashcards])
    bank = content.Bank.build(
        (content.Section(id=s.id, title=s.title, order=s.position, notes=s.notes) for s in sections),
        (
            content.Fact(
                id=fact.id,
                section_id=fact.section_id,
                kind=fact.kind,
                subject=fact.subject,
                attribute=fact.attribute,
                statement=fact.statement,
                explanation=fact.explanation,
                paragraph=fact.paragraph,
                tags=tuple((fact.data or {}).get("tags") or ()),
            )
            for fact in facts
        ),
    )
    return LoadedBank(bank, tuple(questions)), changed


def anki_deck_of(deck: Deck) -> tuple[int, str]:
    """The Anki deck a deck's notes go to: the article's fixed one, or one per teacher deck."""
    if deck.owner_id is None:
        return ANKI_DECK_ID, ANKI_DECK_NAME
    return anki_deck_id(deck.slug), f"{deck.title} (quizapp)"
