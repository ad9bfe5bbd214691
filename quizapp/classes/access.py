"""Who may open a class's teacher pages: the one rule every package's routes use."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from quizapp.extensions import db
from quizapp.models import Classroom


def owned_class(class_id: int) -> Classroom:
    """The class if the signed-in teacher owns it (or is an admin); 404 for everyone else."""
    classroom = db.session.get(Classroom, class_id)
    if classroom is None or not (classroom.teacher_id == current_user.id or current_user.is_admin):
        abort(404)
    return classroom
