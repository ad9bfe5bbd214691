"""The user list, where an admin changes roles and makes password-reset links."""

from __future__ import annotations

from datetime import timedelta

from flask import abort, current_app, flash, g, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from quizapp.admin import bp
from quizapp.admin.forms import ResetLinkForm, RoleForm
from quizapp.auth.access import role_required
from quizapp.auth.accounts import AccountError, set_role
from quizapp.auth.notices import reset_link
from quizapp.auth.recovery import can_reset
from quizapp.clock import account_now
from quizapp.extensions import db
from quizapp.models import Role, User
from quizapp.routing import parse_database_id


def _registered_users() -> list[User]:
    return list(db.session.scalars(select(User).where(User.is_guest.is_(False)).order_by(User.email)))


@bp.route("/users")
@role_required(Role.ADMIN)
def users():
    rows = [
        (user, RoleForm(user_id=user.id, role=user.role), ResetLinkForm(user_id=user.id))
        for user in _registered_users()
    ]
    return render_template("admin/users.html", rows=rows)


def _posted_user(form) -> User:
    if not form.validate_on_submit():
        abort(400)
    user_id = parse_database_id(form.user_id.data)
    user = db.session.get(User, user_id) if user_id is not None else None
    if user is None:
        abort(404)
    return user


@bp.route("/users/role", methods=["POST"])
@role_required(Role.ADMIN)
def change_role():
    form = RoleForm()
    user = _posted_user(form)
    if user.id == current_user.id and form.role.data != Role.ADMIN:
        flash("You can't remove your own admin role; ask another admin.", "error")
        return redirect(url_for("admin.users"))
    try:
        set_role(user, Role(form.role.data))
    except AccountError as error:
        flash(str(error), "error")
        return redirect(url_for("admin.users"))
    db.session.commit()
    flash(f"{user.display_name} is now {user.role}.", "success")
    return redirect(url_for("admin.users"))


@bp.route("/users/reset-link", methods=["POST"])
@role_required(Role.ADMIN)
def reset_link_page():
    """A password-reset link for someone who cannot get mail; the admin hands it over in person.

    It changes nothing until it is used, and stops working once used, after ADMIN_RESET_HOURS, or
    when the password changes some other way.
    """
    g.write_transaction = False  # it only reads
    user = _posted_user(ResetLinkForm())
    if not can_reset(user):
        flash(f"{user.display_name}'s account is disabled; it has no password to reset.", "error")
        return redirect(url_for("admin.users"))
    hours = current_app.config["ADMIN_RESET_HOURS"]
    link = reset_link(user, account_now(), timedelta(hours=hours))
    return render_template("admin/reset_link.html", user=user, link=link, hours=hours)
