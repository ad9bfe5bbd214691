"""A person signs up, out and in again through the pages, with the keyboard where it counts."""

from __future__ import annotations

import pytest

from tests.browser.conftest import SCREENSHOT_DIR, check_accessibility, focused_id

pytestmark = pytest.mark.browser

PASSWORD = "a long and memorable passphrase"


def fill_sign_up(page, name: str, email: str) -> None:
    page.get_by_label("Display name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat password").fill(PASSWORD)


def test_sign_up_sign_out_sign_in(page, live_server, browser):
    page.goto(live_server + "/")
    check_accessibility(browser, live_server + "/", [], "home-anonymous")
    page.get_by_role("link", name="Sign up").click()
    check_accessibility(browser, page.url, [], "sign-up")

    fill_sign_up(page, "Ada", "ada@example.org")
    page.get_by_label("Repeat password").press("Enter")  # submit with the keyboard
    page.wait_for_url(live_server + "/")
    assert page.get_by_role("heading", name="Hello, Ada").is_visible()
    assert "Thanks for signing up with ada@example.org" in page.text_content(".flashes")
    cookies = page.context.cookies()
    check_accessibility(browser, live_server + "/", cookies, "home-signed-in")
    check_accessibility(browser, live_server + "/settings", cookies, "settings")

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(live_server + "/")
    assert "You are signed out" in page.text_content(".flashes")

    page.get_by_role("link", name="Sign in").click()
    page.get_by_label("Email").fill("ada@example.org")
    page.get_by_label("Password").fill("wrong password here")
    page.get_by_role("button", name="Sign in").click()
    assert "Wrong email or password." in page.text_content("main")
    # The refused form puts keyboard focus on the field with the problem.
    assert focused_id(page, "password") == "password"
    page.screenshot(path=str(SCREENSHOT_DIR / "sign-in-error-desktop-light.png"))
    check_accessibility(browser, page.url, [], "sign-in")

    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    page.wait_for_url(live_server + "/")
    assert page.get_by_role("heading", name="Hello, Ada").is_visible()


def test_guest_then_sign_up_keeps_the_account(page, live_server, browser):
    page.goto(live_server + "/")
    page.get_by_role("button", name="Try it without an account").click()
    page.wait_for_url(live_server + "/")
    assert "trying quizapp as a guest" in page.text_content(".flashes")
    page.get_by_role("link", name="Save my progress").click()
    fill_sign_up(page, "Grace", "grace@example.org")
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url(live_server + "/")
    assert "Everything you did as a guest is kept" in page.text_content(".flashes")


def test_skip_link_and_keyboard_navigation(page, live_server):
    page.goto(live_server + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_error_page_is_friendly(page, live_server, browser):
    response = page.goto(live_server + "/no/such/page")
    assert response.status == 404
    assert page.get_by_role("heading", name="Page not found").is_visible()
    check_accessibility(browser, live_server + "/no/such/page", [], "not-found")
