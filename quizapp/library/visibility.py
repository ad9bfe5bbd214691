"""Who may see which deck, and so its sections, facts and questions: the one rule every route uses.

The article's deck (no owner) is public; a teacher's upload belongs to that teacher, the teachers
they share it with (read-only) and the admins, once it is complete (an upload still being written is
nobody's yet) and until it is deleted. A quiz carries its questions: whoever a route lets take a quiz
(a learner of the class, a live player) may see and answer the questions in it, and nothing else of
the deck. Anything that takes a deck, section, fact or question id from a URL or a form looks the row
up here, so a private id from someone else is "not found" exactly like an id that never existed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, bindparam, or_, select, true
from sqlalchemy.orm import contains_eager
from werkzeug.exceptions import NotFound

from quizapp.extensions import db
from quizapp.models import Deck, DeckShare, Fact, Question, Section


def can_see_deck(user: Any, deck: Deck) -> bool:
    """True when `user` (signed in or not) may see `deck` and everything in it."""
    if not deck.complete or deck.deleted_at is not None:
        return False
    if deck.owner_id is None:
        return True
    if not user.is_authenticated:
        return False
    if user.id == deck.owner_id or user.is_admin:
        return True
    return bool(user.is_teacher) and _shared_with(deck.id, user.id)


def _shared_with(deck_id: int, user_id: int) -> bool:
    return (
        db.session.scalar(
            select(DeckShare.id).where(DeckShare.deck_id == deck_id, DeckShare.teacher_id == user_id)
        )
        is not None
    )


def can_edit_deck(user: Any, deck: Deck) -> bool:
    """True when `user` may change `deck`'s facts: its owner alone. The article's deck is the
    repository's fact base (edited in its files), and a deck shared with others is read-only
    for them: they see it, and copy it to change it. Sharing and deleting it are the owner's too."""
    return (
        deck.complete
        and deck.deleted_at is None
        and deck.owner_id is not None
        and bool(user.is_authenticated)
        and user.id == deck.owner_id
    )


class NotVisible(NotFound):
    """Raised where a private row reached code that must not use it: answered as a plain 404."""


def can_see_question(user: Any | None, question: Question, quiz_question_ids: Iterable[str] = ()) -> bool:
    """`can_see_deck` for a question already loaded; `user` None is someone without an account.

    `quiz_question_ids` are the questions of the quiz (attempt or live game) the route has let
    `user` take: those are visible to them whatever deck they come from.
    """
    if question.id in quiz_question_ids:
        return True
    deck = db.session.get(Deck, question.fact.deck_id)
    if deck is None:
        return False
    if user is None:
        return deck.complete and deck.deleted_at is None and deck.owner_id is None
    return can_see_deck(user, deck)


def visible_deck_condition(user: Any) -> ColumnElement[bool]:
    """The same rule as `can_see_deck`, as a condition on `Deck` for queries."""
    if not user.is_authenticated:
        return _public_decks()
    if user.is_admin:
        return _shown_decks()
    return _member_decks(user.id, user.id if user.is_teacher else None)


def _shown_decks() -> ColumnElement[bool]:
    return and_(Deck.complete, Deck.deleted_at.is_(None))


def _public_decks() -> ColumnElement[bool]:
    return and_(_shown_decks(), Deck.owner_id.is_(None))


def _member_decks(owner_id: Any, sharer_id: Any) -> ColumnElement[bool]:
    """A signed-in non-admin's decks: the article's, their own, and (a teacher's: `sharer_id`, None
    for a learner) those shared with them. Values or bind parameters."""
    shared = select(DeckShare.deck_id).where(DeckShare.teacher_id == sharer_id)
    return and_(_shown_decks(), or_(Deck.owner_id.is_(None), Deck.owner_id == owner_id, Deck.id.in_(shared)))


def quiz_decks(user: Any) -> list[Deck]:
    """The teachers' decks `user` may put in quizzes: their own and those shared with them (for an
    admin, every one), by title."""
    return list(
        db.session.scalars(
            select(Deck)
            .where(visible_deck_condition(user), Deck.owner_id.is_not(None))
            .order_by(Deck.title, Deck.id)
        )
    )


def visible_deck_ids(user: Any) -> Select[tuple[int]]:
    """A subquery of the ids of the decks `user` may see: filter with `X.deck_id.in_(...)`."""
    return select(Deck.id).where(visible_deck_condition(user))


def visible_deck(user: Any, deck_id: int) -> Deck | None:
    deck = db.session.get(Deck, deck_id)
    return deck if deck is not None and can_see_deck(user, deck) else None


def visible_section(user: Any, section_id: str) -> Section | None:
    section = db.session.get(Section, section_id)
    return section if section is not None and can_see_deck(user, section.deck) else None


def visible_section_ids(user: Any, section_ids: Iterable[str]) -> set[str]:
    """Which of `section_ids` exist and `user` may see (unknown and private ones are dropped)."""
    wanted = list(section_ids)
    if not wanted:
        return set()
    return set(
        db.session.scalars(
            select(Section.id).where(Section.id.in_(wanted), Section.deck_id.in_(visible_deck_ids(user)))
        )
    )


def visible_fact(user: Any, fact_id: str, *options: Any) -> Fact | None:
    return db.session.scalar(
        select(Fact).where(Fact.id == fact_id, Fact.deck_id.in_(visible_deck_ids(user))).options(*options)
    )


def visible_question(
    user: Any, question_id: str, *options: Any, quiz_question_ids: Iterable[str] = ()
) -> Question | None:
    """The question if it exists and `user` may see its deck, in one query; `options` load more.
    `quiz_question_ids`: the questions of a quiz the route lets `user` take, visible whatever deck."""
    if not question_id:
        return None
    seen = Fact.deck_id.in_(visible_deck_ids(user))
    if question_id in quiz_question_ids:
        seen = true()
    return db.session.scalar(
        select(Question)
        .join(Fact, Question.fact_id == Fact.id)
        .where(Question.id == question_id, seen)
        .options(*options)
    )


def _answerable(condition: ColumnElement[bool]) -> Select:
    return (
        select(Question)
        .join(Fact, Question.fact_id == Fact.id)
        .join(Deck, Fact.deck_id == Deck.id)
        .where(Question.id == bindparam("question_id"), condition)
        .options(
            contains_eager(Question.fact).contains_eager(Fact.deck),
            contains_eager(Question.fact).lazyload(Fact.questions),
            contains_eager(Question.fact).lazyload(Fact.section),
        )
    )


# `visible_deck_condition` for each kind of user, built once: an answer looks its question up on
# every submission, and building the statement cost more than running it.
_ANSWERABLE = {
    "anonymous": _answerable(_public_decks()),
    "admin": _answerable(_shown_decks()),
    "member": _answerable(_member_decks(bindparam("owner_id"), bindparam("sharer_id"))),
}


def question_to_answer(user: Any, question_id: str) -> Question | None:
    """`visible_question` with the question's fact (without its sibling questions and section) and
    its deck, which taking the answer reads, in the same query: `can_see_question` then finds the
    deck in the session (held by `fact.deck`) instead of asking the database again."""
    if not question_id:
        return None
    if not user.is_authenticated:
        statement, parameters = _ANSWERABLE["anonymous"], {"question_id": question_id}
    elif user.is_admin:
        statement, parameters = _ANSWERABLE["admin"], {"question_id": question_id}
    else:
        statement = _ANSWERABLE["member"]
        sharer = user.id if user.is_teacher else None
        parameters = {"question_id": question_id, "owner_id": user.id, "sharer_id": sharer}
    return db.session.scalars(statement, parameters).first()
