"""The study session with the keyboard in Chromium: the shortcut list on "?", bury "-", suspend "@",
flag "*", and the rating buttons told apart at a glance in both themes (axe clean)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import FactMark
from tests.browser.conftest import SCREENSHOT_DIR

pytestmark = pytest.mark.browser

FACT_SHOWN = "() => document.querySelector('form.mark-controls').getAttribute('action')"


def start_as_guest(page, base_url: str) -> None:
    page.goto(base_url + "/")
    page.get_by_role("button", name="Try it without an account").click()
    page.wait_for_selector(".flashes")
    page.goto(base_url + "/study/")


def shown_fact(page) -> str:
    return page.evaluate(FACT_SHOWN).rsplit("/facts/", 1)[1].removesuffix("/mark")


def test_shortcut_list_and_marks_with_the_keyboard(loaded_page, loaded_live_server, loaded_app):
    loaded_app.config["CLOCK"] = lambda: datetime(2026, 5, 4, 9, 0, tzinfo=UTC)
    page = loaded_page
    start_as_guest(page, loaded_live_server)
    dialog = page.locator("dialog[data-shortcuts]")
    assert page.evaluate("document.activeElement.textContent").strip().startswith("Show answer")

    page.keyboard.press("?")
    assert dialog.is_visible()
    assert page.evaluate("document.activeElement.hasAttribute('data-shortcuts-close')")
    assert page.get_by_role("dialog", name="Keyboard shortcuts").is_visible()
    page.keyboard.press("-")  # keys go to the dialog while it is open: nothing is buried
    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    assert page.evaluate("document.activeElement.textContent").strip().startswith("Show answer")
    page.get_by_role("button", name="Keyboard shortcuts").click()  # the button opens it too
    assert dialog.is_visible()
    page.keyboard.press("Enter")  # on Close
    assert not dialog.is_visible()

    first = shown_fact(page)
    page.keyboard.press("*")
    page.wait_for_selector(".flag-badge.flag-1")
    assert "Flagged" in page.text_content(".flashes")
    assert shown_fact(page) == first
    page.keyboard.press("-")
    page.wait_for_function(
        f"() => !document.querySelector('form.mark-controls').getAttribute('action').includes('/{first}/')"
    )
    assert "Buried" in page.text_content(".flashes")
    second = shown_fact(page)
    if page.evaluate("document.activeElement.matches('input[type=text], select')"):
        page.keyboard.press("@")  # typed into the answer box: no shortcut
        assert shown_fact(page) == second
        page.keyboard.press("Escape")  # leaves the box; the keys work again
    page.keyboard.press("@")
    page.wait_for_function(
        f"() => !document.querySelector('form.mark-controls').getAttribute('action').includes('/{second}/')"
    )
    assert "Suspended" in page.text_content(".flashes")

    with loaded_app.app_context():
        marks = {mark.fact_id: mark for mark in db.session.scalars(select(FactMark))}
    assert set(marks) == {first, second}
    assert (
        marks[first].flag == 1 and marks[first].buried_until is not None and marks[first].suspended_at is None
    )
    assert marks[second].suspended_at is not None and marks[second].flag is None

    page.goto(loaded_live_server + "/study/marked")
    assert page.locator(".marked-item").count() == 2
    page.get_by_role("link", name="Red").click()
    assert page.locator(".marked-item").count() == 1


def test_overlay_and_ratings_are_accessible_in_both_themes(browser, loaded_live_server, loaded_app):
    from axe_playwright_python.sync_playwright import Axe

    loaded_app.config["CLOCK"] = lambda: datetime(2026, 5, 4, 9, 0, tzinfo=UTC)
    cookies = None
    for scheme in ("light", "dark"):
        context = browser.new_context(
            viewport={"width": 1280, "height": 900}, bypass_csp=True, color_scheme=scheme
        )
        page = context.new_page()
        if cookies is None:
            start_as_guest(page, loaded_live_server)
            cookies = context.cookies()
        else:
            context.add_cookies(cookies)
            page.goto(loaded_live_server + "/study/")
        page.keyboard.press("Space")  # the flashcard's back, with the four ratings
        colours = page.eval_on_selector_all(
            "button.rating",
            "bs => bs.map(b => [b.textContent.trim().split(/\\s+/)[1], getComputedStyle(b).backgroundColor])",
        )
        assert [name for name, _ in colours] == ["Again", "Hard", "Good", "Easy"]
        assert len({colour for _, colour in colours}) == 4, colours  # four colours, in a fixed order
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOT_DIR / f"study-ratings-desktop-{scheme}.png"))
        page.keyboard.press("?")
        results = Axe().run(page)
        serious = [
            v["id"] for v in results.response["violations"] if v.get("impact") in {"serious", "critical"}
        ]
        assert serious == [], f"study page with the shortcut list ({scheme}): {serious}"
        page.keyboard.press("Escape")
        results = Axe().run(page)
        serious = [
            v["id"] for v in results.response["violations"] if v.get("impact") in {"serious", "critical"}
        ]
        assert serious == [], f"study page with the ratings ({scheme}): {serious}"
        context.close()


def test_a_stale_tab_says_so_and_undoes(browser, loaded_live_server, loaded_app):
    """Two tabs on one card: the second tab's answer is met with the notice, and its Undo works."""
    loaded_app.config["CLOCK"] = lambda: datetime.now(UTC)
    for scheme, width in (("light", 1280), ("dark", 1280), ("light", 390), ("dark", 390)):
        context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
        first = context.new_page()
        start_as_guest(first, loaded_live_server)
        second = context.new_page()
        second.goto(loaded_live_server + "/study/")
        for tab in (first, second):
            tab.keyboard.press("Space")
            tab.keyboard.press("3")
            tab.wait_for_function("() => !document.querySelector('details[data-reveal][open]')")
        notice = second.locator(".other-tab")
        notice.wait_for()
        assert "You answered this card in another tab a moment ago" in notice.text_content()
        label = "desktop" if width == 1280 else "phone"
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        second.screenshot(path=str(SCREENSHOT_DIR / f"study-other-tab-{label}-{scheme}.png"), full_page=True)
        assert "You answered this card in another tab" not in first.content()
        notice.get_by_role("button", name="Undo this answer").click()
        second.wait_for_selector(".flashes")
        assert "Your last answer was undone." in second.text_content(".flashes")
        context.close()
