"""The Anki note type, notes and package every quizapp Anki export shares (bank and learner decks).

Deck and note type ids are fixed and each note's guid is genanki.guid_for(fact id), so a later
export meets the same notes in the learner's collection; each note is dated by when its fact last
changed, because Anki's importer updates a note only from a newer one.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from quizapp.content.bank import Bank
from quizapp.content.question import Question

ANKI_DECK_ID = 1_735_211_406
ANKI_MODEL_ID = 1_735_211_407
ANKI_DECK_NAME = "Foundation models (quizapp)"
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
# Every tag we write sits under this root, so ours never mix with a learner's own tags.
ANKI_TAG_ROOT = "quizapp"


@dataclass(frozen=True)
class AnkiPackage:
    """What an Anki export wrote, in Anki's own terms: notes, and the cards made from them."""

    path: Path
    notes: int
    cards: int


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


def _dated_note_class():
    import genanki

    class DatedNote(genanki.Note):
        """A genanki note stamped with when its fact last changed, not with the package's time.

        Anki's importer (default "update if newer") replaces an existing note only when the
        incoming one's modification time is later, so this stamp is what makes a corrected fact
        reach the learner, and an unchanged one stay as it is.
        """

        def __init__(self, *, changed_at: datetime, **kwargs) -> None:
            super().__init__(**kwargs)
            self.changed_at = changed_at

        def write_to_db(self, cursor, timestamp: float, deck_id, id_gen):
            super().write_to_db(cursor, self.changed_at.timestamp(), deck_id, id_gen)

    return DatedNote


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
    changed_at: datetime,
):
    """One fact's note: its flashcard's front and back; the guid is genanki.guid_for(fact id),
    the modification time `changed_at` (when the fact last changed)."""
    import genanki

    back = f"<b>{html.escape(answer)}</b><br>{html.escape(statement)}"
    return _dated_note_class()(
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
        changed_at=changed_at,
    )


def _anki_tag(text: str) -> str:
    # Spaces separate tags in Anki and "::" nests them: neither may come from our data.
    return text.strip().replace(" ", "_").replace("::", "_")


def anki_fact_tags(section_id: str, fact_tags: Sequence[str]) -> list[str]:
    """A note's tags, namespaced: quizapp::section::<section id> and quizapp::tag::<tag>."""
    tags = [f"{ANKI_TAG_ROOT}::section::{_anki_tag(section_id)}"]
    tags += [f"{ANKI_TAG_ROOT}::tag::{_anki_tag(tag)}" for tag in fact_tags if tag.strip()]
    return tags


def anki_deck_id(slug: str) -> int:
    """A fixed Anki deck id for one of our decks (the article's is ANKI_DECK_ID), from its slug."""

    return 1_700_000_000 + int(hashlib.sha256(slug.encode("utf-8")).hexdigest()[:8], 16) % 1_000_000_000


def write_anki_package(
    notes: Sequence[Any],
    path: str | Path,
    timestamp: datetime,
    finish: Callable[[Any], None] | None = None,
    *,
    deck_id: int = ANKI_DECK_ID,
    deck_name: str = ANKI_DECK_NAME,
) -> AnkiPackage:
    """Write `notes` into our one deck as an .apkg at `path`.

    genanki's Package.write_to_file, with one addition: `finish(cursor)` may adjust the package's
    collection (its clock, presets, review log) before it is zipped. `timestamp` seeds the note
    and card ids and dates the deck and note type.
    """
    import genanki

    deck = genanki.Deck(deck_id, deck_name)
    for note in notes:
        deck.add_note(note)
    package = genanki.Package(deck)
    target = Path(path)
    with tempfile.TemporaryDirectory() as folder:
        collection = Path(folder) / "collection.anki2"
        connection = sqlite3.connect(collection)
        try:
            cursor = connection.cursor()
            package.write_to_db(
                cursor, timestamp.timestamp(), itertools.count(int(timestamp.timestamp() * 1000))
            )
            if finish is not None:
                finish(cursor)
            connection.commit()
        finally:
            connection.close()
        with zipfile.ZipFile(target, "w") as archive:
            # Fixed entry dates: the same notes make the same bytes.
            archive.writestr(
                zipfile.ZipInfo("collection.anki2", _ZIP_DATE), collection.read_bytes(), zipfile.ZIP_DEFLATED
            )
            archive.writestr(zipfile.ZipInfo("media", _ZIP_DATE), "{}")
    return AnkiPackage(target, len(notes), sum(len(note.cards) for note in notes))


def bank_to_apkg(
    bank: Bank,
    questions: Sequence[Question],
    path: str | Path,
    changed_at: Mapping[str, datetime],
    exported_at: datetime,
    *,
    deck_id: int = ANKI_DECK_ID,
    deck_name: str = ANKI_DECK_NAME,
) -> AnkiPackage:
    """Write an Anki package with one note per fact (its flashcard: front and back) to `path`.

    Deck and note type ids are fixed, each note's guid is genanki.guid_for(fact id), and each
    note is dated by `changed_at[fact id]` (when the fact last changed; `exported_at` for a fact
    not in it). Re-importing a later export with Anki's default options therefore updates exactly
    the notes whose fact changed, in place, and leaves every card's scheduling alone. Two exports
    of an unchanged bank are byte-for-byte alike. A teacher's deck passes its own `deck_id` and
    `deck_name`, so its notes land in a deck of their own.
    """
    model = anki_fact_model()
    cards = {q.fact_id: q for q in questions if q.kind == "flashcard"}
    notes = []
    for fact in bank.facts:
        card = cards.get(fact.id)
        if card is None:
            continue
        section = bank.get_section(fact.section_id)
        notes.append(
            anki_fact_note(
                model,
                fact_id=fact.id,
                prompt=card.prompt,
                answer=str(card.answer),
                statement=fact.statement,
                explanation=fact.explanation,
                section_title=section.title if section else fact.section_id,
                tags=anki_fact_tags(fact.section_id, fact.tags),
                changed_at=changed_at.get(fact.id, exported_at),
            )
        )
    newest = max((note.changed_at for note in notes), default=exported_at)
    return write_anki_package(notes, path, newest, deck_id=deck_id, deck_name=deck_name)
