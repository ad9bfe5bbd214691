"""Join links and QR codes come from PUBLIC_URL, never from the Host header a client sends.

Production refuses to start without PUBLIC_URL (tests/web/test_config.py); here an app with it set
is asked for pages with a forged Host header, and every link to a place outside the page uses the
configured address, the QR code included (compared with the code segno makes for that address).
"""

from __future__ import annotations

import pytest

from quizapp.classes.service import join_qr_svg
from quizapp.models import Role
from tests.live.helpers import live_row, start_live
from tests.quizzes.helpers import account, build_quiz, make_class, signed_in

PUBLIC = "https://quiz.example.org"
FORGED_HOST = "evil.example"
FORGED = {"Host": FORGED_HOST}


def from_host(client, host: str):
    """The same browser, reaching the app under another Host name (its cookies go along)."""
    client.set_cookie("session", client.get_cookie("session").value, domain=host.split(":")[0])
    return client


@pytest.fixture
def teacher_with_class(loaded_app):
    loaded_app.config["PUBLIC_URL"] = PUBLIC
    teacher = signed_in(loaded_app, account(loaded_app, "teacher@example.org", Role.TEACHER))
    classroom = make_class(loaded_app, teacher)
    return loaded_app, from_host(teacher, FORGED_HOST), classroom


def test_class_join_link_and_qr_use_the_public_address(teacher_with_class):
    app, teacher, classroom = teacher_with_class
    page = teacher.get(f"/classes/{classroom.id}", headers=FORGED).get_data(as_text=True)
    expected = f"{PUBLIC}/join/{classroom.join_code}"
    assert f'href="{expected}"' in page
    assert FORGED_HOST not in page
    with app.app_context():
        assert join_qr_svg(expected) in page


def test_live_join_link_and_qr_use_the_public_address(teacher_with_class):
    app, teacher, classroom = teacher_with_class
    live_id = start_live(teacher, build_quiz(app, teacher, classroom.id, count=2, kinds=["multiple_choice"]))
    page = teacher.get(f"/live/{live_id}/host", headers=FORGED).get_data(as_text=True)
    code = live_row(app, live_id).join_code
    assert f"{PUBLIC}/play<" in page.replace("</span>", "<")  # "Join at https://quiz.example.org/play"
    with app.app_context():
        assert join_qr_svg(f"{PUBLIC}/play/{code}") in page
    assert FORGED_HOST not in page


def test_mailed_links_use_the_public_address(app, make_user, mailbox):
    from tests.conftest import CSRF_PATTERN

    app.config["PUBLIC_URL"] = PUBLIC
    make_user(email="ada@example.org")
    client = app.test_client()
    form = client.get("/password/forgot", headers=FORGED).get_data(as_text=True)
    token = CSRF_PATTERN.search(form).group(1)
    sent = client.post(
        "/password/forgot", data={"csrf_token": token, "email": "ada@example.org"}, headers=FORGED
    )
    assert sent.status_code == 200
    link = mailbox.link_in(mailbox.wait_for(to="ada@example.org"))
    assert link.startswith(f"{PUBLIC}/password/reset/")


def test_without_public_url_development_uses_the_requested_address(loaded_app):
    teacher = signed_in(loaded_app, account(loaded_app, "teacher@example.org", Role.TEACHER))
    classroom = make_class(loaded_app, teacher)
    laptop = {"Host": "192.168.1.20:5000"}  # the teacher's laptop, as the classroom reaches it
    from_host(teacher, laptop["Host"])
    page = teacher.get(f"/classes/{classroom.id}", headers=laptop).get_data(as_text=True)
    assert f'href="http://192.168.1.20:5000/join/{classroom.join_code}"' in page
