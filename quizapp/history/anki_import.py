"""A learner's Anki review history brought into quizapp, for the facts their Anki notes came from.

A note matches a fact when its guid is the one quizapp's exports give that fact
(genanki.guid_for(fact id)), so decks exported from quizapp come back. Each matched answer is
replayed, oldest first, through the same path as an answer given here (source "anki"), so the
memory state each fact ends with is the one FSRS computes from the learner's whole Anki history.
Facts the learner has already answered here are left alone: their history here is theirs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import genanki
from sqlalchemy import select

from quizapp.answering.record import Answer, record_answer
from quizapp.content.imports import AnkiAnswer
from quizapp.extensions import db
from quizapp.library.visibility import visible_deck_ids
from quizapp.models import Card, Fact, Question, User

ANKI_SOURCE = "anki"


@dataclass(frozen=True)
class HistoryImport:
    """What an import did: answers and facts taken, and what it left out and why."""

    answers: int
    facts: int
    unmatched_notes: int
    already_studied: int
    future_answers: int

    def sentences(self) -> list[str]:
        """What happened, for the learner."""
        said = [f"Imported {self.answers} answers on {self.facts} facts from Anki."]
        if self.already_studied:
            said.append(
                f"{self.already_studied} facts you have already answered here kept their history here."
            )
        if self.unmatched_notes:
            said.append(f"{self.unmatched_notes} notes did not come from quizapp and were left out.")
        if self.future_answers:
            said.append(f"{self.future_answers} answers dated in the future were left out.")
        return said


class NothingToImport(ValueError):
    """No note of the file matches a fact the learner can study."""


def import_anki_answers(
    user: User, note_guids: list[str], answers: list[AnkiAnswer], now: datetime
) -> HistoryImport:
    """Replay the answers whose note matches a fact `user` may study (the caller commits)."""
    fact_ids = db.session.scalars(
        select(Fact.id).where(Fact.deck_id.in_(visible_deck_ids(user)), Fact.retired_at.is_(None))
    ).all()
    by_guid = {genanki.guid_for(fact_id): fact_id for fact_id in fact_ids}
    matching_notes = {guid for guid in note_guids if guid in by_guid}
    if not matching_notes:
        raise NothingToImport(
            f"none of its {len(note_guids)} notes match quizapp's facts: only notes from decks exported"
            " by quizapp (the library's Anki export or your deck with its schedule) can be matched"
        )
    matched = {answer.guid for answer in answers if answer.guid in by_guid}
    studied = set(
        db.session.scalars(
            select(Card.fact_id).where(
                Card.user_id == user.id, Card.fact_id.in_([by_guid[guid] for guid in matched])
            )
        )
    )
    flashcards: dict[str, Question] = {}
    for question in db.session.scalars(
        select(Question)
        .where(
            Question.fact_id.in_([by_guid[guid] for guid in matched]),
            Question.kind == "flashcard",
            Question.retired_at.is_(None),
        )
        .order_by(Question.id)
    ):
        flashcards.setdefault(question.fact_id, question)
    taken, facts, future = 0, set(), 0
    for answer in answers:
        fact_id = by_guid.get(answer.guid)
        if fact_id is None or fact_id in studied or fact_id not in flashcards:
            continue
        if answer.reviewed_at > now:
            future += 1
            continue
        key = f"{ANKI_SOURCE}:{answer.guid}:{int(answer.reviewed_at.timestamp() * 1000)}"
        given = Answer(flashcards[fact_id], answer.rating, None, "", "", answer.seconds, key, ANKI_SOURCE)
        record_answer(user, given, answer.reviewed_at)
        taken += 1
        facts.add(fact_id)
    return HistoryImport(
        answers=taken,
        facts=len(facts),
        unmatched_notes=len(note_guids) - len(matching_notes),
        already_studied=len(studied),
        future_answers=future,
    )
