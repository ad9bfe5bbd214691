"""Reading the built-in bank from disk and loading it into the built-in deck."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from quizapp import content
from quizapp.clock import utcnow
from quizapp.library.sync import (
    BUILTIN_DECK_SLUG,
    BUILTIN_DECK_TITLE,
    SyncSummary,
    get_or_create_deck,
    sync_bank,
)


@dataclass(frozen=True)
class LoadedBank:
    bank: content.Bank
    questions: tuple[content.Question, ...]


def load_questions_dir(directory: str) -> LoadedBank:
    """Load and generate the bank in `directory`; raises content.BankError when invalid."""
    bank = content.load_bank(Path(directory))
    return LoadedBank(bank, tuple(content.generate_questions(bank)))


def sync_builtin_bank(directory: str, progress=None) -> SyncSummary:
    """Validate the bank in `directory` and load it into the built-in deck (caller commits)."""
    loaded = load_questions_dir(directory)
    deck = get_or_create_deck(BUILTIN_DECK_SLUG, BUILTIN_DECK_TITLE)
    return sync_bank(loaded.bank, loaded.questions, deck, utcnow(), progress)
