"""A teacher imports Quizlet cards in Chromium by keyboard: the refusal lists the card at fault,
the fixed file makes a deck whose page offers every export; both pages pass the accessibility
check at desktop and phone width."""

from __future__ import annotations

import pytest

from quizapp.auth.accounts import create_account
from quizapp.extensions import db
from quizapp.models import Role
from tests.browser.conftest import SCREENSHOT_DIR, check_accessibility

pytestmark = pytest.mark.browser

PASSWORD = "a long and memorable passphrase"


def test_import_cards_page(loaded_app, loaded_live_server, loaded_page, browser, tmp_path):
    with loaded_app.app_context():
        create_account("cards@example.org", PASSWORD, "Mr Cards", Role.TEACHER)
        db.session.commit()
    base, page = loaded_live_server, loaded_page
    page.goto(base + "/signin")
    page.get_by_label("Email").fill("cards@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    page.wait_for_selector(".flashes")
    cookies = page.context.cookies()
    check_accessibility(browser, base + "/library/import", cookies, "library-import")

    bad = tmp_path / "biology.txt"
    bad.write_text("photosynthesis\tHow plants turn light into sugar\nosmosis\t\n", encoding="utf-8")
    page.goto(base + "/library/import")
    page.get_by_label("Deck title").fill("Biology")
    page.get_by_label("Cards file").set_input_files(str(bad))
    page.get_by_label("Deck title").press("Enter")
    alert = page.get_by_role("alert")
    assert "biology.txt:2: no answer on the back" in alert.inner_text()
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(SCREENSHOT_DIR / "library-import-problems-phone-light.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})

    bad.write_text("photosynthesis\tHow plants turn light into sugar\nosmosis\tWater crossing a membrane\n")
    page.get_by_label("Cards file").set_input_files(str(bad))
    page.get_by_label("Deck title").press("Enter")
    page.wait_for_selector(".flashes")
    assert "Imported “Biology”: 2 facts" in page.locator(".flashes").inner_text()
    assert page.get_by_role("heading", name="Export this deck").is_visible()
    check_accessibility(browser, page.url, cookies, "library-deck-export")
