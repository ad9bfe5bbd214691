"""Search the learner's visible bank: facts and the questions made from them, by words.

Every word must appear (any case) in the fact's subject, statement or explanation, or in the prompt
of one of its live questions; results come grouped by fact, in deck and article order. What a learner
may see is the one rule of library.visibility.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import exists, func, or_, select

from quizapp.extensions import db
from quizapp.library.visibility import visible_deck_ids
from quizapp.models import Deck, Fact, Question, Section

MAX_QUERY_LENGTH = 100
MAX_WORDS = 8
MAX_RESULTS = 50
PROMPTS_SHOWN = 3


class SearchRefused(ValueError):
    """The search text can't be used as it is; the message says why."""


def search_words(text: str) -> list[str]:
    """The words to look for, lower-cased and without repeats; SearchRefused when there are too many.

    Control characters separate words: no text in the bank holds one, and PostgreSQL refuses a NUL in
    a query parameter outright."""
    text = "".join(" " if ord(ch) < 32 or ord(ch) == 127 else ch for ch in (text or "")).strip()
    if len(text) > MAX_QUERY_LENGTH:
        raise SearchRefused(f"Search for at most {MAX_QUERY_LENGTH} characters.")
    words = list(dict.fromkeys(word.lower() for word in text.split()))
    if len(words) > MAX_WORDS:
        raise SearchRefused(f"Search for at most {MAX_WORDS} words.")
    return words


@dataclass
class FactHit:
    """One fact found, with the prompts of its questions that match (up to PROMPTS_SHOWN)."""

    fact: Fact
    section: Section
    deck: Deck
    prompts: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SearchResults:
    words: list[str]
    hits: list[FactHit]
    more: bool  # more than MAX_RESULTS facts matched


def _contains(column: Any, word: str):
    return func.lower(column).contains(word, autoescape=True)


def search_bank(user: Any, text: str) -> SearchResults:
    """Facts of decks `user` may see whose text or questions hold every word, in two queries."""
    words = search_words(text)
    if not words:
        return SearchResults([], [], False)
    live_question = (Question.fact_id == Fact.id) & Question.retired_at.is_(None)
    conditions = [
        or_(
            _contains(Fact.subject, word),
            _contains(Fact.statement, word),
            _contains(Fact.explanation, word),
            exists().where(live_question, _contains(Question.prompt, word)),
        )
        for word in words
    ]
    rows = db.session.execute(
        select(Fact, Section, Deck)
        .join(Section, Fact.section_id == Section.id)
        .join(Deck, Fact.deck_id == Deck.id)
        .where(Fact.retired_at.is_(None), Fact.deck_id.in_(visible_deck_ids(user)), *conditions)
        .order_by(Deck.owner_id.is_not(None), Deck.id, Section.position, Fact.paragraph, Fact.id)
        .limit(MAX_RESULTS + 1)
    ).all()
    hits = {fact.id: FactHit(fact, section, deck) for fact, section, deck in rows[:MAX_RESULTS]}
    if hits:
        prompts = db.session.execute(
            select(Question.fact_id, Question.prompt)
            .where(
                Question.fact_id.in_(list(hits)),
                Question.retired_at.is_(None),
                or_(*(_contains(Question.prompt, word) for word in words)),
            )
            .order_by(Question.id)
        )
        for fact_id, prompt in prompts:
            shown = hits[fact_id].prompts
            if len(shown) < PROMPTS_SHOWN and prompt not in shown:
                shown.append(prompt)
    return SearchResults(words, list(hits.values()), len(rows) > MAX_RESULTS)
