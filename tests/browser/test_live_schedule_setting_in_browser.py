"""The per-quiz "live answers count towards players' schedules" setting, seen in Chromium: the
quiz's settings form, the projector's lobby and a signed-in player's phone say it, and axe is clean."""

from __future__ import annotations

import random

import pytest

from quizapp.auth.accounts import create_account
from quizapp.classes.service import create_class
from quizapp.clock import utcnow
from quizapp.extensions import db
from quizapp.models import Role
from quizapp.quizzes.service import create_quiz
from tests.browser.conftest import SCREENSHOT_DIR, check_accessibility

pytestmark = pytest.mark.browser

PASSWORD = "a long and memorable passphrase"


def signed_in_cookies(browser, base: str, email: str) -> list[dict]:
    context = browser.new_context()
    page = context.new_page()
    page.goto(base + "/signin")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    page.wait_for_selector(".flashes")
    cookies = context.cookies()
    context.close()
    return cookies


def phone_dark_shot(browser, url: str, cookies: list[dict], name: str) -> None:
    """check_accessibility shoots the phone in light only; the dark phone is shot here."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme="dark")
    context.add_cookies(cookies)
    page = context.new_page()
    page.goto(url)
    page.screenshot(path=str(SCREENSHOT_DIR / f"{name}-phone-dark.png"), full_page=True)
    context.close()


def test_the_teacher_turns_on_live_answers_feeding_schedules(loaded_app, loaded_live_server, browser):
    base = loaded_live_server
    with loaded_app.app_context():
        teacher = create_account("teach@example.org", PASSWORD, "Ms Teach", Role.TEACHER)
        create_account("bo@example.org", PASSWORD, "Bo", Role.LEARNER)
        classroom = create_class(teacher, "Period 3")
        quiz = create_quiz(
            classroom, "Friday warm-up", [], ["multiple_choice"], 2, utcnow(), random.Random(3)
        )
        db.session.commit()
        quiz_id = quiz.id

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    host = context.new_page()
    host.goto(base + "/signin")
    host.get_by_label("Email").fill("teach@example.org")
    host.get_by_label("Password").fill(PASSWORD)
    host.get_by_label("Password").press("Enter")
    host.wait_for_selector(".flashes")
    host.goto(f"{base}/quizzes/{quiz_id}/edit")
    setting = host.get_by_label("Live answers count towards players' study schedules")
    assert not setting.is_checked()  # off by default
    setting.check()
    host.get_by_role("button", name="Save settings").click()
    host.get_by_text("Settings saved.").wait_for()
    assert host.get_by_label("Live answers count towards players' study schedules").is_checked()
    teacher_cookies = context.cookies()
    check_accessibility(
        browser, f"{base}/quizzes/{quiz_id}/edit", teacher_cookies, "quiz-settings-live-feeds"
    )
    phone_dark_shot(browser, f"{base}/quizzes/{quiz_id}/edit", teacher_cookies, "quiz-settings-live-feeds")

    host.get_by_role("button", name="Start a live session").click()
    host.get_by_text("answers count towards players' schedules").wait_for()
    lobby_url = host.url
    code = host.locator(".live-code").inner_text().replace("-", "")
    context.close()
    check_accessibility(browser, lobby_url, teacher_cookies, "live-lobby-feeds")

    bo_cookies = signed_in_cookies(browser, base, "bo@example.org")
    phone = browser.new_context(viewport={"width": 390, "height": 844})
    phone.add_cookies(bo_cookies)
    bo = phone.new_page()
    bo.goto(f"{base}/play/{code}")
    bo.get_by_role("button", name="Join").click()
    bo.get_by_text("Your answers in this game count towards your study schedule.").wait_for()
    play_url = bo.url
    phone.close()
    check_accessibility(browser, play_url, bo_cookies, "live-phone-lobby-feeds")
    phone_dark_shot(browser, play_url, bo_cookies, "live-phone-lobby-feeds")
