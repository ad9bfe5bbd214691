"""Teachers' own facts: validated exactly like the built-in bank, saved only when valid."""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass, field
from datetime import timedelta

from flask import current_app, g
from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.datastructures import FileStorage

from quizapp import content
from quizapp.clock import utcnow
from quizapp.database import checkpoint_wal, first_line
from quizapp.extensions import db
from quizapp.library.forms import MAX_UPLOAD_BYTES
from quizapp.library.sync import SyncSummary, deck_prefix, fact_values, question_values, section_values
from quizapp.models import Deck, Fact, Question, Section, User


@dataclass
class UploadResult:
    deck: Deck | None = None
    summary: SyncSummary | None = None
    problems: list[str] = field(default_factory=list)


def read_upload(upload: FileStorage) -> tuple[str, str | None]:
    """Return (text, problem): the file as UTF-8 text, or why it can't be read."""
    raw = upload.stream.read(MAX_UPLOAD_BYTES + 1)
    if len(raw) > MAX_UPLOAD_BYTES:
        return "", f"The file is larger than {MAX_UPLOAD_BYTES // 1024} KB."
    if b"\x00" in raw:
        return "", "That is not a text file."
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        return "", f"The file is not UTF-8 text (byte {error.start + 1})."


# Rows per write transaction: each holds SQLite's write lock for a few tens of milliseconds, so
# answers given meanwhile wait that long at most, not for the whole upload. Between two, the
# upload steps aside long enough for a waiting writer to notice the lock is free (SQLite's busy
# handler polls after 1, 3, 8, 18, 33, 53 ms ...), or it would take the lock straight back.
ROWS_PER_TRANSACTION = 500
PAUSE_BETWEEN_TRANSACTIONS = 0.06
# An incomplete deck this old belongs to an upload that died (its worker killed): removed.
ABANDONED_AFTER = timedelta(hours=1)


def upload_deck(owner: User, title: str, upload: FileStorage) -> UploadResult:
    """Validate the uploaded facts and, only if there is no problem, store them as a new deck.

    Reading, parsing and generating questions happen outside any transaction (the route starts
    without the write lock: database.reads_before_writing), then `store_deck` writes.
    """
    filename = upload.filename or "upload.yaml"
    text, problem = read_upload(upload)
    if problem:
        return UploadResult(problems=[f"{filename}: {problem}"])
    db.session.commit()  # ends the request's read transaction: nothing is held while parsing
    try:
        bank = content.load_bank_from_text(filename, text)
        questions = content.generate_questions(bank)
    except content.BankError as error:
        return UploadResult(problems=[str(p) for p in error.problems])
    return store_deck(owner, title, bank, questions)


def store_deck(
    owner: User, title: str, bank: content.Bank, questions: list[content.Question]
) -> UploadResult:
    """Store a checked bank as a new private deck of `owner`, in short transactions (it commits).

    The rows are written under a deck marked incomplete, which nobody sees until the last one;
    if writing fails, what was written is removed; if the process dies, the next upload removes it.
    """
    owner_id = owner.id
    db.session.commit()  # ends the request's read transaction before the writes
    g.write_transaction = True
    deck_id = _start_deck(owner_id, title.strip())
    try:
        summary = _write_rows(deck_id, bank, questions)
        db.session.execute(update(Deck).where(Deck.id == deck_id).values(complete=True))
        db.session.commit()
    except SQLAlchemyError as error:
        current_app.logger.exception("upload of deck %s failed while writing", deck_id)
        db.session.rollback()
        try:
            _remove_deck(deck_id)
        except SQLAlchemyError:  # still incomplete, so invisible; the next upload removes it
            db.session.rollback()
        return UploadResult(
            problems=[f"The deck could not be saved ({first_line(error)}); nothing of it was kept."]
        )
    return UploadResult(deck=db.session.get(Deck, deck_id), summary=summary)


def _start_deck(owner_id: int, title: str) -> int:
    """The new, incomplete deck's id (a plain number: reading it from the row after the commit
    would start a transaction that holds the write lock while the rows are built)."""
    abandoned = db.session.scalars(
        select(Deck.id).where(
            Deck.owner_id == owner_id, Deck.complete.is_(False), Deck.created_at < utcnow() - ABANDONED_AFTER
        )
    ).all()
    for deck_id in abandoned:
        _remove_deck(deck_id)
    deck = Deck(slug=f"u{owner_id}-{secrets.token_hex(4)}", title=title, owner_id=owner_id, complete=False)
    db.session.add(deck)
    db.session.flush()
    deck_id = deck.id
    db.session.commit()
    return deck_id


