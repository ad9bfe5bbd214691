"""The exam date in settings and, on the progress page, recall on the exam day by section and the
facts at risk from a forgotten prerequisite: in Chromium, axe-clean, shot at both widths and themes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from quizapp import srs
from quizapp.clock import utcnow
from quizapp.extensions import db
from quizapp.models import Card, User
from tests.browser.conftest import SCREENSHOT_DIR, check_accessibility
from tests.browser.test_study_more_in_browser import phone_dark_shot

pytestmark = pytest.mark.browser


def test_exam_date_and_progress_by_section(loaded_page, loaded_live_server, loaded_app, browser):
    base, page = loaded_live_server, loaded_page
    page.goto(base + "/")
    page.get_by_role("button", name="Try it without an account").click()
    page.wait_for_selector(".flashes")
    now = utcnow()
    exam_day = srs.study_day(now, "UTC") + timedelta(days=9)
    page.goto(base + "/settings")
    page.get_by_label("Exam date").fill(exam_day.isoformat())
    page.get_by_role("button", name="Save settings").click()
    page.get_by_text("Settings saved.").wait_for()
    assert page.get_by_label("Exam date").input_value() == exam_day.isoformat()
    cookies = page.context.cookies()
    check_accessibility(browser, base + "/settings", cookies, "settings-exam-date")
    phone_dark_shot(browser, base + "/settings", cookies, "settings-exam-date")

    with loaded_app.app_context():
        user = db.session.scalar(select(User))
        cards = {
            "bert-release-year": srs.MemoryState(
                "review", None, 20.0, 5.0, now + timedelta(days=19), now - timedelta(days=1)
            ),
            "transformer-introduced-year": srs.MemoryState(
                "review", None, 5.0, 5.0, now - timedelta(days=55), now - timedelta(days=60)
            ),
            "llm-definition": srs.MemoryState(
                "review", None, 12.0, 5.0, now + timedelta(days=10), now - timedelta(days=2)
            ),
        }
        for fact_id, state in cards.items():
            db.session.add(
                Card(user_id=user.id, fact_id=fact_id, memory=state.to_dict(), due=state.due, reps=3)
            )
        db.session.commit()
    page.goto(base + "/progress/")
    assert page.get_by_role("heading", name="Recall on your exam day").is_visible()
    assert page.get_by_role("heading", name="At risk: built on something you forgot").is_visible()
    check_accessibility(browser, base + "/progress/", cookies, "progress-exam-at-risk")
    phone_dark_shot(browser, base + "/progress/", cookies, "progress-exam-at-risk")
    page.goto(base + "/library/facts/bert-release-year")
    assert page.get_by_text("you forgot this").is_visible()
    check_accessibility(browser, base + "/library/facts/bert-release-year", cookies, "library-fact-at-risk")
    phone_dark_shot(browser, base + "/library/facts/bert-release-year", cookies, "library-fact-at-risk")
    # The two new cards up close on a phone, to check them by eye.
    phone = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme="dark")
    phone.add_cookies(cookies)
    close = phone.new_page()
    close.goto(base + "/progress/")
    for heading, name in (("exam-heading", "exam"), ("at-risk-heading", "at-risk")):
        close.locator(f"section[aria-labelledby={heading}]").screenshot(
            path=str(SCREENSHOT_DIR / f"progress-{name}-card-phone-dark.png")
        )
    phone.close()
