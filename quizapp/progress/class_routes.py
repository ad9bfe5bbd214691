"""A teacher's view of a class's progress, its CSV, and one learner's progress page."""

from __future__ import annotations

from flask import abort, render_template

from quizapp.auth.access import role_required
from quizapp.classes.access import owned_class
from quizapp.clock import utcnow
from quizapp.models import Role
from quizapp.progress import bp
from quizapp.progress.class_queries import LEAST_KNOWN_DAYS, OVERDUE_BEHIND, QUIET_DAYS, class_progress
from quizapp.progress.learner_page import render_progress
from quizapp.spreadsheet import csv_download, csv_text


@bp.route("/classes/<int:class_id>")
@role_required(Role.TEACHER)
def class_page(class_id: int):
    classroom = owned_class(class_id)
    page = class_progress(classroom, utcnow())
    return render_template(
        "progress/class.html",
        classroom=classroom,
        page=page,
        overdue_behind=OVERDUE_BEHIND,
        quiet_days=QUIET_DAYS,
        least_known_days=LEAST_KNOWN_DAYS,
    )


@bp.route("/classes/<int:class_id>/mastery.csv")
@role_required(Role.TEACHER)
def class_csv(class_id: int):
    classroom = owned_class(class_id)
    page = class_progress(classroom, utcnow())
    header = [
        "learner",
        *[s.title for s in page.sections],
        "facts mastered",
        "facts seen",
        "reviews overdue",
        "retention 7 days",
        "retention 30 days",
    ]
    rows = [
        [
            row.user.display_name,
            *[f"{m.mastered_share:.2f}" for m in row.mastery],
            row.mastered,
            row.seen,
            row.overdue,
            "" if row.retention_7 is None else f"{row.retention_7:.2f}",
            "" if row.retention_30 is None else f"{row.retention_30:.2f}",
        ]
        for row in page.rows
    ]
    return csv_download(csv_text(header, rows), f"class-{classroom.id}-mastery.csv")


@bp.route("/classes/<int:class_id>/scores.csv")
@role_required(Role.TEACHER)
def class_scores_csv(class_id: int):
    classroom = owned_class(class_id)
    page = class_progress(classroom, utcnow())
    header = ["learner", *[row.quiz.title for row in page.assignments]]
    rows = [
        [
            learner.user.display_name,
            *[
                "" if (score := row.best_scores.get(learner.user.id)) is None else f"{score:.2f}"
                for row in page.assignments
            ],
        ]
        for learner in page.rows
    ]
    return csv_download(csv_text(header, rows), f"class-{classroom.id}-scores.csv")


@bp.route("/classes/<int:class_id>/learners/<int:user_id>")
@role_required(Role.TEACHER)
def class_learner(class_id: int, user_id: int):
    classroom = owned_class(class_id)
    enrollment = next((e for e in classroom.enrollments if e.user_id == user_id), None)
    if enrollment is None:
        abort(404)
    return render_progress(enrollment.user, classroom=classroom)
