"""Rate limits with the shipped numbers: a class behind one address gets in, guessing does not.

Every request here comes from one address (the test client's 127.0.0.1), as a school's do behind
its router. The limits are the defaults of config.py, read from the app, not numbers made up here.
"""

from __future__ import annotations

import pytest
from limits import parse_many

from quizapp.models import Role
from tests.conftest import STRONG_PASSWORD, AuthActions, post_form
from tests.live.helpers import Player, live_row, start_live
from tests.quizzes.helpers import account, build_quiz, make_class, signed_in

CLASS_SIZE = 40


def first_limit(app, setting: str) -> int:
    """The smallest count in a limit setting such as "50 per 10 minutes;200 per hour"."""
    return min(item.amount for item in parse_many(app.config[setting]))


def test_a_class_of_forty_behind_one_address_gets_in(loaded_app):
    """Sign up (some with a typo first), join the class, sign in on a second device (some with a
    wrong password first), try as guests, and join a live game (some with a wrong code first)."""
    app = loaded_app
    teacher = signed_in(app, account(app, "teacher@example.org", Role.TEACHER))
    classroom = make_class(app, teacher)
    live_id = start_live(teacher, build_quiz(app, teacher, classroom.id, count=2, kinds=["multiple_choice"]))
    live_code = live_row(app, live_id).join_code
    problems = []

    for number in range(CLASS_SIZE):
        email = f"pupil{number}@school.example"
        laptop = app.test_client()
        pupil = AuthActions(laptop)
        if number % 4 == 0:  # a typo in the repeated password
            typo = post_form(
                laptop,
                "/signup",
                {"display_name": "P", "email": email, "password": STRONG_PASSWORD, "confirm": "oops"},
            )
            assert typo.status_code == 400
        statuses = [pupil.sign_up(email=email, name=f"Pupil {number}").status_code]
        statuses.append(
            post_form(laptop, "/join", {"code": classroom.join_code}, form_page="/classes/").status_code
        )

        tablet = AuthActions(app.test_client())
        if number % 4 == 1:
            assert tablet.sign_in(email=email, password="not my password").status_code == 400
        statuses.append(tablet.sign_in(email=email).status_code)
        statuses.append(AuthActions(app.test_client()).try_as_guest().status_code)

        phone = Player(app, app.test_client())
        if number % 4 == 2:
            assert phone.join("WRONGCODE", nickname=f"P{number}").status_code == 400
        statuses.append(phone.join(live_code, nickname=f"Pupil {number}").status_code)
        if statuses != [302] * 5:
            problems.append(f"pupil {number}: {statuses}")
    assert not problems, "\n".join(problems)
    roster = teacher.get(f"/classes/{classroom.id}").get_data(as_text=True)
    assert roster.count("Pupil ") >= CLASS_SIZE


def test_guessing_one_account_stops_without_locking_out_the_school(app, make_user):
    """Wrong passwords for one account are refused after the account limit, from any address, even
    the right one; another teacher at the same address signs in as usual."""
    target, colleague = make_user(Role.TEACHER), make_user(Role.TEACHER)
    allowed = first_limit(app, "SIGN_IN_ACCOUNT_LIMIT")
    attacker = AuthActions(app.test_client())
    statuses = [
        attacker.sign_in(email=target.email, password=f"guess number {n}").status_code for n in range(allowed)
    ]
    assert statuses == [400] * allowed
    assert attacker.sign_in(email=target.email).status_code == 429  # right password, still refused
    elsewhere = app.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "198.51.100.7"
    assert AuthActions(elsewhere).sign_in(email=target.email.upper()).status_code == 429
    assert AuthActions(app.test_client()).sign_in(email=colleague.email).status_code == 302


def test_one_address_spraying_many_accounts_is_stopped(app, make_user):
    allowed = first_limit(app, "SIGN_IN_LIMIT")
    client = app.test_client()
    statuses = [
        AuthActions(client).sign_in(email=f"someone{n}@example.org", password="Summer2026!").status_code
        for n in range(allowed)
    ]
    assert statuses == [400] * allowed
    assert AuthActions(client).sign_in(email=make_user().email).status_code == 429
    other_address = app.test_client()
    other_address.environ_base["REMOTE_ADDR"] = "198.51.100.7"
    assert (
        AuthActions(other_address).sign_in(email="someone@example.org", password="x" * 12).status_code == 400
    )


def test_guessing_live_join_codes_from_one_address_is_stopped(app):
    allowed = first_limit(app, "JOIN_LIMIT")
    client = app.test_client()
    statuses = [
        post_form(client, "/play", {"code": f"GUESS{n:03d}", "nickname": "x"}).status_code
        for n in range(allowed + 1)
    ]
    assert statuses == [400] * allowed + [429]


@pytest.mark.parametrize("setting", ["SIGN_UP_LIMIT", "SIGN_UP_EMAIL_LIMIT"])
def test_sign_up_limits_still_hold(app, setting):
    app.config[setting] = "3 per hour"  # read per request
    statuses = []
    for n in range(4):
        email = "same@example.org" if setting == "SIGN_UP_EMAIL_LIMIT" else f"new{n}@example.org"
        statuses.append(AuthActions(app.test_client()).sign_up(email=email).status_code)
    assert statuses == [302, 302, 302, 429]
