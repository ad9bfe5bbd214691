"""What the library pages show, one function per page, each a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from quizapp.extensions import db
from quizapp.library.sync import BUILTIN_DECK_SLUG
from quizapp.models import Deck, Fact, Question, Section

KIND_LABELS = {
    "flashcard": "Flashcard",
    "multiple_choice": "Multiple choice",
    "true_false": "True or false",
    "typed": "Typed answer",
    "numeric": "Number or year",
    "ordering": "Put in order",
    "matching": "Matching",
    "multi_select": "Choose all that apply",
    "comparison": "Comparison",
}


@dataclass(frozen=True)
class SectionSummary:
    section: Section
    fact_count: int
    question_count: int


def builtin_deck() -> Deck | None:
    return db.session.scalar(select(Deck).where(Deck.slug == BUILTIN_DECK_SLUG))


def library_sections(deck: Deck) -> list[SectionSummary]:
    """Sections in article order with how many live facts and questions each has."""
    fact_counts = dict(
        db.session.execute(
            select(Fact.section_id, func.count(Fact.id))
            .where(Fact.deck_id == deck.id, Fact.retired_at.is_(None))
            .group_by(Fact.section_id)
        ).all()
    )
    question_counts = dict(
        db.session.execute(
            select(Fact.section_id, func.count(Question.id))
            .join(Question.fact)
            .where(Fact.deck_id == deck.id, Question.retired_at.is_(None), Fact.retired_at.is_(None))
            .group_by(Fact.section_id)
        ).all()
    )
    sections = db.session.scalars(
        select(Section).where(Section.deck_id == deck.id).order_by(Section.position)
    )
    return [
        SectionSummary(s, fact_counts.get(s.id, 0), question_counts.get(s.id, 0))
        for s in sections
        if fact_counts.get(s.id, 0)
    ]


def section_with_facts(section_id: str) -> tuple[Section, list[Fact]] | None:
    section = db.session.get(Section, section_id)
    if section is None:
        return None
    facts = list(
        db.session.scalars(
            select(Fact)
            .where(Fact.section_id == section_id, Fact.retired_at.is_(None))
            .order_by(Fact.paragraph, Fact.id)
            .options(selectinload(Fact.questions))
        )
    )
    return section, facts


def fact_with_questions(fact_id: str) -> Fact | None:
    return db.session.scalar(select(Fact).where(Fact.id == fact_id).options(selectinload(Fact.questions)))


def live_questions(fact: Fact) -> list[Question]:
    return [q for q in fact.questions if q.retired_at is None]


def deck_facts(deck: Deck) -> list[Fact]:
    """A deck's live facts in the order its pages list them (section, paragraph, id)."""
    return list(
        db.session.scalars(
            select(Fact)
            .join(Section, Section.id == Fact.section_id)
            .where(Fact.deck_id == deck.id, Fact.retired_at.is_(None))
            .order_by(Section.position, Fact.paragraph, Fact.id)
        )
    )


@dataclass(frozen=True)
class Prerequisite:
    """A fact the shown fact builds on (its `builds_on`), and whether the learner forgot it."""

    fact_id: str
    subject: str
    forgotten: bool


def prerequisites_for(fact: Fact, user, now, settings) -> list[Prerequisite]:
    """The facts `fact` builds on, in the order it names them, each marked forgotten when the
    signed-in learner has lapsed on it or is likely to have forgotten it (srs.prerequisites).
    Two queries at most, none for a fact that builds on nothing."""
    from quizapp import srs
    from quizapp.models import Card

    data = fact.data or {}
    # A teacher's deck stores its facts under the deck's prefix but writes builds_on as written.
    prefix = (
        fact.id.removesuffix(str(data.get("id", ""))) if fact.id.endswith(str(data.get("id", ""))) else ""
    )
    named = [prefix + str(other) for other in data.get("builds_on", [])]
    if not named:
        return []
    subjects = dict(db.session.execute(select(Fact.id, Fact.subject).where(Fact.id.in_(named))).all())
    memories: dict[str, dict] = {}
    if user is not None and user.is_authenticated:
        memories = dict(
            db.session.execute(
                select(Card.fact_id, Card.memory).where(Card.user_id == user.id, Card.fact_id.in_(named))
            ).all()
        )
    return [
        Prerequisite(
            other,
            subjects[other],
            other in memories
            and srs.prerequisites.is_forgotten(srs.MemoryState.from_dict(memories[other]), now, settings),
        )
        for other in named
        if other in subjects
    ]


def sections_of_decks(decks: list[Deck]) -> list[tuple[Deck, list[Section]]]:
    """Each deck with its sections in order (one query), for pickers."""
    by_deck: dict[int, list[Section]] = {deck.id: [] for deck in decks}
    if decks:
        for row in db.session.scalars(
            select(Section).where(Section.deck_id.in_(list(by_deck))).order_by(Section.position, Section.id)
        ):
            by_deck[row.deck_id].append(row)
    return [(deck, by_deck[deck.id]) for deck in decks]
