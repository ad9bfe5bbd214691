"""Class pages: the teacher's list and roster, joining by code or link."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from markupsafe import Markup

from quizapp.auth.access import role_required
from quizapp.classes import bp
from quizapp.classes.access import owned_class
from quizapp.classes.forms import ActionForm, ClassForm, JoinForm
from quizapp.classes.service import (
    ClassError,
    create_class,
    format_code,
    join_class,
    join_qr_svg,
    learner_classes,
    normalise_code,
    regenerate_code,
    remove_learner,
    set_archived,
    teacher_classes,
)
from quizapp.clock import utcnow
from quizapp.extensions import db
from quizapp.links import public_url_for
from quizapp.models import Classroom, Role
from quizapp.ratelimits import failed_per_address, record_failed_attempt


@bp.route("/classes/", methods=["GET", "POST"])
@login_required
def index():
    if request.method == "POST" and not current_user.is_teacher:
        abort(403)  # only teachers create classes; learners see the join form on this page
    form = ClassForm()
    if form.validate_on_submit():
        classroom = create_class(current_user, form.name.data)
        db.session.commit()
        flash(
            f"Class “{classroom.name}” created. Share its code: {format_code(classroom.join_code)}", "success"
        )
        return redirect(url_for("classes.detail", class_id=classroom.id))
    status = 400 if form.errors else 200
    return render_template(
        "classes/index.html",
        form=form,
        join_form=JoinForm(),
        teaching=teacher_classes(current_user) if current_user.is_teacher else [],
        learning=learner_classes(current_user),
        format_code=format_code,
    ), status


@bp.route("/classes/<int:class_id>")
@role_required(Role.TEACHER)
def detail(class_id: int):
    classroom = owned_class(class_id)
    join_url = public_url_for("classes.join_link", code=classroom.join_code)
    return render_template(
        "classes/detail.html",
        classroom=classroom,
        code=format_code(classroom.join_code),
        join_url=join_url,
        qr_svg=Markup(join_qr_svg(join_url)),
        action_form=ActionForm(),
        roster=sorted(classroom.enrollments, key=lambda e: e.user.display_name.lower()),
    )


@bp.route("/classes/<int:class_id>/code", methods=["POST"])
@role_required(Role.TEACHER)
def new_code(class_id: int):
    classroom = owned_class(class_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    code = regenerate_code(classroom)
    db.session.commit()
    flash(f"New join code: {format_code(code)}. The old one no longer works.", "success")
    return redirect(url_for("classes.detail", class_id=class_id))


@bp.route("/classes/<int:class_id>/archive", methods=["POST"])
@role_required(Role.TEACHER)
def archive(class_id: int):
    classroom = owned_class(class_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    archiving = classroom.archived_at is None
    set_archived(classroom, archiving, utcnow())
    db.session.commit()
    flash("Class archived: nobody can join it now." if archiving else "Class restored.", "info")
    return redirect(url_for("classes.detail", class_id=class_id))


@bp.route("/classes/<int:class_id>/learners/<int:user_id>/remove", methods=["POST"])
@role_required(Role.TEACHER)
def remove(class_id: int, user_id: int):
    classroom = owned_class(class_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    removed = remove_learner(classroom, user_id)
    if removed is None:
        abort(404)
    db.session.commit()
    flash(f"{removed.display_name} was removed from the class. Their own progress is kept.", "info")
    return redirect(url_for("classes.detail", class_id=class_id))


@bp.route("/join", methods=["POST"])
@login_required
@failed_per_address("JOIN_LIMIT")
def join():
    form = JoinForm()
    if form.validate_on_submit():
        return _join(form.code.data)
    record_failed_attempt()
    flash(" ".join(form.code.errors) or "Enter the code your teacher gave you.", "error")
    return redirect(url_for("classes.index"))


@bp.route("/join/<code>", methods=["GET", "POST"])
@login_required
@failed_per_address("JOIN_LIMIT")
def join_link(code: str):
    """The link behind the QR code: confirm, then join (a GET never changes anything)."""
    form = ActionForm()
    if form.validate_on_submit():
        return _join(code)
    classroom = db.session.scalar(
        db.select(Classroom).where(Classroom.join_code == normalise_code(code[:20]))
    )
    if classroom is None or classroom.archived_at is not None:
        flash("No open class has that code. Check it with your teacher.", "error")
        return redirect(url_for("classes.index"))
    return render_template("classes/join.html", classroom=classroom, form=form, code=code)


def _join(code: str):
    try:
        classroom, added = join_class(current_user, code)
    except ClassError as error:
        db.session.rollback()
        record_failed_attempt()
        flash(str(error), "error")
        return redirect(url_for("classes.index"))
    db.session.commit()
    flash(
        f"You joined “{classroom.name}”." if added else f"You are already in “{classroom.name}”.", "success"
    )
    return redirect(url_for("classes.index"))
