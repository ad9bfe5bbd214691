"""Teachers' decks shared read-only with other teachers, unshared and deleted.

What a share gives is decided in library.visibility (the one rule). Unsharing or deleting never
touches a quiz: a quiz carries the questions it already holds, so its learners can still take it
and its results keep their meaning; only new quizzes and hand-picks can no longer draw from the deck.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select

from quizapp.extensions import db
from quizapp.models import Deck, DeckShare, User
from quizapp.sharing import add_share, remove_share


def share_deck(deck: Deck, teacher: User, now: datetime) -> bool:
    return add_share(DeckShare, deck.id, teacher, now)


def unshare_deck(deck: Deck, share_id: int) -> DeckShare | None:
    removed = remove_share(DeckShare, deck.id, share_id)
    return removed if isinstance(removed, DeckShare) else None


def shares_of(deck: Deck) -> list[DeckShare]:
    return list(
        db.session.scalars(
            select(DeckShare).where(DeckShare.deck_id == deck.id).order_by(DeckShare.shared_at)
        )
    )


def decks_shared_with(user: User) -> list[Deck]:
    """Decks other teachers share with `user`, still there, by title."""
    return list(
        db.session.scalars(
            select(Deck)
            .join(DeckShare, DeckShare.deck_id == Deck.id)
            .where(DeckShare.teacher_id == user.id, Deck.complete, Deck.deleted_at.is_(None))
            .order_by(Deck.title, Deck.id)
        )
    )


def delete_deck(deck: Deck, now: datetime) -> None:
    """Hide `deck` from everyone and end its shares; its rows stay for the quizzes holding them."""
    deck.deleted_at = now
    db.session.execute(delete(DeckShare).where(DeckShare.deck_id == deck.id))
    db.session.flush()