def _write_rows(deck_id: int, bank: content.Bank, questions: list[content.Question]) -> SyncSummary:
    """Insert the deck's sections, facts and questions, a few hundred rows per transaction."""
    prefix, now = deck_prefix(deck_id), utcnow()
    sections = [
        {"id": prefix + section.id, "deck_id": deck_id, **section_values(section)}
        for section in bank.sections
    ]
    facts = [
        {"id": prefix + fact.id, "deck_id": deck_id, "updated_at": now, **fact_values(fact, prefix)}
        for fact in bank.facts
    ]
    rows = [{"id": prefix + q.id, "updated_at": now, **question_values(q, prefix)} for q in questions]
    for model, batch in (
        *((Section, part) for part in _parts(sections)),
        *((Fact, part) for part in _parts(facts)),
        *((Question, part) for part in _parts(rows)),
    ):
        db.session.execute(insert(model), batch)
        db.session.commit()
        checkpoint_wal()
        time.sleep(PAUSE_BETWEEN_TRANSACTIONS)
    summary = SyncSummary()
    summary.sections.added, summary.facts.added, summary.questions.added = (
        len(sections),
        len(facts),
        len(rows),
    )
    return summary


def _parts(rows: list[dict]) -> list[list[dict]]:
    return [rows[start : start + ROWS_PER_TRANSACTION] for start in range(0, len(rows), ROWS_PER_TRANSACTION)]


def _remove_deck(deck_id: int) -> None:
    """Delete a deck that never became complete, with every row written for it (one transaction)."""
    facts = select(Fact.id).where(Fact.deck_id == deck_id)
    db.session.execute(delete(Question).where(Question.fact_id.in_(facts)))
    db.session.execute(delete(Fact).where(Fact.deck_id == deck_id))
    db.session.execute(delete(Section).where(Section.deck_id == deck_id))
    db.session.execute(delete(Deck).where(Deck.id == deck_id))
    db.session.commit()


def decks_of(owner: User) -> list[Deck]:
    return list(
        db.session.scalars(
            select(Deck)
            .where(Deck.owner_id == owner.id, Deck.complete, Deck.deleted_at.is_(None))
            .order_by(Deck.created_at, Deck.id)
        )
    )


def copy_deck(source: Deck, owner: User, title: str) -> UploadResult:
    """A new deck of `owner` holding the live sections, facts and questions of `source`, as they
    are now: theirs to change, with no tie to the original (copy to edit). Commits, in parts."""
    old, source_id = f"d{source.id}~", source.id
    sections = [
        _row_values(row, Section)
        for row in db.session.scalars(select(Section).where(Section.deck_id == source_id))
    ]
    facts = [
        _row_values(row, Fact)
        for row in db.session.scalars(
            select(Fact).where(Fact.deck_id == source_id, Fact.retired_at.is_(None))
        )
    ]
    live_fact_ids = [fact["id"] for fact in facts]
    questions = [
        _row_values(row, Question)
        for row in db.session.scalars(
            select(Question).where(Question.fact_id.in_(live_fact_ids), Question.retired_at.is_(None))
        )
    ]
    owner_id = owner.id
    db.session.commit()
    g.write_transaction = True
    deck_id = _start_deck(owner_id, title.strip())
    new = f"d{deck_id}~"

    def moved(value: str) -> str:
        return new + value.removeprefix(old)

    now = utcnow()
    for section in sections:
        section.update(id=moved(section["id"]), deck_id=deck_id)
    for fact in facts:
        fact.update(
            id=moved(fact["id"]), deck_id=deck_id, section_id=moved(fact["section_id"]), updated_at=now
        )
        fact.update(answer_changed_at=None)
    for question in questions:
        data = dict(question["data"])
        data.update(
            id=moved(data["id"]), fact_id=moved(data["fact_id"]), section_id=moved(data["section_id"])
        )
        question.update(
            id=moved(question["id"]), fact_id=moved(question["fact_id"]), data=data, updated_at=now
        )
    try:
        for model, batch in (
            *((Section, part) for part in _parts(sections)),
            *((Fact, part) for part in _parts(facts)),
            *((Question, part) for part in _parts(questions)),
        ):
            db.session.execute(insert(model), batch)
            db.session.commit()
        db.session.execute(update(Deck).where(Deck.id == deck_id).values(complete=True))
        db.session.commit()
    except SQLAlchemyError as error:
        current_app.logger.exception("copy of deck %s failed while writing", source_id)
        db.session.rollback()
        try:
            _remove_deck(deck_id)
        except SQLAlchemyError:
            db.session.rollback()
        return UploadResult(
            problems=[f"The copy could not be saved ({first_line(error)}); nothing of it was kept."]
        )
    summary = SyncSummary()
    summary.sections.added, summary.facts.added, summary.questions.added = (
        len(sections),
        len(facts),
        len(questions),
    )
    return UploadResult(deck=db.session.get(Deck, deck_id), summary=summary)


def _row_values(row, model) -> dict:
    """A row's column values by column name, ready to insert elsewhere."""
    return {column.key: getattr(row, column.key) for column in model.__table__.columns}
