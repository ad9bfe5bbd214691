"""Teachers' own facts: validated exactly like the built-in bank, saved only when valid."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from quizapp import content
from quizapp.clock import utcnow
from quizapp.extensions import db
from quizapp.library.forms import MAX_UPLOAD_BYTES
from quizapp.library.sync import SyncSummary, get_or_create_deck, sync_bank
from quizapp.models import Deck, User


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


def upload_deck(owner: User, title: str, upload: FileStorage) -> UploadResult:
    """Validate the uploaded facts and, only if there is no problem, store them as a new deck."""
    filename = upload.filename or "upload.yaml"
    text, problem = read_upload(upload)
    if problem:
        return UploadResult(problems=[f"{filename}: {problem}"])
    try:
        bank = content.load_bank_from_text(filename, text)
        questions = content.generate_questions(bank)
    except content.BankError as error:
        return UploadResult(problems=[str(p) for p in error.problems])
    return store_deck(owner, title, bank, questions)


def store_deck(owner: User, title: str, bank: content.Bank, questions) -> UploadResult:
    """Store a checked bank as a new private deck of `owner` (the caller commits)."""
    deck = get_or_create_deck(f"u{owner.id}-{secrets.token_hex(4)}", title.strip(), owner.id)
    summary = sync_bank(bank, questions, deck, utcnow(), id_prefix=f"d{deck.id}~")
    return UploadResult(deck=deck, summary=summary)


def decks_of(owner: User) -> list[Deck]:
    return list(
        db.session.scalars(select(Deck).where(Deck.owner_id == owner.id).order_by(Deck.created_at, Deck.id))
    )
