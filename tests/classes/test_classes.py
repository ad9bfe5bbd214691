"""Classes: create, join by code or link, roster, remove, new code, archive; who may do what."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from quizapp.classes.service import CODE_ALPHABET, normalise_code
from quizapp.extensions import db
from quizapp.models import Classroom, Enrollment, Role, User
from tests.conftest import STRONG_PASSWORD, AuthActions, csrf_token, post_form


@pytest.fixture
def people(app, make_user):
    """A teacher with a class, a learner in it, a learner of another class, another teacher, an admin."""
    users = {
        "teacher": make_user(Role.TEACHER),
        "other_teacher": make_user(Role.TEACHER),
        "learner": make_user(Role.LEARNER),
        "outsider": make_user(Role.LEARNER),
        "admin": make_user(Role.ADMIN),
    }
    return users


def as_user(app, user):
    client = app.test_client()
    if user is not None:
        AuthActions(client).sign_in(email=user.email)
    return client


def make_class(app, teacher, name="Period 3 — AI literacy") -> Classroom:
    client = as_user(app, teacher)
    response = post_form(client, "/classes/", {"name": name})
    assert response.status_code == 302
    with app.app_context():
        classroom = db.session.scalar(select(Classroom).where(Classroom.name == name))
        db.session.expunge(classroom)
        return classroom


def join(app, user, code: str):
    client = as_user(app, user)
    return client, post_form(client, "/join", {"code": code}, form_page="/classes/", follow_redirects=True)


def enrolled(app, classroom_id: int) -> set[int]:
    with app.app_context():
        return set(
            db.session.scalars(select(Enrollment.user_id).where(Enrollment.classroom_id == classroom_id))
        )


def test_teacher_creates_a_class_with_an_unambiguous_code(app, people):
    classroom = make_class(app, people["teacher"])
    assert len(classroom.join_code) == 8
    assert set(classroom.join_code) <= set(CODE_ALPHABET)
    assert not set(classroom.join_code) & set("01OIL")
    page = as_user(app, people["teacher"]).get(f"/classes/{classroom.id}").get_data(as_text=True)
    assert f"{classroom.join_code[:4]}-{classroom.join_code[4:]}" in page
    assert "<svg" in page and f"/join/{classroom.join_code}" in page


def test_learner_joins_by_code_typed_loosely(app, people):
    classroom = make_class(app, people["teacher"])
    typed = f" {classroom.join_code[:4].lower()}-{classroom.join_code[4:].lower()} "
    _client, response = join(app, people["learner"], typed)
    assert "You joined" in response.get_data(as_text=True)
    assert enrolled(app, classroom.id) == {people["learner"].id}
    _client, again = join(app, people["learner"], classroom.join_code)
    assert "already in" in again.get_data(as_text=True)
    assert enrolled(app, classroom.id) == {people["learner"].id}


def test_join_link_asks_before_joining(app, people):
    classroom = make_class(app, people["teacher"])
    client = as_user(app, people["learner"])
    page = client.get(f"/join/{classroom.join_code}")
    assert page.status_code == 200 and "Join “Period 3" in page.get_data(as_text=True)
    assert enrolled(app, classroom.id) == set()  # a GET changes nothing
    token = csrf_token(client, f"/join/{classroom.join_code}")
    client.post(f"/join/{classroom.join_code}", data={"csrf_token": token})
    assert enrolled(app, classroom.id) == {people["learner"].id}


@pytest.mark.parametrize("code", ["", "NOPE1234", "X" * 30, "<script>alert(1)</script>"])
def test_bad_codes_get_a_clear_message(app, people, code):
    make_class(app, people["teacher"])
    _client, response = join(app, people["learner"], code)
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "No open class has that code" in text or "Enter the code" in text or "too long" in text
    assert "<script>alert(1)</script>" not in text
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Enrollment)) == 0


def test_new_code_stops_the_old_one_and_archive_closes_joining(app, people):
    classroom = make_class(app, people["teacher"])
    teacher = as_user(app, people["teacher"])
    post_form(teacher, f"/classes/{classroom.id}/code", {}, form_page=f"/classes/{classroom.id}")
    _client, response = join(app, people["learner"], classroom.join_code)
    assert "No open class has that code" in response.get_data(as_text=True)
    with app.app_context():
        fresh = db.session.get(Classroom, classroom.id).join_code
    assert fresh != classroom.join_code
    post_form(teacher, f"/classes/{classroom.id}/archive", {}, form_page=f"/classes/{classroom.id}")
    _client, response = join(app, people["learner"], fresh)
    assert "No open class has that code" in response.get_data(as_text=True)
    post_form(teacher, f"/classes/{classroom.id}/archive", {}, form_page=f"/classes/{classroom.id}")
    _client, response = join(app, people["learner"], fresh)
    assert "You joined" in response.get_data(as_text=True)


def test_teacher_removes_a_learner(app, people):
    classroom = make_class(app, people["teacher"])
    join(app, people["learner"], classroom.join_code)
    teacher = as_user(app, people["teacher"])
    page = teacher.get(f"/classes/{classroom.id}").get_data(as_text=True)
    assert people["learner"].display_name in page
    response = post_form(
        teacher,
        f"/classes/{classroom.id}/learners/{people['learner'].id}/remove",
        {},
        form_page=f"/classes/{classroom.id}",
        follow_redirects=True,
    )
    assert "was removed from the class" in response.get_data(as_text=True)
    assert enrolled(app, classroom.id) == set()


def test_joining_is_rate_limited(app, people):
    app.config["JOIN_LIMIT"] = "3 per minute"
    client = as_user(app, people["learner"])
    token = csrf_token(client, "/classes/")
    statuses = [
        client.post("/join", data={"csrf_token": token, "code": f"WRONG{i:03d}"}).status_code
        for i in range(4)
    ]
    assert statuses == [302, 302, 302, 429]


ROUTES = [
    ("get", "/classes/{id}"),
    ("post", "/classes/{id}/code"),
    ("post", "/classes/{id}/archive"),
    ("post", "/classes/{id}/learners/{learner}/remove"),
]


@pytest.mark.parametrize(("method", "path"), ROUTES)
@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        (None, False),
        ("guest", False),
        ("learner", False),
        ("outsider", False),
        ("other_teacher", False),
        ("teacher", True),
        ("admin", True),
    ],
)
def test_only_the_classes_teacher_and_admins_reach_its_pages(app, people, method, path, who, allowed):
    classroom = make_class(app, people["teacher"])
    join(app, people["learner"], classroom.join_code)
    other_class = make_class(app, people["other_teacher"], name="Other class")
    join(app, people["outsider"], other_class.join_code)
    if who == "guest":
        client = app.test_client()
        AuthActions(client).try_as_guest()
    else:
        client = as_user(app, people[who] if who else None)
    url = path.format(id=classroom.id, learner=people["learner"].id)
    if method == "get":
        response = client.get(url)
    else:
        token_page = client.get("/classes/")
        match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', token_page.get_data(as_text=True))
        response = client.post(url, data={"csrf_token": match.group(1) if match else ""})
    if allowed:
        assert response.status_code in {200, 302}
        if method == "post":
            assert response.headers["Location"].startswith(f"/classes/{classroom.id}")
    else:
        assert response.status_code in {302, 400, 403, 404}  # 400: no form token to be had
        if response.status_code == 302:
            assert "/signin" in response.headers["Location"]
        with app.app_context():
            fresh = db.session.get(Classroom, classroom.id)
            assert fresh.join_code == classroom.join_code and fresh.archived_at is None
        assert people["learner"].id in enrolled(app, classroom.id)


def test_learners_cannot_create_classes(app, people):
    client = as_user(app, people["learner"])
    response = post_form(client, "/classes/", {"name": "Mine"})
    assert response.status_code == 403  # refused outright, not the page again
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Classroom)) == 0


def test_class_names_render_as_text(app, people):
    classroom = make_class(app, people["teacher"], name="<img src=x onerror=alert(1)>")
    page = as_user(app, people["teacher"]).get(f"/classes/{classroom.id}").get_data(as_text=True)
    assert "<img src=x" not in page and "&lt;img src=x" in page


def test_normalise_code():
    assert normalise_code(" abcd-efgh ") == "ABCDEFGH"


def sign_up_fields(email: str, next_url: str) -> dict:
    return {
        "display_name": email.split("@")[0].title(),
        "email": email,
        "password": STRONG_PASSWORD,
        "confirm": STRONG_PASSWORD,
        "next": next_url,
    }


def test_a_join_link_survives_sign_up_sign_in_and_a_guest_upgrade(app, people):
    """Someone who opens a class's join link signed out ends up in the class however they get an
    account: a new one (joined at once), an existing one (the link's page after signing in) or as
    a guest who joins and later saves their progress."""
    classroom = make_class(app, people["teacher"])
    link = f"/join/{classroom.join_code}"

    newcomer = app.test_client()
    to_sign_in = newcomer.get(link)
    assert to_sign_in.status_code == 302 and "/signin?next=" in to_sign_in.headers["Location"]
    sign_in_page = newcomer.get(to_sign_in.headers["Location"]).get_data(as_text=True)
    sign_up_url = re.search(r'href="(/signup\?next=[^"]+)"', sign_in_page).group(1).replace("&amp;", "&")
    assert "to join “Period 3 — AI literacy”" in sign_in_page
    sign_up_page = newcomer.get(sign_up_url).get_data(as_text=True)
    assert "Once your account is made you join “Period 3 — AI literacy”" in sign_up_page
    assert re.search(rf'name="next"[^>]*value="{re.escape(link)}"', sign_up_page)
    created = post_form(
        newcomer, "/signup", sign_up_fields("newcomer@example.org", link), form_page=sign_up_url
    )
    assert created.status_code == 302 and created.headers["Location"].endswith("/classes/")
    landing = newcomer.get("/classes/").get_data(as_text=True)
    assert "You joined “Period 3 — AI literacy”." in landing and "Period 3 — AI literacy" in landing
    with app.app_context():
        newcomer_id = db.session.scalar(select(func.max(Enrollment.user_id)))
    assert newcomer_id in enrolled(app, classroom.id)

    # An address that already has an account: answered as ever, and sent to sign in, still headed to the link.
    again = app.test_client()
    taken = post_form(
        again, "/signup", sign_up_fields(people["outsider"].email, link), form_page=f"/signup?next={link}"
    )
    assert taken.status_code == 302 and "/signin?next=" in taken.headers["Location"]
    assert people["outsider"].id not in enrolled(app, classroom.id)
    signed_in = post_form(
        again,
        "/signin",
        {"email": people["outsider"].email, "password": STRONG_PASSWORD, "next": link},
        form_page=f"/signin?next={link}",
    )
    assert signed_in.headers["Location"].endswith(link)
    assert post_form(again, link, {}).status_code == 302
    assert people["outsider"].id in enrolled(app, classroom.id)

    # A guest joins with the link, then makes an account: still in the class.
    guest = app.test_client()
    AuthActions(guest).try_as_guest()
    assert "Join “Period 3 — AI literacy”?" in guest.get(link).get_data(as_text=True)
    assert post_form(guest, link, {}).status_code == 302
    with app.app_context():
        guest_id = db.session.scalar(select(func.max(Enrollment.user_id)))
    assert AuthActions(guest).sign_up(email="upgraded@example.org").status_code == 302
    assert guest_id in enrolled(app, classroom.id)
    with app.app_context():
        assert db.session.get(User, guest_id).email == "upgraded@example.org"


def test_sign_up_never_follows_a_next_to_another_site(app):
    client = app.test_client()
    response = post_form(client, "/signup", sign_up_fields("safe@example.org", "//evil.example/join/ABC"))
    assert response.status_code == 302 and response.headers["Location"] in ("/", "http://localhost/")


def test_the_headers_sign_up_and_sign_in_links_keep_a_join_link(app, people):
    """The sign-in page a join link leads to has two ways to make an account, the page's own link
    and the header's button: both keep the class, and an account made through the header's joins it."""
    classroom = make_class(app, people["teacher"])
    link = f"/join/{classroom.join_code}"
    visitor = app.test_client()
    sign_in_page = visitor.get(visitor.get(link).headers["Location"]).get_data(as_text=True)
    header = sign_in_page.split("</header>")[0]
    header_sign_up = re.search(r'href="(/signup[^"]*)"', header).group(1).replace("&amp;", "&")
    header_sign_in = re.search(r'href="(/signin[^"]*)"', header).group(1).replace("&amp;", "&")
    assert header_sign_up.startswith("/signup?next=") and header_sign_in.startswith("/signin?next=")
    created = post_form(
        visitor, "/signup", sign_up_fields("header@example.org", link), form_page=header_sign_up
    )
    assert created.status_code == 302 and created.headers["Location"].endswith("/classes/")
    with app.app_context():
        newcomer_id = db.session.scalar(select(User.id).where(User.email == "header@example.org"))
    assert newcomer_id in enrolled(app, classroom.id)

    # A next that leads off the site is not carried into the header.
    elsewhere = app.test_client().get("/signin?next=//evil.example/join/ABC").get_data(as_text=True)
    assert "evil.example" not in elsewhere.split("</header>")[0]
    plain = app.test_client().get("/").get_data(as_text=True).split("</header>")[0]
    assert 'href="/signup"' in plain and 'href="/signin"' in plain
