"""The built-in bank's live facts, sections and questions, kept in each worker's memory between requests.

The bank changes only through a sync, which bumps its decks' `version`; each request reads that
one small row set (once per request) and reads the bank again only when it moved, so every worker
sees a sync at its next request (DESIGN.md) without reading 180 facts and their questions per page.
The cache belongs to the app, so two apps on two databases (tests) never share one. A snapshot is
built whole and then swapped in, so the threads of a worker never see half of one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import current_app, g, has_request_context
from sqlalchemy import select

from quizapp.bank_version import bank_version
from quizapp.extensions import db
from quizapp.models import Deck, Fact, Question, Section


@dataclass(frozen=True, slots=True)
class BankQuestion:
    """One live question of the built-in bank, as the study page asks it: `data` is the whole
    generated question (content.Question.to_dict()). Shared between requests: never change it."""

    id: str
    fact_id: str
    kind: str
    data: dict[str, Any]


@dataclass(frozen=True)
class BankSnapshot:
    """facts: (fact id, section id, when its answer changed) in article order. sections: rows
    with `id` and `title` in article order. questions: each live fact's live questions, by id.
    subjects: each live fact's subject, by id (the progress page names the hardest facts).
    prerequisites: the live facts each fact builds on (its `builds_on`), for facts that name any."""

    version: tuple[int, int]
    facts: tuple[tuple[str, str, datetime | None], ...]
    sections: tuple
    questions: Mapping[str, tuple[BankQuestion, ...]]
    subjects: Mapping[str, str]
    prerequisites: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


def _read(version: tuple[int, int]) -> BankSnapshot:
    facts = db.session.execute(
        select(Fact.id, Fact.section_id, Fact.answer_changed_at, Fact.subject, Fact.data["builds_on"])
        .join(Section, Fact.section_id == Section.id)
        .where(Fact.retired_at.is_(None), Section.deck.has(owner_id=None))
        .order_by(Section.position, Fact.paragraph, Fact.id)
    ).all()
    sections = db.session.execute(
        select(Section.id, Section.title)
        .join(Deck, Section.deck_id == Deck.id)
        .where(Deck.owner_id.is_(None))
        .order_by(Section.position)
    )
    rows = tuple((str(fact_id), str(section_id), changed) for fact_id, section_id, changed, *_rest in facts)
    subjects = {str(fact_id): subject for fact_id, _section, _changed, subject, _builds_on in facts}
    live = {fact_id for fact_id, _section, _changed in rows}
    prerequisites = {
        str(fact_id): tuple(other for other in builds_on if other in live)
        for fact_id, _section, _changed, _subject, builds_on in facts
        if isinstance(builds_on, list)
    }
    questions: dict[str, list[BankQuestion]] = {}
    for question_id, fact_id, kind, data in db.session.execute(
        select(Question.id, Question.fact_id, Question.kind, Question.data)
        .where(
            Question.retired_at.is_(None),
            Question.fact_id.in_(select(Fact.id).where(Fact.retired_at.is_(None))),
        )
        .order_by(Question.id)
    ):
        if fact_id in live:
            questions.setdefault(fact_id, []).append(BankQuestion(question_id, fact_id, kind, data))
    return BankSnapshot(
        version,
        rows,
        tuple(sections),
        {fact_id: tuple(found) for fact_id, found in questions.items()},
        subjects,
        {fact_id: named for fact_id, named in prerequisites.items() if named},
    )


def bank_snapshot() -> BankSnapshot:
    """The bank as of this request: checked against the database once per request."""
    if has_request_context() and "bank_snapshot" in g:
        return g.bank_snapshot
    version = bank_version()
    cache = current_app.extensions.setdefault("quizapp.bank_snapshot", {})
    snapshot = cache.get("current")
    if snapshot is None or snapshot.version != version:
        snapshot = _read(version)
        cache["current"] = snapshot
    if has_request_context():
        g.bank_snapshot = snapshot
    return snapshot
