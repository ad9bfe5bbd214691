"""A live quiz in Chromium: the teacher's projector in one browser context, two players on phone-sized
screens in two others (one of them using only the keyboard), from the lobby to the podium.
Nothing is reloaded by hand: the screens follow the session by polling."""

from __future__ import annotations

import random

import pytest

from quizapp.auth.accounts import create_account
from quizapp.classes.service import create_class
from quizapp.clock import utcnow
from quizapp.extensions import db
from quizapp.models import Role
from quizapp.quizzes.service import create_quiz
from tests.browser.conftest import SCREENSHOT_DIR, PageWatch, check_accessibility

pytestmark = pytest.mark.browser

PASSWORD = "a long and memorable passphrase"
PHONE = {"width": 390, "height": 844}
FOLLOW_MS = 5000  # screens must catch up within about a second; allow slack on a busy machine


def _context(browser, base_url, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.watch = PageWatch(page, base_url)
    return context, page


def _shot(page, name):
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT_DIR / f"live-{name}.png"), full_page=True)


def test_teacher_and_two_players_play_to_the_podium(loaded_app, loaded_live_server, browser):
    base = loaded_live_server
    with loaded_app.app_context():
        teacher = create_account("teach@example.org", PASSWORD, "Ms Teach", Role.TEACHER)
        classroom = create_class(teacher, "Period 3")
        quiz = create_quiz(
            classroom, "Friday warm-up", [], ["multiple_choice"], 2, utcnow(), random.Random(3)
        )
        quiz.speed_points = True
        db.session.commit()
        quiz_id = quiz.id

    contexts = []
    try:
        host_context, host = _context(browser, base, {"width": 1280, "height": 800})
        contexts.append(host_context)
        host.goto(base + "/signin")
        host.get_by_label("Email").fill("teach@example.org")
        host.get_by_label("Password").fill(PASSWORD)
        host.get_by_label("Password").press("Enter")
        host.wait_for_selector(".flashes")
        host.goto(f"{base}/quizzes/{quiz_id}/edit")
        host.get_by_label("Time per question").select_option("30")
        host.get_by_role("button", name="Start a live session").click()
        code = host.locator(".live-code").inner_text().replace("-", "")
        _shot(host, "projector-lobby")

        ana_context, ana = _context(browser, base, PHONE)
        bo_context, bo = _context(browser, base, PHONE)
        contexts += [ana_context, bo_context]
        ana.goto(f"{base}/play/{code}")  # the QR code's link: the code is filled in
        ana.get_by_label("Nickname").fill("Ana")
        ana.get_by_role("button", name="Join").click()
        ana.get_by_text("You're in, Ana!").wait_for()
        bo.goto(f"{base}/play")
        # The code field takes focus on load; typing before it has it loses keys (seen once in CI).
        bo.wait_for_function("document.activeElement && document.activeElement.name === 'code'")
        bo.keyboard.type(code.lower())  # case does not matter
        bo.keyboard.press("Tab")
        bo.keyboard.type("Bo")
        bo.keyboard.press("Enter")
        bo.get_by_text("You're in, Bo!").wait_for()
        _shot(ana, "phone-lobby")

        players = host.locator(".live-players")
        players.get_by_text("Bo").wait_for(timeout=FOLLOW_MS)
        assert players.get_by_text("Ana").is_visible()

        host.get_by_role("button", name="Start the quiz").click()
        for number in (1, 2):
            host.locator(".live-prompt").wait_for()
            ana.locator("#question-prompt").wait_for(timeout=FOLLOW_MS)
            bo.locator("#question-prompt").wait_for(timeout=FOLLOW_MS)
            if number == 1:
                _shot(host, "projector-question")
                _shot(bo, "phone-question")
            ana.locator(".option").first.click()
            ana.get_by_role("button", name="Check").click()
            ana.get_by_text("Answer locked in").wait_for()
            bo.keyboard.press("ArrowDown")  # the first choice has focus: move to the second
            bo.keyboard.press("Enter")
            # Everyone has answered: the projector shows the answer by itself, and the phones follow.
            host.get_by_role("heading", name="Leaderboard").wait_for(timeout=FOLLOW_MS)
            ana.locator(".verdict").wait_for(timeout=FOLLOW_MS)
            bo.locator(".verdict").wait_for(timeout=FOLLOW_MS)
            assert host.locator(".live-distribution tbody tr").count() >= 2
            if number == 1:
                _shot(host, "projector-reveal")
                _shot(ana, "phone-reveal")
            label = "Next question" if number == 1 else "Show the podium"
            host.get_by_role("button", name=label).focus()
            host.keyboard.press("Enter")

        host.get_by_role("heading", name="Podium").wait_for()
        ana.get_by_text("You finished").wait_for(timeout=FOLLOW_MS)
        bo.get_by_text("You finished").wait_for(timeout=FOLLOW_MS)
        podium = host.locator(".podium").inner_text()
        assert "Ana" in podium and "Bo" in podium
        _shot(host, "projector-podium")
        _shot(bo, "phone-finished")
        host.get_by_role("link", name="See the results").click()
        assert host.get_by_role("heading", name="Players").is_visible()
        host_cookies = host_context.cookies()
        for page in (host, ana, bo):
            assert page.watch.outside == [], page.watch.outside
            assert page.watch.console_errors == [], page.watch.console_errors
    finally:
        for context in contexts:
            context.close()

    check_accessibility(browser, f"{base}/play", [], "live-join")
    check_accessibility(browser, f"{base}/live/1/results", host_cookies, "live-results")
