"""The forms of the quiz page's Reuse card, shared by the quiz page and the reuse routes."""

from __future__ import annotations

from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from quizapp.classes.service import teacher_classes
from quizapp.models import Quiz
from quizapp.quizzes.forms import CopyToClassForm
from quizapp.quizzes.sharing import shares_of_quiz
from quizapp.sharing import ShareForm


def copy_form(quiz: Quiz, **kwargs) -> CopyToClassForm:
    """The copy form offering the signed-in teacher's open classes (the quiz's own left out when
    it is theirs: Duplicate does that)."""
    form = CopyToClassForm(**kwargs)
    form.class_id.choices = [
        SelectChoice(classroom.id, classroom.name)
        for classroom in teacher_classes(current_user)
        if classroom.archived_at is None and classroom.id != quiz.classroom_id
    ]
    return form


def reuse_context(
    quiz: Quiz, share_form: ShareForm | None = None, copy: CopyToClassForm | None = None
) -> dict:
    """What the quiz page's Reuse card needs."""
    return {
        "share_form": share_form or ShareForm(formdata=None),
        "copy_form": copy or copy_form(quiz, formdata=None),
        "quiz_shares": shares_of_quiz(quiz),
    }
