"""When each fact of the bank last changed, as the database knows it, for the Anki export.

Anki updates a note on re-import only when the incoming one is newer, so the export must date
each note by its fact's real change, not by the moment of export.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.library.bank import LoadedBank
from quizapp.library.sync import fact_record
from quizapp.models import Fact, Question


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
