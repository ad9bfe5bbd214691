"""Reusing a quiz: copied as a draft into another class of the teacher's own, or shared with another
teacher, who reads it and copies it into a class of theirs; nothing of the original's class leaks."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Question, Quiz, QuizShare, Role
from quizapp.sharing import NO_SUCH_TEACHER
from tests.conftest import post_form
from tests.quizzes.helpers import account, build_quiz, join, make_class, quiz_row, save_settings, signed_in


@pytest.fixture
def school(loaded_app):
    app = loaded_app
    owner = signed_in(app, account(app, "rivera@example.org", Role.TEACHER))
    colleague = signed_in(app, account(app, "chen@example.org", Role.TEACHER))
    stranger = signed_in(app, account(app, "okafor@example.org", Role.TEACHER))
    period3 = make_class(app, owner, name="Period 3")
    period5 = make_class(app, owner, name="Period 5")
    chens = make_class(app, colleague, name="Chen's class")
    learner = signed_in(app, account(app, "ann@example.org"))
    join(learner, period3.join_code)
    quiz_id = build_quiz(app, owner, period3.id, count=4)
    save_settings(owner, quiz_id, title="Week 1 quiz", time_limit_minutes="15", attempts_allowed="2")
    return app, owner, colleague, stranger, quiz_id, period3, period5, chens


def quizzes_in(app, class_id) -> list[Quiz]:
    with app.app_context():
        rows = db.session.scalars(select(Quiz).where(Quiz.classroom_id == class_id)).all()
        for row in rows:
            db.session.expunge(row)
        return list(rows)


def test_copy_to_another_own_class(school):
    app, owner, _colleague, _stranger, quiz_id, _period3, period5, chens = school
    page = owner.get(f"/quizzes/{quiz_id}/edit").get_data(as_text=True)
    assert "Period 5" in page and "Chen&#39;s class" not in page
    response = post_form(
        owner, f"/quizzes/{quiz_id}/copy", {"class_id": str(period5.id)}, form_page=f"/quizzes/{quiz_id}/edit"
    )
    assert response.status_code == 302
    [copy] = quizzes_in(app, period5.id)
    original = quiz_row(app, quiz_id)
    assert copy.is_draft and copy.title == original.title
    assert (
        copy.question_ids == original.question_ids
        and copy.time_limit_minutes == 15
        and copy.attempts_allowed == 2
    )
    assert copy.extra_time == {}
    # Another teacher's class, an unknown one or junk: refused, nothing copied.
    for bad in (str(chens.id), "99999", "abc"):
        post_form(owner, f"/quizzes/{quiz_id}/copy", {"class_id": bad}, form_page=f"/quizzes/{quiz_id}/edit")
    assert quizzes_in(app, chens.id) == [] and len(quizzes_in(app, period5.id)) == 1


def share(client, quiz_id, email):
    return post_form(
        client, f"/quizzes/{quiz_id}/shares", {"email": email}, form_page=f"/quizzes/{quiz_id}/edit"
    )


def test_share_gives_a_read_only_view_and_a_copy_of_their_own(school):
    app, owner, colleague, stranger, quiz_id, _period3, _period5, chens = school
    assert colleague.get(f"/quizzes/{quiz_id}/shared").status_code == 404
    assert share(owner, quiz_id, "chen@example.org").status_code == 302
    listing = colleague.get(f"/classes/{chens.id}/quizzes").get_data(as_text=True)
    assert "Shared with you" in listing and f"/quizzes/{quiz_id}/shared" in listing
    view = colleague.get(f"/quizzes/{quiz_id}/shared").get_data(as_text=True)
    assert "read-only" in view and "Chen&#39;s class" in view and "Time limit: 15 minutes" in view
    # Read-only: none of the owner's pages or actions.
    for url in (f"/quizzes/{quiz_id}/edit", f"/quizzes/{quiz_id}/results", f"/quizzes/{quiz_id}/results.csv"):
        assert colleague.get(url).status_code == 404, url
    assert "Ann" not in view and "ann@example.org" not in view
    response = post_form(
        colleague,
        f"/quizzes/{quiz_id}/shared/copy",
        {"class_id": str(chens.id)},
        form_page=f"/quizzes/{quiz_id}/shared",
    )
    assert response.status_code == 302
    [copy] = quizzes_in(app, chens.id)
    assert copy.question_ids == quiz_row(app, quiz_id).question_ids and copy.is_draft
    assert colleague.get(f"/quizzes/{copy.id}/edit").status_code == 200
    assert owner.get(f"/quizzes/{copy.id}/edit").status_code == 404
    # A teacher it is not shared with sees nothing.
    assert stranger.get(f"/quizzes/{quiz_id}/shared").status_code == 404
    assert (
        post_form(
            stranger, f"/quizzes/{quiz_id}/shared/copy", {"class_id": "1"}, form_page="/classes/"
        ).status_code
        == 404
    )


def test_unsharing_ends_the_view_and_keeps_copies(school):
    app, owner, colleague, _stranger, quiz_id, _period3, _period5, chens = school
    share(owner, quiz_id, "chen@example.org")
    post_form(
        colleague,
        f"/quizzes/{quiz_id}/shared/copy",
        {"class_id": str(chens.id)},
        form_page=f"/quizzes/{quiz_id}/shared",
    )
    with app.app_context():
        share_id = db.session.scalar(select(QuizShare.id))
    response = post_form(
        owner, f"/quizzes/{quiz_id}/shares/{share_id}/remove", {}, form_page=f"/quizzes/{quiz_id}/edit"
    )
    assert response.status_code == 302
    assert colleague.get(f"/quizzes/{quiz_id}/shared").status_code == 404
    [copy] = quizzes_in(app, chens.id)
    assert colleague.get(f"/quizzes/{copy.id}/edit").status_code == 200


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("nobody@example.org", NO_SUCH_TEACHER),
        ("ann@example.org", NO_SUCH_TEACHER),
        ("not-an-address", "look like an email"),
        ("rivera@example.org", "your own address"),
    ],
)
def test_bad_share_addresses_are_explained(school, email, message):
    app, owner, _colleague, _stranger, quiz_id, *_ = school
    response = share(owner, quiz_id, email)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True).replace("&#39;", "'")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(QuizShare)) == 0


def test_unknown_share_and_quiz_ids_are_not_found(school):
    app, owner, _colleague, stranger, quiz_id, *_ = school
    assert (
        post_form(
            owner, f"/quizzes/{quiz_id}/shares/12345/remove", {}, form_page=f"/quizzes/{quiz_id}/edit"
        ).status_code
        == 404
    )
    assert (
        post_form(
            owner, "/quizzes/98765/shares", {"email": "chen@example.org"}, form_page="/classes/"
        ).status_code
        == 404
    )
    assert share(stranger, quiz_id, "chen@example.org").status_code == 404
    assert re.search("Shared with", owner.get(f"/quizzes/{quiz_id}/edit").get_data(as_text=True)) is None


def test_a_copy_keeps_the_teachers_fixed_questions(school):
    app, owner, _colleague, _stranger, quiz_id, _period3, period5, _chens = school
    with app.app_context():
        quiz = db.session.get(Quiz, quiz_id)
        first = quiz.question_ids[0]
        fixed = {**db.session.get(Question, first).data, "explanation": "As the teacher corrected it."}
        quiz.question_fixes = {first: fixed}
        db.session.commit()
    post_form(
        owner, f"/quizzes/{quiz_id}/copy", {"class_id": str(period5.id)}, form_page=f"/quizzes/{quiz_id}/edit"
    )
    [copy] = quizzes_in(app, period5.id)
    assert copy.question_fixes == {first: fixed}
