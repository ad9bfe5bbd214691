"""The user list, where an admin changes roles."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from quizapp.admin import bp
from quizapp.admin.forms import RoleForm
from quizapp.auth.access import role_required
from quizapp.auth.accounts import AccountError, set_role
from quizapp.extensions import db
from quizapp.models import Role, User
from quizapp.routing import parse_database_id


def _registered_users() -> list[User]:
    return list(db.session.scalars(select(User).where(User.is_guest.is_(False)).order_by(User.email)))


@bp.route("/users")
@role_required(Role.ADMIN)
def users():
    rows = [(user, RoleForm(user_id=user.id, role=user.role)) for user in _registered_users()]
    return render_template("admin/users.html", rows=rows)


@bp.route("/users/role", methods=["POST"])
@role_required(Role.ADMIN)
def change_role():
    form = RoleForm()
    if not form.validate_on_submit():
        abort(400)
    user_id = parse_database_id(form.user_id.data)
    user = db.session.get(User, user_id) if user_id is not None else None
    if user is None:
        abort(404)
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
