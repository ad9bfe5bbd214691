"""Roles: only admins manage users; a changed role takes effect at once."""

from __future__ import annotations

import pytest

from quizapp.extensions import db
from quizapp.models import Role, User
from tests.conftest import post_form


@pytest.mark.parametrize(
    ("role", "status"),
    [(None, 302), ("guest", 403), (Role.LEARNER, 403), (Role.TEACHER, 403), (Role.ADMIN, 200)],
)
def test_only_admins_see_the_user_list(client, auth, make_user, role, status):
    if role == "guest":
        auth.try_as_guest()
    elif role is not None:
        user = make_user(role)
        auth.sign_in(email=user.email)
    assert client.get("/admin/users").status_code == status


def test_admin_changes_a_role(client, auth, make_user, app):
    admin = make_user(Role.ADMIN)
    learner = make_user(Role.LEARNER)
    auth.sign_in(email=admin.email)
    response = post_form(
        client,
        "/admin/users/role",
        {"user_id": learner.id, "role": "teacher"},
        form_page="/admin/users",
        follow_redirects=True,
    )
    assert "is now teacher" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, learner.id).role == "teacher"


def test_learner_cannot_promote_themselves(client, auth, make_user, app):
    learner = make_user(Role.LEARNER)
    auth.sign_in(email=learner.email)
    token_page = "/settings"
    response = post_form(
        client, "/admin/users/role", {"user_id": learner.id, "role": "admin"}, form_page=token_page
    )
    assert response.status_code == 403
    with app.app_context():
        assert db.session.get(User, learner.id).role == "learner"


def test_admin_cannot_demote_themselves(client, auth, make_user, app):
    admin = make_user(Role.ADMIN)
    auth.sign_in(email=admin.email)
    response = post_form(
        client,
        "/admin/users/role",
        {"user_id": admin.id, "role": "learner"},
        form_page="/admin/users",
        follow_redirects=True,
    )
    assert "remove your own admin role" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, admin.id).role == "admin"


@pytest.mark.parametrize("user_id", ["999", "abc", ""])
def test_role_change_for_unknown_user_is_a_clear_4xx(client, auth, make_user, user_id):
    admin = make_user(Role.ADMIN)
    auth.sign_in(email=admin.email)
    response = post_form(
        client, "/admin/users/role", {"user_id": user_id, "role": "teacher"}, form_page="/admin/users"
    )
    assert response.status_code in {400, 404}
