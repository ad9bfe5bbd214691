"""A learner brings their Anki answers in: a deck that went from quizapp to Anki (the real anki
library, with scheduling) and back is matched by guid, every answer replayed, and the memory of
each fact comes out as it was; refusals say why and save nothing."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from anki.collection import Collection, ExportAnkiPackageOptions
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Card, ReviewLog, User
from quizapp.srs import MemoryState
from tests.anki_collection import import_package
from tests.conftest import csrf_token
from tests.history.conftest import sign_up

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def memories(app, email: str) -> dict[str, MemoryState]:
    with app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.email == email))
        return {
            card.fact_id: MemoryState.from_dict(card.memory)
            for card in db.session.scalars(select(Card).where(Card.user_id == user_id))
        }


def answers_of(app, email: str, source: str | None = None) -> int:
    with app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.email == email))
        query = select(func.count(ReviewLog.id)).where(ReviewLog.user_id == user_id)
        if source:
            query = query.where(ReviewLog.source == source)
        return db.session.scalar(query)


def through_anki(package: bytes, tmp_path) -> bytes:
    """Import a package into a real Anki collection with its progress, export it again with its
    scheduling, as a learner moving between the two would."""
    (tmp_path / "in.apkg").write_bytes(package)
    collection = Collection(str(tmp_path / "anki.anki2"))
    try:
        import_package(collection, tmp_path / "in.apkg", with_scheduling=True, with_presets=True)
        collection.export_anki_package(
            out_path=str(tmp_path / "out.apkg"),
            options=ExportAnkiPackageOptions(with_scheduling=True, with_deck_configs=True, legacy=False),
            limit=None,
        )
    finally:
        collection.close()
    return (tmp_path / "out.apkg").read_bytes()


def send(learner, data: bytes, filename: str = "anki.apkg"):
    token = csrf_token(learner.client, "/history/")
    return learner.client.post(
        "/history/anki",
        data={"csrf_token": token, "anki_file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
        follow_redirects=True,
    )


@pytest.fixture
def from_anki(ada, loaded_app, tmp_path):
    """Ada's deck with 300 real answers, taken through Anki and exported from there."""
    ada.replay_real_log(300)
    loaded_app.config["CLOCK"] = lambda: NOW
    return through_anki(ada.client.get("/history/deck.apkg").data, tmp_path)


def test_answers_from_anki_give_each_fact_the_same_memory(ada, loaded_app, from_anki):
    cleo = sign_up(loaded_app, "cleo@example.org")
    response = send(cleo, from_anki)
    page = response.get_data(as_text=True)
    assert response.status_code == 200, page
    before = memories(loaded_app, ada.email)
    after = memories(loaded_app, cleo.email)
    carried = answers_of(loaded_app, cleo.email, "anki")
    assert f"Imported {carried} answers on {len(after)} facts from Anki." in page
    assert carried == answers_of(loaded_app, ada.email) == 300
    assert after.keys() == before.keys()
    for fact_id, memory in before.items():
        got = after[fact_id]
        assert (got.state, got.step) == (memory.state, memory.step), fact_id
        assert got.stability == pytest.approx(memory.stability, rel=1e-6)
        assert got.difficulty == pytest.approx(memory.difficulty, rel=1e-6)
        assert abs((got.due - memory.due).total_seconds()) < 1
    print(f"answers carried from Anki: {carried}; facts whose memory matches: {len(after)}")

    again = send(cleo, from_anki).get_data(as_text=True)
    assert "Imported 0 answers on 0 facts" in again
    assert f"{len(after)} facts you have already answered here kept their history here" in again
    assert answers_of(loaded_app, cleo.email) == carried


def test_a_package_without_quizapps_notes_is_refused(ada, tmp_path):
    collection = Collection(str(tmp_path / "own.anki2"))
    try:
        note = collection.new_note(collection.models.by_name("Basic"))
        note.fields[0], note.fields[1] = "Capital of France?", "Paris"
        collection.add_note(note, collection.decks.id("Mine"))
        collection.export_anki_package(
            out_path=str(tmp_path / "own.apkg"),
            options=ExportAnkiPackageOptions(with_scheduling=True, legacy=True),
            limit=None,
        )
    finally:
        collection.close()
    response = send(ada, (tmp_path / "own.apkg").read_bytes(), "own.apkg")
    assert response.status_code == 400
    assert "own.apkg: none of its 1 notes match quizapp&#39;s facts" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"not a zip", "deck.apkg", "deck.apkg: not an Anki package"),
        (b"PK\x05\x06" + b"\x00" * 18, "deck.apkg", "deck.apkg: this zip file holds no Anki collection"),
        (b"front\tback", "deck.txt", "Only .apkg or .colpkg files exported from Anki."),
    ],
)
def test_bad_files_are_refused_and_nothing_is_saved(ada, loaded_app, data, filename, message):
    response = send(ada, data, filename)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert answers_of(loaded_app, ada.email) == 0
