"""A teacher imports cards made in Anki (a real package, written by the anki library in both its
legacy and its current format) or exported as text by Anki or Quizlet: each card becomes a fact of
a private deck; every refusal names the card and nothing is saved."""

from __future__ import annotations

import io

import pytest
from anki.collection import Collection, ExportAnkiPackageOptions
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Deck, Fact, Question
from tests.conftest import csrf_token
from tests.library.test_uploads import teacher  # noqa: F401 (fixture)


def send(client, data: bytes, filename: str, title: str = "From Anki"):
    token = csrf_token(client, "/library/import")
    return client.post(
        "/library/import",
        data={"csrf_token": token, "title": title, "cards_file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def anki_package(tmp_path, notes: list[tuple[str, list[str]]], *, legacy: bool) -> bytes:
    """An .apkg written by Anki itself: `notes` are (note type name, fields), in deck Geography::Europe."""
    collection = Collection(str(tmp_path / f"source-{legacy}.anki2"))
    try:
        deck_id = collection.decks.id("Geography::Europe")
        for notetype, fields in notes:
            note = collection.new_note(collection.models.by_name(notetype))
            for index, value in enumerate(fields):
                note.fields[index] = value
            collection.add_note(note, deck_id)
        path = tmp_path / f"cards-{legacy}.apkg"
        collection.export_anki_package(
            out_path=str(path),
            options=ExportAnkiPackageOptions(with_scheduling=False, with_media=True, legacy=legacy),
            limit=None,
        )
    finally:
        collection.close()
    return path.read_bytes()


def stored(app) -> dict[str, dict]:
    """The imported facts, by prompt: their answer and statement, and the deck's question count."""
    with app.app_context():
        facts = db.session.scalars(select(Fact)).all()
        return {
            fact.data["prompt"]: {"value": fact.data["value"], "statement": fact.statement, "kind": fact.kind}
            for fact in facts
        }


def counts(app) -> tuple[int, int]:
    with app.app_context():
        return (
            db.session.scalar(select(func.count()).select_from(Deck)),
            db.session.scalar(select(func.count()).select_from(Fact)),
        )


NOTES = [
    ("Basic", ["What is the capital of <b>France</b>?", "Paris&nbsp;<br>(on the Seine)"]),
    ("Basic (and reversed card)", ["Which planet is called the red planet?", "<div>Mars</div>"]),
    ("Cloze", ["{{c1::Berlin}} is the capital of {{c2::Germany}}.", "Since 1990."]),
]


@pytest.mark.parametrize("legacy", [True, False], ids=["legacy-apkg", "current-apkg"])
def test_an_anki_package_becomes_a_private_deck_of_facts(client, app, teacher, tmp_path, legacy):  # noqa: F811
    response = send(client, anki_package(tmp_path, NOTES, legacy=legacy), "geography.apkg")
    assert response.status_code == 302, response.get_data(as_text=True)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Imported “From Anki”: 4 facts" in page
    facts = stored(app)
    assert facts["What is the capital of France?"]["value"] == "Paris (on the Seine)"
    assert facts["Which planet is called the red planet?"]["value"] == "Mars"
    assert facts["What goes in the gap? _____ is the capital of Germany."]["value"] == "Berlin"
    assert facts["What goes in the gap? Berlin is the capital of _____."]["value"] == "Germany"
    assert facts["What goes in the gap? Berlin is the capital of _____."]["statement"] == (
        "Berlin is the capital of Germany."
    )
    with app.app_context():
        deck = db.session.scalar(select(Deck))
        assert deck.owner_id == teacher.id and deck.title == "From Anki"
        assert db.session.scalar(select(func.count()).select_from(Question)) >= 4


def test_media_is_refused_naming_the_note_and_nothing_is_saved(client, app, teacher, tmp_path):  # noqa: F811
    notes = [*NOTES, ("Basic", ["Which flag is this? <img src='flag.png'>", "Italy"])]
    response = send(client, anki_package(tmp_path, notes, legacy=True), "flags.apkg")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "flags.apkg: note 4 in deck “Geography::Europe”: uses media (image flag.png)" in page
    assert "nothing was saved" in page
    assert counts(app) == (0, 0)


def test_quizlet_and_anki_text_exports(client, app, teacher):  # noqa: F811
    quizlet = "photosynthesis\tHow plants turn light into sugar\nmitochondria\tThe cell's power plant\n"
    assert send(client, quizlet.encode(), "quizlet.txt", "Biology").status_code == 302
    anki_text = (
        "#separator:tab\n#html:true\n#guid column:1\n#notetype column:2\n#deck column:3\n"
        "a1B2c3\tBasic\tHistory\tWho was the first Roman emperor?\t<i>Augustus</i>\n"
    )
    assert send(client, anki_text.encode(), "anki.txt", "History").status_code == 302
    facts = stored(app)
    assert facts["photosynthesis"]["value"] == "How plants turn light into sugar"
    assert facts["Who was the first Roman emperor?"]["value"] == "Augustus"
    assert counts(app) == (2, 3)


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"PK\x03\x04 not really", "broken.apkg", "broken.apkg: not an Anki package"),
        (b"one card per line without a tab\n", "cards.txt", "separated by a tab"),
        (b"question\tanswer\nno answer here\t\n", "cards.txt", "cards.txt:2: no answer on the back"),
        (b"\xff\xfe bad", "cards.txt", "not UTF-8"),
        (b"front\tback", "cards.pdf", "Only .apkg, .txt or .tsv"),
    ],
)
def test_bad_files_are_explained_and_nothing_is_saved(client, app, teacher, data, filename, message):  # noqa: F811
    response = send(client, data, filename)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert counts(app) == (0, 0)


def test_a_card_the_fact_checks_refuse_is_named_by_its_line(client, app, teacher):  # noqa: F811
    response = send(client, b"Which city is the capital of France?\tParis\nParis\tParis\n", "cards.txt")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "cards.txt:2: prompt gives away the answer" in page
    assert counts(app) == (0, 0)


def test_the_same_question_twice_is_refused(client, app, teacher):  # noqa: F811
    response = send(
        client, b"Capital of France?\tParis\nCapital of Spain?\tMadrid\nCapital of France?\tLyon\n", "c.txt"
    )
    assert response.status_code == 400
    assert "c.txt:3: the same question as c.txt:1" in response.get_data(as_text=True)
    assert counts(app) == (0, 0)
