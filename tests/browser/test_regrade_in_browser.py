"""A teacher regrades a typed question in Chromium by keyboard (accepting an answer a learner gave),
confirms after seeing each learner's change, and the learner reads what changed on their result.
The regrade, confirmation and result pages are accessible in both themes, on desktop and phone."""

from __future__ import annotations

import random
import uuid

import pytest
from werkzeug.datastructures import MultiDict

from quizapp.answering.views import read_response
from quizapp.auth.accounts import create_account
from quizapp.classes.service import create_class, join_class
from quizapp.clock import utcnow
from quizapp.extensions import db
from quizapp.models import Question, Role
from quizapp.quizzes import service as quizzes
from tests.browser.conftest import SCREENSHOT_DIR, check_accessibility

pytestmark = pytest.mark.browser

PASSWORD = "a long and memorable passphrase"


def sign_in(page, base: str, email: str) -> None:
    page.goto(base + "/signin")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    page.wait_for_selector(".flashes")


def phone_dark(browser, url: str, cookies: list[dict], name: str) -> None:
    """The phone screenshot in the dark theme too (check_accessibility takes it light)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme="dark")
    context.add_cookies(cookies)
    page = context.new_page()
    page.goto(url)
    page.screenshot(path=str(SCREENSHOT_DIR / f"{name}-phone-dark.png"), full_page=True)
    context.close()


def confirmation_is_accessible(browser, regrade_url: str, cookies: list[dict], accepted: str) -> None:
    """axe on the confirmation page, which only a POST shows: reached by the same click in a
    context that lets axe's script in (as check_accessibility does), in both themes."""
    from axe_playwright_python.sync_playwright import Axe

    for scheme in ("light", "dark"):
        context = browser.new_context(
            viewport={"width": 1280, "height": 900}, bypass_csp=True, color_scheme=scheme
        )
        context.add_cookies(cookies)
        page = context.new_page()
        page.goto(regrade_url)
        page.get_by_role("button", name=f"Accept “{accepted}”").click()
        page.wait_for_selector("text=Yes, make the change")
        violations = [
            violation["id"]
            for violation in Axe().run(page).response["violations"]
            if violation.get("impact") in {"serious", "critical"}
        ]
        context.close()
        assert violations == [], f"confirmation page ({scheme}): {violations}"


def test_teacher_regrades_and_the_learner_sees_why(loaded_app, loaded_live_server, loaded_page, browser):
    with loaded_app.app_context():
        teacher = create_account("teach@example.org", PASSWORD, "Ms Teach", Role.TEACHER)
        ann = create_account("ann@example.org", PASSWORD, "Ann", Role.LEARNER)
        classroom = create_class(teacher, "Period 3")
        join_class(ann, classroom.join_code)
        quiz = quizzes.create_quiz(classroom, "Homework", [], ["typed"], 3, utcnow(), random.Random(2))
        quiz.assigned_at = utcnow()
        attempt = quizzes.start_attempt(quiz, ann, utcnow())
        for position, text in enumerate(("a near miss", None, None)):
            row = db.session.get(Question, attempt.question_ids[position])
            question = quizzes.display_question(attempt, row)
            typed = text or question.answer_text
            response = read_response(question, MultiDict({"text": typed}))
            quizzes.answer_question(
                attempt, position, row, question, response, 9.0, uuid.uuid4().hex, utcnow()
            )
        quizzes.finish(attempt, utcnow(), "submitted")
        db.session.commit()
        quiz_id, attempt_id = quiz.id, attempt.id
        first = quiz.question_ids.index(attempt.question_ids[0])
    page, base = loaded_page, loaded_live_server
    sign_in(page, base, "teach@example.org")
    # The quiz page warns that attempts exist and offers a regrade beside each question.
    page.goto(f"{base}/quizzes/{quiz_id}/edit")
    assert page.get_by_text("1 attempt made already").is_visible()
    assert page.get_by_role("link", name=f"Regrade question {first + 1}").is_visible()
    check_accessibility(browser, page.url, page.context.cookies(), "quiz-edit-with-attempts")
    phone_dark(browser, page.url, page.context.cookies(), "quiz-edit-with-attempts")
    page.goto(f"{base}/quizzes/{quiz_id}/results")
    link = page.get_by_role("link", name=f"Fix and regrade question {first + 1}")
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/questions/{first}/regrade")
    check_accessibility(browser, page.url, page.context.cookies(), "quiz-regrade")
    phone_dark(browser, page.url, page.context.cookies(), "quiz-regrade")
    page.get_by_role("button", name="Accept “a near miss”").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Yes, make the change")
    assert page.get_by_role("cell", name="2/3 → 3/3").is_visible()
    # The confirmation page, as it stands, is a form POST's answer: screenshot it in this context.
    for scheme in ("light", "dark"):
        for width, label in ((1280, "desktop"), (390, "phone")):
            page.emulate_media(color_scheme=scheme)
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(
                path=str(SCREENSHOT_DIR / f"quiz-regrade-confirm-{label}-{scheme}.png"), full_page=True
            )
    page.set_viewport_size({"width": 1280, "height": 900})
    confirmation_is_accessible(browser, page.url, page.context.cookies(), "a near miss")
    page.get_by_role("button", name="Yes, make the change").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/quizzes/{quiz_id}/results")
    assert "1 mark changed" in page.locator(".flashes").text_content()

    page.context.clear_cookies()
    sign_in(page, base, "ann@example.org")
    page.goto(f"{base}/attempts/{attempt_id}/review")
    notice = page.get_by_role("status")
    assert (
        "Question 1 was regraded by your teacher: accepted answer added: a near miss; your score 2/3 → 3/3"
        in notice.text_content()
    )
    assert page.get_by_role("heading", name="Your score: 100%").is_visible()
    check_accessibility(browser, page.url, page.context.cookies(), "quiz-review-regraded")
    phone_dark(browser, page.url, page.context.cookies(), "quiz-review-regraded")
