"""Small things a teacher and a learner read: singular counts, who "they" are, a confirmed removal,
and a refused settings save that keeps the extra minutes typed."""

from __future__ import annotations

import re

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Role, User
from tests.conftest import csrf_token, post_form
from tests.quizzes.helpers import account, assign, build_quiz, join, make_class, save_settings, signed_in


def _one_learner_class(app):
    teacher = signed_in(app, account(app, "teacher@example.org", Role.TEACHER))
    classroom = make_class(app, teacher)
    ann = signed_in(app, account(app, "ann@example.org"))
    join(ann, classroom.join_code)
    with app.app_context():
        ann_id = db.session.scalar(select(User.id).where(User.email == "ann@example.org"))
    return teacher, classroom, ann, ann_id


def test_one_learner_and_one_minute_read_in_the_singular(loaded_app):
    teacher, classroom, ann, _ann_id = _one_learner_class(loaded_app)
    classes = teacher.get("/classes/").get_data(as_text=True)
    assert "1 learner ·" in classes and "1 learners" not in classes
    quiz_id = build_quiz(loaded_app, teacher, classroom.id, count=3, kinds=["multiple_choice"])
    assert save_settings(teacher, quiz_id, time_limit_minutes="1").status_code == 302
    assign(teacher, quiz_id)
    assert "1 minute from when you start" in ann.get(f"/quizzes/{quiz_id}").get_data(as_text=True)
    mine = ann.get("/quizzes/mine").get_data(as_text=True)
    assert "· 1 minute" in mine and "1 minutes" not in mine


def test_teachers_view_of_a_learner_speaks_of_them(loaded_app):
    teacher, classroom, ann, ann_id = _one_learner_class(loaded_app)
    seen = teacher.get(f"/progress/classes/{classroom.id}/learners/{ann_id}").get_data(as_text=True)
    assert "Facts they find hardest" in seen and "Facts you find hardest" not in seen
    own = ann.get("/progress/").get_data(as_text=True)
    assert "Facts you find hardest" in own


def test_removing_a_learner_asks_first(loaded_app):
    teacher, classroom, _ann, ann_id = _one_learner_class(loaded_app)
    page = teacher.get(f"/classes/{classroom.id}").get_data(as_text=True)
    confirm = re.search(r'<details class="confirm-remove">(.*?)</details>', page, re.S)
    assert confirm, "the remove button opens a confirmation"
    assert "Remove Ann from Period 3?" in confirm.group(1) and "Yes, remove Ann" in confirm.group(1)
    assert f"/classes/{classroom.id}/learners/{ann_id}/remove" in confirm.group(1)
    response = post_form(
        teacher, f"/classes/{classroom.id}/learners/{ann_id}/remove", {}, form_page=f"/classes/{classroom.id}"
    )
    assert response.status_code == 302
    assert "Ann was removed from the class" in teacher.get(f"/classes/{classroom.id}").get_data(as_text=True)
    assert "Yes, remove Ann" not in teacher.get(f"/classes/{classroom.id}").get_data(as_text=True)


def test_a_refused_settings_save_keeps_the_extra_minutes_typed(loaded_app):
    teacher, classroom, _ann, ann_id = _one_learner_class(loaded_app)
    quiz_id = build_quiz(loaded_app, teacher, classroom.id, count=3, kinds=["multiple_choice"])
    token = csrf_token(teacher, f"/quizzes/{quiz_id}/edit")
    refused = teacher.post(
        f"/quizzes/{quiz_id}/edit",
        data={
            "csrf_token": token,
            "title": "Week 1 quiz",
            "attempts_allowed": "1",
            "show_answers": "after_close",  # refused: no close time
            f"extra-{ann_id}": "15",
        },
    )
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "Set a close time to show answers after it." in page
    assert re.search(rf'name="extra-{ann_id}"[^>]*value="15"', page, re.S)
    # Nothing was saved by the refused form.
    stored = teacher.get(f"/quizzes/{quiz_id}/edit").get_data(as_text=True)
    assert re.search(rf'name="extra-{ann_id}"[^>]*value=""', stored, re.S)
