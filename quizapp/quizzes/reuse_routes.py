"""Reusing a quiz: copy it into another class of one's own, share it with another teacher, who reads
it and copies it into a class of theirs."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from quizapp import content
from quizapp.auth.access import role_required
from quizapp.classes.access import owned_class
from quizapp.clock import utcnow
from quizapp.extensions import db
from quizapp.models import Quiz, Role
from quizapp.quizzes import bp
from quizapp.quizzes import service as quizzes
from quizapp.quizzes.edit_page import render_edit
from quizapp.quizzes.forms import ActionForm
from quizapp.quizzes.lookup import check_form, owned_quiz, readable_quiz
from quizapp.quizzes.reuse import copy_form
from quizapp.quizzes.sharing import share_quiz, unshare_quiz
from quizapp.ratelimits import failed_per_address
from quizapp.sharing import ShareForm, share_from_form


def _copy_into_class(quiz: Quiz, back: str):
    form = copy_form(quiz)
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            abort(400)
        flash(" ".join(form.class_id.errors) or "Choose one of your classes.", "error")
        return redirect(back)
    classroom = owned_class(form.class_id.data)
    copy = quizzes.duplicate_quiz(quiz, utcnow(), classroom)
    db.session.commit()
    flash(f"Copied “{quiz.title}” to {classroom.name} as a draft.", "success")
    return redirect(url_for("quizzes.edit", quiz_id=copy.id))


@bp.route("/quizzes/<int:quiz_id>/copy", methods=["POST"])
@role_required(Role.TEACHER)
def copy_to_class(quiz_id: int):
    """The teacher's quiz, copied as a draft into another class of theirs."""
    quiz = owned_quiz(quiz_id)
    return _copy_into_class(quiz, url_for("quizzes.edit", quiz_id=quiz.id, _anchor="reuse"))


@bp.route("/quizzes/<int:quiz_id>/shares", methods=["POST"])
@failed_per_address("SHARE_LIMIT")  # each refused address costs: no listing accounts through this form
@role_required(Role.TEACHER)
def share(quiz_id: int):
    quiz = owned_quiz(quiz_id)
    form = ShareForm()
    gives = "they can read it and copy it into a class of theirs."
    if share_from_form(form, current_user, lambda teacher: share_quiz(quiz, teacher, utcnow()), gives):
        db.session.commit()
        return redirect(url_for("quizzes.edit", quiz_id=quiz.id, _anchor="reuse"))
    return render_edit(quiz, share_form=form, status=400)


@bp.route("/quizzes/<int:quiz_id>/shares/<int:share_id>/remove", methods=["POST"])
@role_required(Role.TEACHER)
def unshare(quiz_id: int, share_id: int):
    quiz = owned_quiz(quiz_id)
    check_form(ActionForm())
    removed = unshare_quiz(quiz, share_id)
    if removed is None:
        abort(404)
    db.session.commit()
    flash(f"No longer shared with {removed.teacher.display_name}. Copies they made stay theirs.", "success")
    return redirect(url_for("quizzes.edit", quiz_id=quiz.id, _anchor="reuse"))


@bp.route("/quizzes/<int:quiz_id>/shared")
@role_required(Role.TEACHER)
def shared(quiz_id: int):
    """A quiz shared with the signed-in teacher, read-only: its questions and settings, and a copy button."""
    quiz = readable_quiz(quiz_id)
    rows = quizzes.questions_of(quiz)
    return render_template(
        "quizzes/shared.html",
        quiz=quiz,
        questions=[(row, quizzes.quiz_question(quiz, row)) for row in rows],
        kind_views=content.KINDS,
        copy_form=copy_form(quiz, formdata=None),
        owner=quiz.classroom.teacher,
    )


@bp.route("/quizzes/<int:quiz_id>/shared/copy", methods=["POST"])
@role_required(Role.TEACHER)
def copy_shared(quiz_id: int):
    quiz = readable_quiz(quiz_id)
    return _copy_into_class(quiz, url_for("quizzes.shared", quiz_id=quiz.id))
