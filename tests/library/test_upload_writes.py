"""Uploads are written in short transactions under a deck nobody sees until it is whole; a write
that fails half-way leaves nothing behind and says so."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event, func, select, text

from quizapp.clock import utcnow
from quizapp.extensions import db
from quizapp.library import uploads
from quizapp.models import Deck, Fact, Question, Role, Section
from tests.library.test_uploads import VALID, upload


@pytest.fixture
def teacher(client, auth, make_user):
    user = make_user(Role.TEACHER)
    auth.sign_in(email=user.email)
    return user


def counts(app) -> dict[str, int]:
    with app.app_context():
        return {
            model.__tablename__: db.session.scalar(select(func.count()).select_from(model))
            for model in (Deck, Section, Fact, Question)
        }


# A real trigger in the database refuses one question of the upload, after earlier batches committed.
REFUSE_ONE_QUESTION = {
    "sqlite": [
        "CREATE TRIGGER refuse_one AFTER INSERT ON question WHEN NEW.id LIKE '%claude-maker%' "
        "BEGIN SELECT RAISE(ABORT, 'the disk refused it'); END"
    ],
    "postgresql": [
        "CREATE FUNCTION refuse_one() RETURNS trigger AS $$ BEGIN "
        "IF NEW.id LIKE '%claude-maker%' THEN RAISE EXCEPTION 'the disk refused it'; END IF; "
        "RETURN NEW; END $$ LANGUAGE plpgsql",
        "CREATE TRIGGER refuse_one AFTER INSERT ON question FOR EACH ROW EXECUTE FUNCTION refuse_one()",
    ],
}


def test_a_write_that_fails_half_way_keeps_nothing(client, app, teacher):
    before = counts(app)
    with app.app_context():
        # The database refuses one question: the sections and facts were already committed.
        for statement in REFUSE_ONE_QUESTION[db.engine.dialect.name]:
            db.session.execute(text(statement))
        db.session.commit()
    response = upload(client, VALID)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "could not be saved" in page and "nothing of it was kept" in page
    assert counts(app) == before


def test_the_upload_is_written_in_several_short_transactions(client, app, teacher, monkeypatch):
    monkeypatch.setattr(uploads, "ROWS_PER_TRANSACTION", 4)
    monkeypatch.setattr(uploads, "PAUSE_BETWEEN_TRANSACTIONS", 0)
    commits = []
    with app.app_context():
        event.listen(db.engine, "commit", lambda connection: commits.append(1))
    response = upload(client, VALID)
    assert response.status_code == 302
    with app.app_context():
        deck = db.session.scalar(select(Deck).where(Deck.owner_id == teacher.id))
        assert deck.complete
        facts = db.session.scalar(select(func.count()).select_from(Fact).where(Fact.deck_id == deck.id))
        questions = db.session.scalar(
            select(func.count()).select_from(Question).join(Fact).where(Fact.deck_id == deck.id)
        )
    assert facts == 5
    # One per four rows of sections, facts and questions, plus starting and completing the deck.
    assert len(commits) >= 2 + 1 + 2 + questions // 4


def test_an_incomplete_deck_is_nobodys_and_an_abandoned_one_is_removed(client, app, teacher):
    with app.app_context():
        deck = Deck(slug="u-abandoned", title="Half", owner_id=teacher.id, complete=False)
        deck.created_at = utcnow() - uploads.ABANDONED_AFTER - timedelta(minutes=1)
        db.session.add(deck)
        db.session.flush()
        db.session.add(Section(id=f"d{deck.id}~s", deck_id=deck.id, title="S", position=1))
        db.session.commit()
        deck_id = deck.id
    assert client.get(f"/library/decks/{deck_id}").status_code == 404
    assert client.get(f"/library/sections/d{deck_id}~s").status_code == 404
    assert "Half" not in client.get("/library/").get_data(as_text=True)
    assert upload(client, VALID).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Deck).where(Deck.slug == "u-abandoned")) is None
        assert db.session.scalar(select(Section).where(Section.title == "S")) is None
