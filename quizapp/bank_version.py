"""The built-in bank's version: every sync bumps its decks' `version`, and each worker's copy of
the bank (study/bank_cache.py) and each kept page (learner_pages.py) is checked against it once per
request."""

from __future__ import annotations

from flask import g, has_request_context
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Deck

# Built once: a statement object keeps its cache key, so running it again costs only the SQL.
_VERSION = select(func.coalesce(func.sum(Deck.version), 0), func.count()).where(Deck.owner_id.is_(None))
VERSION_COLUMNS = (
    select(func.coalesce(func.sum(Deck.version), 0)).where(Deck.owner_id.is_(None)).scalar_subquery(),
    select(func.count()).where(Deck.owner_id.is_(None)).scalar_subquery(),
)
"""The version as two columns another statement can carry: the signed-in user's row is read at
the start of every request anyway (auth.access), and reading the version with it saves the check
a round trip of its own."""


def note_version(total: int, decks: int) -> None:
    """The version read alongside another statement (VERSION_COLUMNS), for this request."""
    if has_request_context():
        g.bank_version = (int(total), int(decks))


def bank_version() -> tuple[int, int]:
    """(sum of the built-in decks' versions, how many there are): noted with the user's row, or read."""
    noted = g.get("bank_version") if has_request_context() else None
    if noted is not None:
        return noted
    total, decks = db.session.connection().execute(_VERSION).one()
    return int(total), int(decks)
