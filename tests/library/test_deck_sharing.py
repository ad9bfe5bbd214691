"""Sharing a deck with another teacher: read-only for them (browse, use in quizzes, copy to edit),
named by the email of a teacher account, unshared or deleted without breaking a quiz built on it."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Deck, DeckShare, Fact, Question, Role
from quizapp.sharing import NO_SUCH_TEACHER
from tests.conftest import post_form
from tests.library.test_uploads import VALID, upload
from tests.quizzes.helpers import Taker, account, assign, build_quiz, join, make_class, quiz_row, signed_in


@pytest.fixture
def school(loaded_app):
    app = loaded_app
    owner = signed_in(app, account(app, "rivera@example.org", Role.TEACHER))
    colleague = signed_in(app, account(app, "chen@example.org", Role.TEACHER))
    stranger = signed_in(app, account(app, "okafor@example.org", Role.TEACHER))
    account(app, "pupil@example.org")
    location = upload(owner, VALID, title="Rivera facts").headers["Location"]
    deck_id = int(re.search(r"/decks/(\d+)", location).group(1))
    return app, owner, colleague, stranger, deck_id


def share(client, deck_id, email):
    return post_form(
        client, f"/library/decks/{deck_id}/shares", {"email": email}, form_page=f"/library/decks/{deck_id}"
    )


def shares(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(DeckShare))


def test_shared_deck_is_read_only_for_the_colleague(school):
    app, owner, colleague, stranger, deck_id = school
    assert colleague.get(f"/library/decks/{deck_id}").status_code == 404
    response = share(owner, deck_id, "  Chen@Example.org ")
    assert response.status_code == 302, re.findall(
        r'class="(?:error|flash[^"]*)"[^>]*>([^<]*)', response.get_data(as_text=True)
    )
    page = owner.get(response.headers["Location"]).get_data(as_text=True)
    assert "Shared with Chen" in page and "chen@example.org" in page
    seen = colleague.get(f"/library/decks/{deck_id}").get_data(as_text=True)
    assert "shared with you" in seen and "Copy to edit" in seen and "Stop sharing" not in seen
    assert "Rivera facts" in colleague.get("/library/").get_data(as_text=True)
    with app.app_context():
        fact_id = db.session.scalar(select(Fact.id).where(Fact.deck_id == deck_id))
    assert colleague.get(f"/library/facts/{fact_id}").status_code == 200
    # Read-only: the owner's actions are refused to the colleague, and a stranger still sees nothing.
    assert share(colleague, deck_id, "okafor@example.org").status_code == 403
    assert (
        post_form(
            colleague, f"/library/decks/{deck_id}/delete", {}, form_page=f"/library/decks/{deck_id}"
        ).status_code
        == 403
    )
    assert stranger.get(f"/library/decks/{deck_id}").status_code == 404
    assert stranger.get(f"/library/facts/{fact_id}").status_code == 404
    assert shares(app) == 1


@pytest.mark.parametrize("email", ["nobody@example.org", "pupil@example.org"])
def test_an_address_without_a_teacher_account_gets_one_clear_answer(school, email):
    app, owner, _colleague, _stranger, deck_id = school
    response = share(owner, deck_id, email)
    assert response.status_code == 400
    assert NO_SUCH_TEACHER in response.get_data(as_text=True).replace("&#39;", "'")
    assert shares(app) == 0


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("not an email", "look like an email"),
        ("", "Enter the email"),
        ("rivera@example.org", "your own address"),
    ],
)
def test_bad_addresses_are_explained(school, email, message):
    app, owner, _colleague, _stranger, deck_id = school
    response = share(owner, deck_id, email)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert shares(app) == 0


def test_unknown_and_foreign_ids_are_not_found(school):
    app, owner, colleague, stranger, deck_id = school
    share(owner, deck_id, "chen@example.org")
    with app.app_context():
        share_id = db.session.scalar(select(DeckShare.id))
    for client, url in (
        (stranger, f"/library/decks/{deck_id}/shares/{share_id}/remove"),
        (owner, f"/library/decks/{deck_id}/shares/99999/remove"),
        (owner, "/library/decks/99999/shares"),
        (owner, "/library/decks/99999/copy"),
        (stranger, f"/library/decks/{deck_id}/copy"),
    ):
        assert (
            post_form(client, url, {"email": "chen@example.org"}, form_page="/library/").status_code == 404
        ), url
    assert shares(app) == 1


def test_copy_to_edit_makes_an_independent_deck(school):
    app, owner, colleague, _stranger, deck_id = school
    share(owner, deck_id, "chen@example.org")
    response = post_form(
        colleague, f"/library/decks/{deck_id}/copy", {}, form_page=f"/library/decks/{deck_id}"
    )
    assert response.status_code == 302
    copy_id = int(re.search(r"/decks/(\d+)", response.headers["Location"]).group(1))
    page = colleague.get(response.headers["Location"]).get_data(as_text=True)
    assert "Rivera facts (copy)" in page and "Your own deck" in page
    with app.app_context():
        copy = db.session.get(Deck, copy_id)
        assert copy.owner.email == "chen@example.org" and copy.complete
        originals = db.session.scalars(select(Question).join(Fact).where(Fact.deck_id == deck_id)).all()
        copies = db.session.scalars(select(Question).join(Fact).where(Fact.deck_id == copy_id)).all()
        assert len(copies) == len(originals) > 0
        assert {q.prompt for q in copies} == {q.prompt for q in originals}
        assert all(q.id.startswith(f"d{copy_id}~") and q.data["fact_id"] == q.fact_id for q in copies)
    # The owner does not see the colleague's copy.
    assert owner.get(f"/library/decks/{copy_id}").status_code == 404


def test_unsharing_and_deleting_keep_quizzes_built_on_the_deck(school):
    app, owner, colleague, _stranger, deck_id = school
    share(owner, deck_id, "chen@example.org")
    classroom = make_class(app, colleague, name="Chen's class")
    learner = Taker(app, signed_in(app, account(app, "lee@example.org")))
    join(learner.client, classroom.join_code)
    quiz_id = build_quiz(app, colleague, classroom.id, count=3, kinds=["true_false"], decks=[str(deck_id)])
    assign(colleague, quiz_id)
    attempt_id = learner.start(quiz_id)
    learner.answer(attempt_id, True)
    with app.app_context():
        share_id = db.session.scalar(select(DeckShare.id))
    removed = post_form(
        owner, f"/library/decks/{deck_id}/shares/{share_id}/remove", {}, form_page=f"/library/decks/{deck_id}"
    )
    assert removed.status_code == 302
    assert colleague.get(f"/library/decks/{deck_id}").status_code == 404
    # The builder no longer offers it, and asking for it anyway is refused.
    assert "Rivera facts" not in colleague.get(f"/classes/{classroom.id}/quizzes").get_data(as_text=True)
    # The quiz built on it still runs and reads.
    _question, answered, _data = learner.answer(attempt_id, False)
    assert answered.status_code == 302
    deleted = post_form(owner, f"/library/decks/{deck_id}/delete", {}, form_page=f"/library/decks/{deck_id}")
    assert deleted.status_code == 302
    assert owner.get(f"/library/decks/{deck_id}").status_code == 404
    assert "Rivera facts" not in owner.get("/library/").get_data(as_text=True)
    _question, answered, _data = learner.answer(attempt_id, True)
    assert answered.status_code == 302
    learner.submit(attempt_id)
    assert colleague.get(f"/quizzes/{quiz_id}/results").status_code == 200
    assert colleague.get(f"/quizzes/{quiz_id}/attempts/{attempt_id}").status_code == 200
    assert colleague.get(f"/quizzes/{quiz_id}/items.csv").status_code == 200
    assert colleague.get(f"/quizzes/{quiz_id}/edit").status_code == 200
    assert colleague.get(f"/quizzes/{quiz_id}/preview").status_code == 200
    assert learner.client.get(f"/attempts/{attempt_id}/review").status_code == 200
    assert len(quiz_row(app, quiz_id).question_ids) == 3


def test_the_editor_refuses_a_colleague_a_shared_deck_is_read_only(school):
    """The question editor is the owner's alone: a colleague the deck is shared with sees it but
    gets 403 with the reason on every editor page and post (nothing changes), and no Edit links."""
    app, owner, colleague, stranger, deck_id = school
    assert share(owner, deck_id, "chen@example.org").status_code == 302
    with app.app_context():
        fact_id = db.session.scalar(select(Fact.id).where(Fact.deck_id == deck_id).order_by(Fact.id))
        before = db.session.scalar(select(func.max(Fact.updated_at)).where(Fact.deck_id == deck_id))
    seen = colleague.get(f"/library/decks/{deck_id}").get_data(as_text=True)
    assert "Add a fact" not in seen and "/edit" not in seen
    token_page = "/library/decks/new"
    for path in (
        f"/library/decks/{deck_id}/facts/new",
        f"/library/decks/{deck_id}/facts/{fact_id}/edit",
        f"/library/decks/{deck_id}/facts/{fact_id}/remove",
    ):
        refused = colleague.get(path)
        assert refused.status_code == 403 and "read-only for you" in refused.get_data(as_text=True), path
        posted = post_form(colleague, path, {"save": "1", "subject": "BERT"}, form_page=token_page)
        assert posted.status_code == 403, path
    assert (
        post_form(colleague, f"/library/decks/{deck_id}/preview", {}, form_page=token_page).status_code == 403
    )
    assert stranger.get(f"/library/decks/{deck_id}/facts/new").status_code == 404
    with app.app_context():
        assert db.session.scalar(select(func.max(Fact.updated_at)).where(Fact.deck_id == deck_id)) == before
    assert owner.get(f"/library/decks/{deck_id}/facts/{fact_id}/edit").status_code == 200
