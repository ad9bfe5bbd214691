"""Presentation mode on a projector, in Chromium at 1280x720 and 1920x1080: no site menu, every screen
of the game (question, answer distribution with the leaderboard, podium) fits without scrolling,
choices and names are at least 32 px, the timer is larger still, and the host can end the game."""

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
from tests.live.helpers import Player

pytestmark = pytest.mark.browser

PASSWORD = "a long and memorable passphrase"
SIZES = ({"width": 1280, "height": 720}, {"width": 1920, "height": 1080})
NAMES = ("Ana", "Bo", "Chidinma Okonkwo-Smith", "Dev", "Eli", "Fatima Zahra")


def fits_and_reads(page, phase: str) -> None:
    """At each projector size, in the light and the dark theme: no scrolling either way, type large
    enough; a screenshot of each (opened and checked by eye when the screens change)."""
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        for size in SIZES:
            page.set_viewport_size(size)
            page.wait_for_timeout(150)
            metrics = page.evaluate(
                """() => {
                  const px = (selector) => [...document.querySelectorAll(selector)].map(
                    (node) => parseFloat(getComputedStyle(node).fontSize));
                  return {
                    height: document.documentElement.scrollHeight, width: document.documentElement.scrollWidth,
                    menu: document.querySelectorAll(".site-header, .site-footer").length,
                    choices: px(".live-choices li"), names: px(".leader-name, .podium-name"),
                    timer: px(".live-timer"), rows: px(".live-distribution th[scope=row]"),
                    dark: matchMedia("(prefers-color-scheme: dark)").matches,
                    root: parseFloat(getComputedStyle(document.documentElement).fontSize),
                  };
                }"""
            )
            label = f"{phase} at {size['width']}x{size['height']}, {scheme}"
            assert metrics["dark"] == (scheme == "dark")
            SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
            page.screenshot(
                path=str(SCREENSHOT_DIR / f"present-{phase}-{size['width']}x{size['height']}-{scheme}.png")
            )
            assert metrics["menu"] == 0, f"{label}: the site menu shows"
            assert metrics["height"] <= size["height"], f"{label}: scrolls ({metrics['height']} px tall)"
            assert metrics["width"] <= size["width"], f"{label}: scrolls sideways"
            for kind in ("choices", "names", "rows"):
                assert all(px >= 32 for px in metrics[kind]), f"{label}: {kind} under 32 px: {metrics[kind]}"
            # The type grows with the screen: a 1920x1080 projector gets half as large again.
            assert metrics["root"] >= 16 * size["height"] / 720 - 0.5, f"{label}: type {metrics['root']} px"
            if metrics["timer"]:
                assert metrics["timer"][0] > max(metrics["choices"] or [32]), f"{label}: timer not larger"
    page.emulate_media(color_scheme="light")


def test_presentation_mode_fits_a_projector(loaded_app, loaded_live_server, loaded_page, browser):
    base, page = loaded_live_server, loaded_page
    with loaded_app.app_context():
        teacher = create_account("teach@example.org", PASSWORD, "Ms Teach", Role.TEACHER)
        classroom = create_class(teacher, "Period 3")
        quiz = create_quiz(
            classroom,
            "Friday warm-up",
            [],
            ["multiple_choice", "multi_select"],
            3,
            utcnow(),
            random.Random(5),
        )
        quiz.speed_points = True
        db.session.commit()
        quiz_id = quiz.id
    page.goto(base + "/signin")
    page.get_by_label("Email").fill("teach@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    page.wait_for_selector(".flashes")
    page.goto(f"{base}/quizzes/{quiz_id}/edit")
    page.get_by_label("Time per question").select_option("120")
    page.get_by_role("button", name="Start a live session").click()
    code = page.locator(".live-code").inner_text().replace("-", "")
    players = []
    for name in NAMES:
        player = Player(loaded_app, loaded_app.test_client())
        assert player.join(code, name).status_code == 302
        players.append(player)
    page.get_by_text(f"{len(NAMES)} players").wait_for()
    # Chromium offers the Fullscreen API, so the button shows.
    assert page.get_by_role("button", name="Full screen").is_visible()
    fits_and_reads(page, "lobby")
    check_accessibility(browser, page.url, page.context.cookies(), "live-presentation-lobby")

    page.get_by_role("button", name="Start the quiz").click()
    page.locator(".live-choices").wait_for()
    for index, player in enumerate(players):
        player.answer(right=index % 2 == 0)
    # Everyone answered: the projector shows the answer by itself (the question screen is checked on
    # the next question, where the room has not answered yet).
    page.locator(".live-distribution, .live-answer").first.wait_for()
    fits_and_reads(page, "answers")
    check_accessibility(browser, page.url, page.context.cookies(), "live-presentation-answers")
    page.get_by_role("button", name="Next question").click()
    page.locator(".live-choices").wait_for()
    fits_and_reads(page, "question")
    check_accessibility(browser, page.url, page.context.cookies(), "live-presentation-question")

    # End the game now: it asks first, then shows the podium.
    page.get_by_text("End the game now").click()
    page.get_by_text("End it for everyone and show the podium?").wait_for()
    page.get_by_role("button", name="Yes, end the game").click()
    page.get_by_role("heading", name="Podium").wait_for()
    fits_and_reads(page, "podium")
    check_accessibility(browser, page.url, page.context.cookies(), "live-presentation-podium")
