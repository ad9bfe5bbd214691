"""Making classes, join codes and rosters. Functions flush; the request commits."""

from __future__ import annotations

import secrets
from datetime import datetime
from urllib.parse import urlsplit

import segno
from flask import current_app
from sqlalchemy import select
from werkzeug.exceptions import HTTPException

from quizapp.extensions import db
from quizapp.models import Classroom, Enrollment, User

# No 0/O, 1/I/L: a code read off a projector must not be ambiguous.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8  # 31**8 ≈ 8.5e11 codes, and joining is rate-limited


class ClassError(ValueError):
    """A class action that can't be done; the message is for the person."""


def normalise_code(code: str) -> str:
    """Accept what people type: any case, spaces or dashes between groups."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def format_code(code: str) -> str:
    """Show a code in two halves, easier to read aloud: ABCD-EFGH."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


def new_join_code(length: int = CODE_LENGTH, column=Classroom.join_code) -> str:
    """A random code of `length` that no row has yet in `column` (a class's code by default)."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))
        if db.session.scalar(select(column).where(column == code)) is None:
            return code


def create_class(teacher: User, name: str) -> Classroom:
    classroom = Classroom(teacher_id=teacher.id, name=name.strip(), join_code=new_join_code())
    db.session.add(classroom)
    db.session.flush()
    return classroom


def regenerate_code(classroom: Classroom) -> str:
    """A new code; the old one stops working at once (learners already in stay in)."""
    classroom.join_code = new_join_code()
    return classroom.join_code


def set_archived(classroom: Classroom, archived: bool, now: datetime) -> None:
    classroom.archived_at = now if archived else None


def join_class(user: User, code: str) -> tuple[Classroom, bool]:
    """Put `user` in the class with `code`; returns (class, whether they were newly added)."""
    classroom = db.session.scalar(select(Classroom).where(Classroom.join_code == normalise_code(code)))
    if classroom is None or classroom.archived_at is not None:
        raise ClassError("No open class has that code. Check it with your teacher.")
    if classroom.teacher_id == user.id:
        raise ClassError("This is your own class.")
    if any(e.user_id == user.id for e in classroom.enrollments):
        return classroom, False
    classroom.enrollments.append(Enrollment(user_id=user.id))
    db.session.flush()
    return classroom, True


def class_of_join_link(next_url: str | None) -> Classroom | None:
    """The open class whose join link `next_url` is (where someone signing in or up was going)."""
    path = urlsplit(next_url or "").path
    try:
        endpoint, values = current_app.url_map.bind("localhost").match(path, method="GET")
    except HTTPException:  # not one of our pages, or a redirect (also an HTTPException)
        return None
    if endpoint != "classes.join_link":
        return None
    classroom = db.session.scalar(
        select(Classroom).where(Classroom.join_code == normalise_code(str(values["code"])[:20]))
    )
    return classroom if classroom is not None and classroom.archived_at is None else None


def join_by_link(user: User, next_url: str | None) -> Classroom | None:
    """Join the class whose join link `next_url` is, for someone who followed the link signed out
    and then made an account (the sign-up form carries the link): the join survives sign-up.
    None when it is not a join link or the class can't be joined (the link's page then says why)."""
    classroom = class_of_join_link(next_url)
    if classroom is None:
        return None
    try:
        joined, _added = join_class(user, classroom.join_code)
    except ClassError:
        return None
    return joined


def remove_learner(classroom: Classroom, user_id: int) -> User | None:
    enrollment = next((e for e in classroom.enrollments if e.user_id == user_id), None)
    if enrollment is None:
        return None
    classroom.enrollments.remove(enrollment)
    return enrollment.user


def teacher_classes(teacher: User) -> list[Classroom]:
    return list(
        db.session.scalars(
            select(Classroom)
            .where(Classroom.teacher_id == teacher.id)
            .order_by(Classroom.archived_at.is_not(None), Classroom.created_at.desc(), Classroom.id.desc())
        )
    )


def learner_classes(user: User) -> list[Classroom]:
    return list(
        db.session.scalars(
            select(Classroom)
            .join(Enrollment)
            .where(Enrollment.user_id == user.id, Classroom.archived_at.is_(None))
            .order_by(Classroom.name, Classroom.id)
        )
    )


def join_qr_svg(url: str) -> str:
    """The join link as a QR code, drawn on the server as SVG (no external service)."""
    return segno.make(url, error="m").svg_inline(scale=6, border=2, dark="#111", light="#fff")
