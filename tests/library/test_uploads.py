"""Teachers upload their own facts: checked like the bank, saved only when valid, private."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Deck, Fact, Role
from tests.conftest import csrf_token
from tests.library.conftest import SMALL_BANK

VALID = SMALL_BANK["01-introduction.yaml"].encode()


def upload(client, data: bytes, filename="facts.yaml", title="My deck"):
    token = csrf_token(client, "/library/upload")
    return client.post(
        "/library/upload",
        data={"csrf_token": token, "title": title, "facts_file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def teacher(client, auth, make_user):
    user = make_user(Role.TEACHER)
    auth.sign_in(email=user.email)
    return user


def test_teacher_uploads_a_valid_deck(client, app, teacher):
    response = upload(client, VALID)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Uploaded" in page and "5 facts" in page
    with app.app_context():
        deck = db.session.scalar(select(Deck).where(Deck.owner_id == teacher.id))
        facts = db.session.scalars(select(Fact).where(Fact.deck_id == deck.id)).all()
        assert len(facts) == 5
        assert all(f.id.startswith(f"d{deck.id}~") for f in facts)


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (VALID.replace(b"    value: Google\n", b"    value: [Google\n"), "facts.yaml", "facts.yaml:"),
        (b"!!python/object/apply:os.system ['echo hi']", "facts.yaml", "facts.yaml:"),
        (b"a: " + b"[" * 5000, "facts.yaml", "facts.yaml:"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "facts.yaml", "not a text file"),
        (b"\xff\xfe\xfa bad", "facts.yaml", "not UTF-8"),
        (b"x" * (600 * 1024), "facts.yaml", "larger than 512 KB"),
        (VALID, "facts.exe", "Only .yaml, .yml or .csv"),
    ],
)
def test_bad_uploads_are_explained_and_nothing_is_saved(client, app, teacher, data, filename, message):
    response = upload(client, data, filename)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert count(app, Deck) == 0
    assert count(app, Fact) == 0


def test_an_upload_naming_an_unknown_or_circular_prerequisite_is_refused(client, app, teacher):
    text = VALID.decode()
    first_source = text.index("    source:")
    line_end = text.index("\n", first_source) + 1
    unknown = text[:line_end] + "    builds_on: [no-such-fact]\n" + text[line_end:]
    response = upload(client, unknown.encode())
    assert response.status_code == 400
    assert "builds on &#39;no-such-fact&#39;, which is no fact of this bank" in response.get_data(
        as_text=True
    )
    assert count(app, Deck) == 0 and count(app, Fact) == 0


def test_learners_cannot_upload(client, auth, make_user):
    learner = make_user(Role.LEARNER)
    auth.sign_in(email=learner.email)
    assert client.get("/library/upload").status_code == 403


def test_a_teachers_deck_is_private(client, app, auth, teacher, make_user):
    location = upload(client, VALID).headers["Location"]
    with app.app_context():
        fact_id = db.session.scalars(select(Fact.id)).first()
    auth.sign_out()
    other = make_user(Role.TEACHER)
    auth.sign_in(email=other.email)
    assert client.get(location).status_code == 404
    assert client.get(f"/library/facts/{fact_id}").status_code == 404
