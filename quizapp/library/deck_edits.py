"""A teacher's deck changed one fact at a time from the browser's editor.

The deck's stored facts are read back through the upload's reader, the edited fact is checked
beside them with the upload's rules (content.drafts), and a sound deck is written by the same sync
a re-upload uses: facts and questions upserted by id, a changed answer marked to be relearned, a
removed fact retired (its answers stay readable). Nothing here commits; the route does, once.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass, replace

from sqlalchemy import select

from quizapp import content
from quizapp.clock import utcnow
from quizapp.content.drafts import DraftCheck, check_draft, draft_fields, new_fact_id, read_deck
from quizapp.extensions import db
from quizapp.library.sync import SyncSummary, deck_prefix, sync_bank
from quizapp.models import Deck, Fact, Section, User

FIRST_SECTION_ID = "facts"


@dataclass(frozen=True)
class StoredDeck:
    """A deck as the editor works on it: its live facts as a bank (ids without the deck's prefix),
    the problems its stored facts have under today's rules, and every fact id it ever used."""

    deck: Deck
    bank: content.Bank
    problems: tuple[str, ...]
    used_ids: frozenset[str]

    @property
    def prefix(self) -> str:
        return deck_prefix(self.deck.id)


def create_deck(owner: User, title: str) -> Deck:
    """A new empty deck of `owner` with one section (titled like the deck) to add facts to."""
    deck = Deck(slug=f"u{owner.id}-{secrets.token_hex(4)}", title=title.strip(), owner_id=owner.id)
    db.session.add(deck)
    db.session.flush()
    db.session.add(
        Section(
            id=deck_prefix(deck.id) + FIRST_SECTION_ID,
            deck_id=deck.id,
            title=deck.title,
            position=1,
            notes="",
        )
    )
    db.session.flush()
    return deck


def stored_deck(deck: Deck, *, for_update: bool = False) -> StoredDeck:
    """The deck's sections and live facts in order (section, paragraph, id), read back as facts.

    `for_update` first locks the deck's row (PostgreSQL; SQLite's writes are one at a time anyway),
    so two saves of one deck in two tabs take turns: the later one reads what the first wrote and
    cannot put an older version of its facts back.
    """
    if for_update:
        db.session.execute(select(Deck.id).where(Deck.id == deck.id).with_for_update())
    prefix = deck_prefix(deck.id)
    sections = db.session.scalars(
        select(Section).where(Section.deck_id == deck.id).order_by(Section.position, Section.id)
    ).all()
    rows = db.session.scalars(select(Fact).where(Fact.deck_id == deck.id)).all()
    position = {section.id: index for index, section in enumerate(sections)}
    live = sorted(
        (row for row in rows if row.retired_at is None),
        key=lambda row: (position.get(row.section_id, len(position)), row.paragraph, row.id),
    )
    bank, problems = read_deck(
        (
            content.Section(id=s.id.removeprefix(prefix), title=s.title, order=s.position, notes=s.notes)
            for s in sections
        ),
        (row.data for row in live),
    )
    return StoredDeck(deck, bank, tuple(problems), frozenset(row.id.removeprefix(prefix) for row in rows))


def copied_fields(row: Fact) -> dict[str, str] | None:
    """The editor's fields of a stored fact from any deck (the article's, a shared one), to start a
    new fact of one's own from it; None when it no longer reads as a fact (nothing to copy). The
    facts it builds on are left out: they are the other deck's."""
    bank, _ = read_deck((), [row.data])
    return {**draft_fields(bank.facts[0]), "builds_on": ""} if bank.facts else None


def check_fact(stored: StoredDeck, fields: Mapping[str, str], fact_id: str | None) -> DraftCheck:
    """The draft checked as fact `fact_id` of the deck (None: a new fact, given a fresh id)."""
    only = [section.id for section in stored.bank.sections] if len(stored.bank.sections) == 1 else []
    section_id = fields.get("section") or (only[0] if only else "")
    if fact_id is None:
        fact_id = new_fact_id(fields.get("subject", ""), fields.get("attribute", ""), stored.used_ids)
    check = check_draft(fields, fact_id, section_id, stored.bank, replacing=fact_id)
    if stored.problems:  # a fact the rules now refuse would be dropped by the save: fix it first
        return replace(check, other_problems=[*stored.problems, *check.other_problems])
    return check


def save_fact(stored: StoredDeck, check: DraftCheck) -> SyncSummary:
    """Write the deck with the checked draft in it, by the re-upload's sync (flushes only)."""
    if not check.ok or check.bank is None:
        raise ValueError("only a sound draft is saved")
    return _sync(stored, check.bank)


def remove_fact(stored: StoredDeck, fact_id: str) -> SyncSummary:
    """Retire one fact and its questions as a re-upload without it would (flushes only)."""
    if stored.problems:
        raise ValueError("a deck whose stored facts have problems is not re-synced")
    bank = content.Bank.build(stored.bank.sections, (f for f in stored.bank.facts if f.id != fact_id))
    return _sync(stored, bank)


def _sync(stored: StoredDeck, bank: content.Bank) -> SyncSummary:
    return sync_bank(bank, content.generate_questions(bank), stored.deck, utcnow(), id_prefix=stored.prefix)
