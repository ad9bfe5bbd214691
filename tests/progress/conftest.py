"""The study scenario fixtures (a learner at the study page, a clock the test controls), reused,
and a learner who has studied for a few days through the real pages."""

from __future__ import annotations

from datetime import timedelta

import pytest

from quizapp.extensions import db
from quizapp.models import Card, Deck, Fact, Section, User
from tests.conftest import AuthActions
from tests.study.conftest import Clock, Learner, clock, learner  # noqa: F401  (fixtures)


def study_until_done(learner: Learner, clock: Clock, wrong: set[int] = frozenset()) -> int:
    """Answer everything the study page offers today, stepping the clock 11 minutes whenever only
    learning steps are left; the n-th answer of the day (from 0) is wrong if n is in `wrong`."""
    given = 0
    for _round in range(6):
        while 'name="question_id"' in learner.page():
            learner.answer_current(right=given not in wrong)
            given += 1
        clock.advance(minutes=11)
    return given


@pytest.fixture
def studied(learner, clock):
    """A learner who studied on three days in a row (5 new facts a day), now on the third day.

    Each day at 09:00 UTC (Mon 2 to Wed 4 March 2026) they answer everything the page offers:
    5 new facts, each twice (a 10-minute learning step, then it graduates to days), right.
    On day 3 the 5 facts of day 1 come back as reviews; the first of them is answered wrong
    (a lapse: it relearns, 10 minutes later, right), the other 4 right. So: 10 + 10 + 16 answers.
    """
    with learner.app.app_context():
        user = db.session.query(User).filter_by(email="learner@example.org").one()
        user.new_facts_per_day = 5
        db.session.commit()
    for day in range(3):
        if day:
            clock.now = clock.now.replace(hour=9, minute=0) + timedelta(days=1)
        study_until_done(learner, clock, wrong={0} if day == 2 else set())
    return learner


@pytest.fixture
def other_client(loaded_app):
    """A second learner, signed in on their own client."""
    client = loaded_app.test_client()
    AuthActions(client).sign_up(email="other@example.org", name="Other")
    return client


@pytest.fixture
def private_fact(loaded_app, make_user):
    """A fact in a teacher's private deck: only that teacher (and admins) may see it."""
    from quizapp.models import Role

    teacher = make_user(Role.TEACHER, email="teacher@example.org")
    with loaded_app.app_context():
        deck = Deck(slug="secret-deck", title="Secret", owner_id=teacher.id)
        db.session.add(deck)
        db.session.flush()
        section = Section(id="secret-section", deck_id=deck.id, title="Secret section", position=99)
        fact = Fact(
            id="secret-fact",
            deck_id=deck.id,
            section_id=section.id,
            kind="text",
            subject="Secret",
            attribute="is",
            statement="A secret.",
            explanation="Hidden.",
            paragraph=1,
            data={},
            answer_fingerprint="x",
        )
        db.session.add_all([section, fact])
        db.session.commit()
    return "secret-fact"


def cards_of(app, email: str) -> list[Card]:
    with app.app_context():
        user = db.session.query(User).filter_by(email=email).one()
        cards = db.session.query(Card).filter_by(user_id=user.id).all()
        db.session.expunge_all()
        return cards
