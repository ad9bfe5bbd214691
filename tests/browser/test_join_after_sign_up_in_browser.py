"""Someone opens a class's join link signed out, makes an account from the sign-in page, by
keyboard, and lands in the class. The sign-in and sign-up pages saying so are accessible."""

from __future__ import annotations

import pytest

from quizapp.auth.accounts import create_account
from quizapp.classes.service import create_class
from quizapp.extensions import db
from quizapp.models import Role
from tests.browser.conftest import check_accessibility
from tests.browser.test_regrade_in_browser import PASSWORD, phone_dark

pytestmark = pytest.mark.browser


def test_a_join_link_opened_signed_out_ends_in_the_class(app, live_server, page, browser):
    with app.app_context():
        teacher = create_account("teach@example.org", PASSWORD, "Ms Teach", Role.TEACHER)
        code = create_class(teacher, "Period 3").join_code
        db.session.commit()
    page.goto(f"{live_server}/join/{code}")
    page.wait_for_url("**/signin?next=**")
    assert page.get_by_text("Sign in, or create an account, to join “Period 3”").is_visible()
    check_accessibility(browser, page.url, [], "sign-in-to-join")
    phone_dark(browser, page.url, [], "sign-in-to-join")
    page.get_by_role("link", name="Create an account").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/signup?next=**")
    assert page.get_by_text("Once your account is made you join “Period 3”, taught by Ms Teach.").is_visible()
    check_accessibility(browser, page.url, [], "sign-up-to-join")
    phone_dark(browser, page.url, [], "sign-up-to-join")
    page.get_by_label("Display name").fill("Nia")
    page.get_by_label("Email").fill("nia@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat password").fill(PASSWORD)
    page.get_by_label("Repeat password").press("Enter")
    page.wait_for_url("**/classes/")
    assert "You joined “Period 3”." in page.locator(".flashes").text_content()
    assert page.get_by_text("Period 3").first.is_visible()
