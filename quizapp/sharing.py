"""Naming another teacher to share a deck or a quiz with: by the email of their teacher account.

A sharer learns only whether an address belongs to a teacher, which teachers of one school may know
anyway; a learner's account, a disabled one and no account at all get the same answer, and refused
tries are rate limited (SHARE_LIMIT), so the form cannot be used to list accounts.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from flask import abort, flash
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import EmailField, SubmitField
from wtforms.validators import DataRequired, Email, Length

from quizapp.auth.accounts import find_user_by_email
from quizapp.extensions import db
from quizapp.models import DeckShare, QuizShare, User

ShareRow = DeckShare | QuizShare

NO_SUCH_TEACHER = (
    "No teacher account uses that address. Check it, or ask them to get a teacher account first."
)


class ShareError(ValueError):
    """Sharing can't be done as asked; the message is for the person."""


class ShareForm(FlaskForm):
    email = EmailField(
        "Teacher's email",
        validators=[
            DataRequired(message="Enter the email address of their teacher account."),
            Email(message="That doesn't look like an email address.", check_deliverability=False),
            Length(max=254, message="Use at most 254 characters."),
        ],
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
        description="The address of their teacher account. They can copy it, but not change yours.",
    )
    submit = SubmitField("Share")


def teacher_to_share_with(email: str, sharer: User) -> User:
    """The teacher account `email` names; ShareError (one message for every other case) if none."""
    user = find_user_by_email(email)
    if user is None or not user.is_teacher or user.is_disabled or user.is_guest:
        raise ShareError(NO_SUCH_TEACHER)
    if user.id == sharer.id:
        raise ShareError("That is your own address: it is yours already.")
    return user


def add_share(model: type[ShareRow], item_id: int, teacher: User, now: datetime) -> bool:
    """Share the deck or quiz `item_id` (by `model`, the share table) with `teacher`; False if it
    already was (nothing changes)."""
    item = DeckShare.deck_id if model is DeckShare else QuizShare.quiz_id
    exists = db.session.scalar(select(model.id).where(item == item_id, model.teacher_id == teacher.id))
    if exists is not None:
        return False
    key = "deck_id" if model is DeckShare else "quiz_id"
    db.session.add(model(**{key: item_id, "teacher_id": teacher.id, "shared_at": now}))
    db.session.flush()
    return True


def remove_share(model: type[ShareRow], item_id: int, share_id: int) -> ShareRow | None:
    """Remove one share of the deck or quiz `item_id` (None if `share_id` is not one of its shares)."""
    share = db.session.get(model, share_id)
    if isinstance(share, DeckShare):
        shared_item = share.deck_id
    elif isinstance(share, QuizShare):
        shared_item = share.quiz_id
    else:
        return None
    if shared_item != item_id:
        return None
    db.session.delete(share)
    db.session.flush()
    return share


def share_from_form(form: ShareForm, sharer: User, share: Callable[[User], bool], gives: str) -> bool:
    """Handle a submitted share form: True when done (flashed; the caller commits and redirects),
    False when refused (the reason is on the form; a bad CSRF token is a plain 400)."""
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            abort(400)
        return False
    try:
        teacher = teacher_to_share_with(form.email.data, sharer)
    except ShareError as error:
        form.email.errors.append(str(error))
        return False
    if share(teacher):
        flash(f"Shared with {teacher.display_name} ({teacher.email}): {gives}", "success")
    else:
        flash(f"It was already shared with {teacher.display_name}.", "info")
    return True
