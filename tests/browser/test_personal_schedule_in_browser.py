"""The personal schedule and lighter days in Chromium: axe-clean, screenshots, keyboard-only save."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from quizapp.answering.record import Answer, record_answer
from quizapp.extensions import db
from quizapp.models import Question, User
from quizapp.study.service import active_facts
from tests.browser.conftest import SCREENSHOT_DIR, check_accessibility
from tests.browser.test_progress_in_browser import sign_up
from tests.srs.histories import AFTER, steady_learner

pytestmark = pytest.mark.browser


def store_steady_history(app, email: str) -> None:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        fact_ids = list(active_facts(None))
        flashcards = {
            q.fact_id: q for q in db.session.scalars(select(Question).where(Question.kind == "flashcard"))
        }
        mapped: dict[str, str] = {}
        for record in steady_learner():
            fact_id = mapped.setdefault(record.fact_id, fact_ids[len(mapped)])
            record_answer(
                user,
                Answer(flashcards[fact_id], record.rating, None, "", "", 4.0, uuid.uuid4().hex),
                record.reviewed_at,
            )
        db.session.commit()


def test_personal_schedule_and_lighter_days_pages(browser, loaded_live_server, loaded_app, loaded_page):
    base = loaded_live_server
    cookies = sign_up(browser, base, "steady@example.org")
    store_steady_history(loaded_app, "steady@example.org")
    loaded_app.config["CLOCK"] = lambda: AFTER
    result = loaded_app.test_cli_runner().invoke(args=["schedules", "personalise"])
    assert "1 with new parameters applied" in result.output, result.output

    check_accessibility(browser, base + "/history/#optimize", cookies, "history-personal-schedule")
    check_accessibility(browser, base + "/settings", cookies, "settings-lighter-days")
    # check_accessibility shoots phones in light only; the history page is long, so its section too.
    for width, label in ((1280, "desktop"), (390, "phone")):
        for scheme in ("light", "dark"):
            context = browser.new_context(viewport={"width": width, "height": 844}, color_scheme=scheme)
            context.add_cookies(cookies)
            page = context.new_page()
            if (label, scheme) == ("phone", "dark"):
                page.goto(base + "/settings")
                page.screenshot(
                    path=str(SCREENSHOT_DIR / f"settings-lighter-days-{label}-{scheme}.png"), full_page=True
                )
            page.goto(base + "/history/")
            page.locator("#optimize").screenshot(
                path=str(SCREENSHOT_DIR / f"history-personal-schedule-section-{label}-{scheme}.png")
            )
            context.close()

    page = loaded_page
    page.context.add_cookies(cookies)
    page.goto(base + "/history/")
    assert page.get_by_role("heading", name="Last personalised").is_visible()
    assert page.get_by_role(
        "table", name="Days a new fact stays at 90 % recall after your first answer"
    ).is_visible()

    # Keyboard only: reach Saturday's select, pick Reduced, then save with Enter on the button.
    page.goto(base + "/settings")
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "easy_saturday":
            break
    else:
        pytest.fail("Saturday's lighter-day choice cannot be reached with the Tab key")
    page.keyboard.press("ArrowDown")  # Normal -> Reduced
    page.get_by_role("button", name="Save settings").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(base + "/settings")
    assert "Settings saved." in page.text_content(".flashes")
    assert page.get_by_label("Saturday").input_value() == "50"
    with loaded_app.app_context():
        assert db.session.scalar(select(User.easy_days).where(User.email == "steady@example.org")) == [
            100,
            100,
            100,
            100,
            100,
            50,
            100,
        ]
