"""The "Your answers" page with its Anki instructions in Chromium: accessible, readable at phone
width, and the deck download reachable by keyboard alone."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.browser.conftest import check_accessibility
from tests.browser.test_progress_in_browser import DAYS, START, Clock, sign_up, simulate_study

pytestmark = pytest.mark.browser


def test_history_page_with_anki_instructions(browser, loaded_live_server, loaded_app, loaded_page):
    loaded_app.config["CLOCK"] = Clock(START + timedelta(days=DAYS, hours=-2))
    base = loaded_live_server
    cookies = sign_up(browser, base, "anki@example.org")
    simulate_study(loaded_app, "anki@example.org")
    check_accessibility(browser, base + "/history/", cookies, "history-anki")

    loaded_page.context.add_cookies(cookies)
    loaded_page.goto(base + "/history/")
    assert loaded_page.get_by_role("heading", name="Bringing your schedule into Anki").is_visible()
    for _ in range(40):
        loaded_page.keyboard.press("Tab")
        focused = loaded_page.evaluate("document.activeElement.textContent")
        if "Your deck with its schedule" in focused:
            break
    else:
        pytest.fail("the deck download cannot be reached with the Tab key")
    with loaded_page.expect_download() as download:
        loaded_page.keyboard.press("Enter")
    assert download.value.suggested_filename.endswith(".apkg")
