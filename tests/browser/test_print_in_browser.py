"""A quiz printed by Chromium: the menus and buttons are left off, the questions come first and
the answer key starts on a page of its own. The print view on screen is accessible in both themes."""

from __future__ import annotations

import random

import pytest

from quizapp.auth.accounts import create_account
from quizapp.classes.service import create_class
from quizapp.clock import utcnow
from quizapp.extensions import db
from quizapp.models import Role
from quizapp.quizzes import service as quizzes
from tests.browser.conftest import SCREENSHOT_DIR, check_accessibility
from tests.browser.test_regrade_in_browser import PASSWORD, phone_dark, sign_in

pytestmark = pytest.mark.browser

KINDS = ["multiple_choice", "true_false", "typed", "numeric", "multi_select", "ordering", "matching"]


def test_print_view_prints_questions_then_the_key_on_its_own_page(
    loaded_app, loaded_live_server, loaded_page, browser, tmp_path
):
    from pypdf import PdfReader

    with loaded_app.app_context():
        teacher = create_account("teach@example.org", PASSWORD, "Ms Teach", Role.TEACHER)
        classroom = create_class(teacher, "Period 3")
        quiz = quizzes.create_quiz(classroom, "Paper quiz", [], KINDS, 8, utcnow(), random.Random(4))
        db.session.commit()
        quiz_id = quiz.id
    page, base = loaded_page, loaded_live_server
    sign_in(page, base, "teach@example.org")
    page.goto(f"{base}/quizzes/{quiz_id}/edit")
    page.get_by_role("link", name="Print").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/quizzes/{quiz_id}/print")
    assert page.get_by_role("button", name="Print").is_visible()  # shown by app.js
    check_accessibility(browser, page.url, page.context.cookies(), "quiz-print")
    phone_dark(browser, page.url, page.context.cookies(), "quiz-print")

    page.emulate_media(media="print")
    assert (
        not page.locator(".site-header").is_visible()
        and not page.get_by_role("button", name="Print").is_visible()
    )
    page.screenshot(path=str(SCREENSHOT_DIR / "quiz-print-media-print.png"), full_page=True)
    pdf = tmp_path / "quiz.pdf"
    page.pdf(path=str(pdf), format="A4")
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    (SCREENSHOT_DIR / "quiz-print.pdf").write_bytes(pdf.read_bytes())
    texts = [" ".join((p.extract_text() or "").split()) for p in PdfReader(str(pdf)).pages]
    assert len(texts) >= 2
    key_pages = [i for i, text in enumerate(texts) if "Answer key" in text]
    assert key_pages and key_pages[0] >= 1, texts
    # The key's page starts with the key: the questions end on the pages before it.
    assert texts[key_pages[0]].startswith("Answer key: Paper quiz"), texts[key_pages[0]][:200]
    assert "1. " in texts[0] and "Name:" in texts[0]
    for text in texts:
        for word in ("Sign out", "Ctrl+P", "Library", "quizapp teaches"):
            assert word not in text
