"""Shared by the quiz pages: finding the teacher's quiz, checking a button's form, times in the user's zone."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import abort
from flask_login import current_user

from quizapp.classes.access import owned_class
from quizapp.extensions import db
from quizapp.models import Quiz
from quizapp.quizzes.sharing import is_shared_with


def check_form(form) -> None:
    """A POST-only button's form must validate (CSRF); otherwise the request is bad."""
    if not form.validate_on_submit():
        abort(400)


def owned_quiz(quiz_id: int) -> Quiz:
    """The quiz if the signed-in teacher owns its class (or is an admin); 404 for everyone else."""
    quiz = db.session.get(Quiz, quiz_id)
    if quiz is None:
        abort(404)
    owned_class(quiz.classroom_id)
    return quiz


def readable_quiz(quiz_id: int) -> Quiz:
    """The quiz if the signed-in teacher owns it or it is shared with them (read and copy only);
    404 for everyone else."""
    quiz = db.session.get(Quiz, quiz_id)
    if quiz is None:
        abort(404)
    if not (
        quiz.classroom.teacher_id == current_user.id
        or current_user.is_admin
        or is_shared_with(quiz, current_user)
    ):
        abort(404)
    return quiz


def zone() -> ZoneInfo:
    try:
        return ZoneInfo(current_user.time_zone or "UTC")
    except (KeyError, ValueError):
        return ZoneInfo("UTC")


def in_local_zone(moment: datetime) -> datetime:
    """`moment` in the user's zone; a stored date at the edge of the calendar stays in UTC rather
    than crash the page (year 1 has no earlier day to move to)."""
    try:
        return moment.astimezone(zone())
    except OverflowError:
        return moment


def local_time(moment: datetime | None) -> str:
    return in_local_zone(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def to_utc(local: datetime | None) -> datetime | None:
    return local.replace(tzinfo=zone()).astimezone(UTC) if local else None
