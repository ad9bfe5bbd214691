"""Suspend, bury and flag: a learner sets a fact aside or marks it, from the study page or anywhere
a fact is shown.

Suspended: out of all study (the daily queue and new practice tests) until taken back. Buried: out
of study until the next study day begins (the 4 a.m. rollover in the learner's time zone). Flagged:
a coloured marker the learner can list and filter by; it changes no schedule. The study queue reads
which facts are held out in the same statement as the learner's cards (study.service).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, func, or_, select

from quizapp import srs
from quizapp.extensions import db
from quizapp.models import FLAG_NAMES, Fact, FactMark, Section, User

ACTIONS = ("suspend", "unsuspend", "bury", "unbury", "flag", "unflag")


class MarkError(ValueError):
    """The mark asked for makes no sense (an unknown action or flag); the message says why."""


def held_out(now: datetime) -> ColumnElement[bool]:
    """The condition on `FactMark` for a fact kept out of study at `now`: suspended, or buried until later."""
    return or_(FactMark.suspended_at.is_not(None), FactMark.buried_until > now)


def held_out_fact_ids(user: User, now: datetime) -> set[str]:
    """Facts the learner has suspended or buried for today (for code that has no queue query to share)."""
    return set(db.session.scalars(select(FactMark.fact_id).where(FactMark.user_id == user.id, held_out(now))))


def next_unburied_at(user: User, now: datetime) -> datetime | None:
    """When the next fact buried before `now` comes back (None if none is buried). That is the next
    study day's start, unless the learner has changed time zone since burying it."""
    return db.session.scalar(
        select(func.min(FactMark.buried_until)).where(
            FactMark.user_id == user.id, FactMark.buried_until > now
        )
    )


def mark_of(user: User, fact_id: str) -> FactMark | None:
    return db.session.scalar(select(FactMark).where(FactMark.user_id == user.id, FactMark.fact_id == fact_id))


def set_mark(user: User, fact: Fact, action: str, now: datetime, flag: int | None = None) -> FactMark:
    """Apply one action to the learner's mark on `fact` (made when it has none yet) and return it."""
    if action not in ACTIONS:
        raise MarkError(f"Unknown action {action!r}: expected one of {', '.join(ACTIONS)}.")
    if action == "flag" and flag not in FLAG_NAMES:
        raise MarkError(f"Choose a flag: {', '.join(f'{n} {name}' for n, name in FLAG_NAMES.items())}.")
    mark = mark_of(user, fact.id)
    if mark is None:
        mark = FactMark(user_id=user.id, fact_id=fact.id)
        db.session.add(mark)
    if action == "suspend":
        mark.suspended_at = mark.suspended_at or now
    elif action == "unsuspend":
        mark.suspended_at = None
    elif action == "bury":
        mark.buried_until = srs.current_day_bounds(now, user.time_zone)[1]
    elif action == "unbury":
        mark.buried_until = None
    elif action == "flag":
        mark.flag = flag
    else:
        mark.flag = None
    mark.updated_at = now
    db.session.flush()
    return mark


@dataclass(frozen=True)
class MarkView:
    """A fact's marks as a page shows them."""

    suspended: bool
    buried: bool
    flag: int | None

    @property
    def flag_name(self) -> str:
        return FLAG_NAMES.get(self.flag or 0, "")


def mark_view(mark: FactMark | None, now: datetime) -> MarkView:
    if mark is None:
        return MarkView(False, False, None)
    buried = mark.buried_until is not None and mark.buried_until > now
    return MarkView(mark.suspended_at is not None, buried, mark.flag)


@dataclass(frozen=True)
class MarkedFact:
    fact: Fact
    marks: MarkView


LIST_FILTERS = ("all", "suspended", "buried", "flagged")


def marked_facts(user: User, now: datetime, show: str = "all", flag: int | None = None) -> list[MarkedFact]:
    """The learner's suspended, buried (today) and flagged facts, filtered, in article order."""
    query = (
        select(FactMark, Fact)
        .join(Fact, FactMark.fact_id == Fact.id)
        .join(Section, Fact.section_id == Section.id)
        .where(FactMark.user_id == user.id)
        .order_by(Section.deck_id, Section.position, Fact.paragraph, Fact.id)
    )
    if show == "suspended":
        query = query.where(FactMark.suspended_at.is_not(None))
    elif show == "buried":
        query = query.where(FactMark.buried_until > now)
    elif show == "flagged":
        query = query.where(FactMark.flag == flag if flag in FLAG_NAMES else FactMark.flag.is_not(None))
    else:
        query = query.where(or_(held_out(now), FactMark.flag.is_not(None)))
    return [MarkedFact(fact, mark_view(mark, now)) for mark, fact in db.session.execute(query)]


def marks_for(user: User, fact_ids: list[str], now: datetime) -> dict[str, MarkView]:
    """The learner's marks on each of `fact_ids` (facts without one are left out), in one query."""
    if not fact_ids:
        return {}
    rows = db.session.scalars(
        select(FactMark).where(FactMark.user_id == user.id, FactMark.fact_id.in_(fact_ids))
    )
    return {mark.fact_id: mark_view(mark, now) for mark in rows}
