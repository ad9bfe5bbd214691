"""An assigned quiz with every question on one page, in Chromium: answered with the keyboard alone,
one question saved at a time, and accessible on desktop and phone."""

from __future__ import annotations

import random

import pytest

from quizapp.auth.accounts import create_account
from quizapp.classes.service import create_class, join_class
from quizapp.clock import utcnow
from quizapp.extensions import db
from quizapp.models import Role
from quizapp.quizzes.service import create_quiz
from tests.browser.conftest import check_accessibility

pytestmark = pytest.mark.browser

PASSWORD = "a long and memorable passphrase"


def test_one_page_quiz_by_keyboard(loaded_app, loaded_live_server, loaded_page, browser):
    with loaded_app.app_context():
        teacher = create_account("teach@example.org", PASSWORD, "Ms Teach", Role.TEACHER)
        learner = create_account("ann@example.org", PASSWORD, "Ann", Role.LEARNER)
        classroom = create_class(teacher, "Period 3")
        join_class(learner, classroom.join_code)
        quiz = create_quiz(
            classroom, "Homework", [], ["multiple_choice", "typed", "ordering"], 3, utcnow(), random.Random(2)
        )
        quiz.one_page, quiz.assigned_at = True, utcnow()
        db.session.commit()
    page, base = loaded_page, loaded_live_server
    page.goto(base + "/signin")
    page.get_by_label("Email").fill("ann@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    page.wait_for_selector(".flashes")
    assert page.get_by_role("heading", name="Quizzes to do").is_visible()
    check_accessibility(browser, base + "/", page.context.cookies(), "home-quizzes-to-do")
    page.get_by_role("link", name="Homework").click()
    page.get_by_role("button", name="Start").click()
    assert page.locator("form[data-answer]").count() == 3
    cookies = page.context.cookies()
    attempt_url = page.url
    check_accessibility(browser, attempt_url, cookies, "quiz-one-page")
    # The first question has the focus; fill it in with the keyboard and save it.
    first = page.locator("form[data-answer]").first
    kind = page.locator(".question-card .kind").first.text_content()
    if "Multiple choice" in kind:
        page.keyboard.press("Space")
    elif "Type" in kind:
        page.keyboard.type("a guess")
    else:
        for select in first.locator("select").all():
            select.select_option(index=1)
        first.locator("select").first.focus()
    page.keyboard.press("Enter")
    page.get_by_text("1 of 3 saved").wait_for()
    assert page.locator("form[data-answer]").count() == 2
    assert page.locator(".tag", has_text="Saved").count() == 1
