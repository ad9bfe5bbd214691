"""A teacher's cards from Anki or Quizlet as a private deck of facts.

The file becomes the CSV form of facts (content.imports) and then takes the upload's path: the
same checks, the same storing. Every refusal names the note or line it is about; nothing is
saved from a file with any problem.
"""

from __future__ import annotations

from pathlib import PurePath

from flask import current_app
from werkzeug.datastructures import FileStorage

from quizapp import content
from quizapp.content.imports import (
    ImportRefused,
    cards_to_csv,
    problems_by_card,
    read_anki_package,
    read_text_export,
)
from quizapp.library.uploads import UploadResult, store_deck
from quizapp.models import User


def import_cards(owner: User, title: str, upload: FileStorage) -> UploadResult:
    """Check the cards in `upload` and, only if every one makes a sound fact, store them."""
    filename = PurePath(upload.filename or "cards.txt").name
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    raw = upload.stream.read(limit + 1)
    if len(raw) > limit:
        return UploadResult(problems=[f"{filename}: the file is larger than {limit // (1024 * 1024)} MB"])
    try:
        if filename.lower().endswith(".apkg"):
            cards = read_anki_package(raw, filename)
        else:
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError as error:
                return UploadResult(
                    problems=[f"{filename}: the file is not UTF-8 text (byte {error.start + 1})"]
                )
            cards = read_text_export(text, filename, title.strip())
        facts_csv, lines = cards_to_csv(cards, filename)
    except ImportRefused as refused:
        return UploadResult(problems=refused.problems)
    try:
        bank = content.load_bank_from_text(f"{PurePath(filename).stem}.csv", facts_csv)
        questions = content.generate_questions(bank)
    except content.BankError as error:
        return UploadResult(problems=problems_by_card(error.problems, lines))
    return store_deck(owner, title, bank, questions)
