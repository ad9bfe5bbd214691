"""Removing a learner from a class in Chromium: the button asks first, and the keyboard alone does it."""

from __future__ import annotations

import pytest

from quizapp.auth.accounts import create_account
from quizapp.classes.service import create_class, join_class
from quizapp.extensions import db
from quizapp.models import Role
from tests.browser.conftest import SCREENSHOT_DIR, check_accessibility

pytestmark = pytest.mark.browser

PASSWORD = "a long and memorable passphrase"


def test_removing_a_learner_asks_first(app, live_server, page, browser):
    with app.app_context():
        teacher = create_account("teach@example.org", PASSWORD, "Ms Teach", Role.TEACHER)
        ann = create_account("ann@example.org", PASSWORD, "Ann", Role.LEARNER)
        classroom = create_class(teacher, "Period 3")
        join_class(ann, classroom.join_code)
        db.session.commit()
        class_id = classroom.id
    base = live_server
    page.goto(base + "/signin")
    page.get_by_label("Email").fill("teach@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    page.wait_for_selector(".flashes")
    page.goto(f"{base}/classes/{class_id}")
    check_accessibility(browser, page.url, page.context.cookies(), "class-roster-remove")
    confirm = page.get_by_role("button", name="Yes, remove Ann")
    assert not confirm.is_visible()
    page.locator(".confirm-remove summary").focus()
    page.keyboard.press("Enter")
    assert confirm.is_visible() and page.get_by_text("Remove Ann from Period 3?").is_visible()
    page.screenshot(path=str(SCREENSHOT_DIR / "class-roster-remove-confirm.png"))
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.get_by_text("Ann was removed from the class").wait_for()
