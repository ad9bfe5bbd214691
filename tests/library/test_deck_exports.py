"""A teacher's uploaded deck exports like the bank, to its owner only: JSON that meets the schema,
GIFT and Moodle XML that Moodle's strict readers accept, an Anki package Anki imports into a deck
named after it."""

from __future__ import annotations

import json

import pytest
from anki.collection import Collection
from jsonschema import Draft202012Validator
from sqlalchemy import select

from quizapp.content.export import SCHEMA_PATH
from quizapp.extensions import db
from quizapp.models import Deck, Fact, Role
from tests.anki_collection import cards, import_package
from tests.library.test_uploads import VALID, teacher, upload  # noqa: F401 (fixture)
from tests.moodle_formats import parse_gift, parse_moodle_xml


@pytest.fixture
def deck_id(client, app, teacher):  # noqa: F811
    assert upload(client, VALID, title="Makers of models").status_code == 302
    with app.app_context():
        return db.session.scalar(select(Deck.id).where(Deck.owner_id == teacher.id))


def export(client, deck_id: int, fmt: str):
    return client.get(f"/library/decks/{deck_id}/export/{fmt}")


def test_the_owner_exports_every_format(client, app, deck_id, tmp_path):
    page = client.get(f"/library/decks/{deck_id}").get_data(as_text=True)
    assert "Export this deck" in page and f"/library/decks/{deck_id}/export/apkg" in page
    with app.app_context():
        fact_ids = set(db.session.scalars(select(Fact.id).where(Fact.deck_id == deck_id)))

    response = export(client, deck_id, "json")
    assert response.status_code == 200
    assert 'filename="Makers_of_models.json"' in response.headers["Content-Disposition"]
    records = json.loads(response.data)
    Draft202012Validator(json.loads(SCHEMA_PATH.read_text())).validate(records)
    assert {record["fact_id"] for record in records} == fact_ids

    gift = parse_gift(export(client, deck_id, "gift").get_data(as_text=True))
    xml = parse_moodle_xml(export(client, deck_id, "moodle-xml").get_data(as_text=True))
    assert [q.name for q in gift] == [q.name for q in xml] and gift
    assert {q.category for q in gift} == {"$course$/top/quizapp/What foundation models are"}

    package = tmp_path / "deck.apkg"
    package.write_bytes(export(client, deck_id, "apkg").data)
    collection = Collection(str(tmp_path / "teacher.anki2"))
    try:
        result = import_package(collection, package)
        held = cards(collection)
    finally:
        collection.close()
    assert result.new == len(fact_ids) == len(held)
    assert set(held) == fact_ids
    assert {card.deck for card in held.values()} == {"Makers of models (quizapp)"}


def test_nobody_else_can_export_it(client, auth, deck_id, make_user):
    auth.sign_out()
    for fmt in ("json", "gift", "moodle-xml", "apkg"):
        assert export(client, deck_id, fmt).status_code == 404
    other = make_user(Role.TEACHER)
    auth.sign_in(email=other.email)
    assert export(client, deck_id, "json").status_code == 404
    assert export(client, deck_id + 1000, "json").status_code == 404


def test_an_unknown_format_is_not_found(client, deck_id):
    assert export(client, deck_id, "pdf").status_code == 404
