"""A quiz's print view: every question with room to answer, then an answer key that is right."""

from __future__ import annotations

import html

from quizapp import content
from quizapp.extensions import db
from quizapp.models import Question, Role
from tests.conftest import post_form
from tests.quizzes.helpers import account, build_quiz, make_class, quiz_row, signed_in

ALL_KINDS = ["multiple_choice", "true_false", "typed", "numeric", "multi_select", "ordering", "matching"]


def test_print_view_lists_questions_then_a_key_that_grades_right(loaded_app):
    app = loaded_app
    teacher = signed_in(app, account(app, "teacher@example.org", Role.TEACHER))
    classroom = make_class(app, teacher)
    quiz_id = build_quiz(app, teacher, classroom.id, count=12, kinds=ALL_KINDS)
    edit = teacher.get(f"/quizzes/{quiz_id}/edit").get_data(as_text=True)
    assert f'href="/quizzes/{quiz_id}/print"' in edit

    response = teacher.get(f"/quizzes/{quiz_id}/print")
    assert response.status_code == 200
    page = html.unescape(response.get_data(as_text=True))
    questions_part, key_part = page.split('<section class="paper-key"')
    ids = quiz_row(app, quiz_id).question_ids
    with app.app_context():
        rows = [content.Question.from_dict(db.session.get(Question, qid).data) for qid in ids]
    kinds = {question.kind for question in rows}
    assert len(kinds) >= 4, kinds  # a real mix of kinds is printed
    for number, question in enumerate(rows, start=1):
        assert question.prompt in questions_part
        for choice in question.choices:
            assert choice in questions_part
        assert f'<span class="paper-number">{number}.</span>' in key_part
    assert questions_part.count('class="paper-write"') == 2 * sum(
        q.kind in {"typed", "numeric"} for q in rows
    )
    # The key says each right answer: a choice question's letter and text, a typed one's words.
    for number, question in enumerate(rows, start=1):
        line = key_part.split(f'<span class="paper-number">{number}.</span>', 1)[1].split("</li>", 1)[0]
        if question.kind in {"multiple_choice", "true_false"}:
            right = content.KINDS[question.kind].right_choices(question)[0]
            letter = "ABCDEFGH"[question.choices.index(right)]
            assert f"{letter} ({right})" in line
        elif question.kind in {"typed", "numeric"}:
            assert question.answer_text in line
        elif question.kind == "ordering":
            assert line.strip().startswith("1. " + question.choices[question.answer[0]])


def test_print_view_shows_a_regraded_key(loaded_app):
    app = loaded_app
    teacher = signed_in(app, account(app, "teacher@example.org", Role.TEACHER))
    classroom = make_class(app, teacher)
    quiz_id = build_quiz(app, teacher, classroom.id, count=1, kinds=["typed"])
    url = f"/quizzes/{quiz_id}/questions/0/regrade"
    # No attempts: the fix is applied at once after confirming (nothing to confirm about learners).
    assert (
        post_form(
            teacher, url, {"fix": "key", "key": "A better answer", "confirm": "yes"}, form_page=url
        ).status_code
        == 302
    )
    key = teacher.get(f"/quizzes/{quiz_id}/print").get_data(as_text=True).split('class="paper-key"')[1]
    assert "A better answer" in key
