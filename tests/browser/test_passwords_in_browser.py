"""Forgetting, resetting and changing a password in Chromium, with the keyboard, through a real
SMTP server; each page is checked with axe and photographed (desktop and phone, light and dark)."""

from __future__ import annotations

import pytest

from quizapp.models import Role
from tests.browser.conftest import SCREENSHOT_DIR, check_accessibility
from tests.conftest import STRONG_PASSWORD

pytestmark = pytest.mark.browser

NEW_PASSWORD = "a brand new long passphrase"


def phone_dark(browser, url: str, cookies: list[dict], name: str) -> None:
    """check_accessibility photographs the phone in light only; the dark phone view too."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme="dark")
    context.add_cookies(cookies)
    page = context.new_page()
    page.goto(url)
    page.screenshot(path=str(SCREENSHOT_DIR / f"{name}-phone-dark.png"), full_page=True)
    context.close()


def photograph(page, name: str) -> None:
    """Screenshots of the page as it is (the answer to a POST cannot be fetched again)."""
    for scheme in ("light", "dark"):
        for label, viewport in (
            ("desktop", {"width": 1280, "height": 900}),
            ("phone", {"width": 390, "height": 844}),
        ):
            page.emulate_media(color_scheme=scheme)
            page.set_viewport_size(viewport)
            page.screenshot(path=str(SCREENSHOT_DIR / f"{name}-{label}-{scheme}.png"), full_page=True)
    page.emulate_media(color_scheme="light")
    page.set_viewport_size({"width": 1280, "height": 900})


def look_at(browser, url: str, cookies: list[dict], name: str) -> None:
    check_accessibility(browser, url, cookies, name)
    phone_dark(browser, url, cookies, name)


def test_forgot_and_reset_with_the_keyboard(page, live_server, browser, make_user, mailbox):
    make_user(email="ada@example.org")
    page.goto(live_server + "/signin")
    page.get_by_role("link", name="Forgot your password?").click()
    look_at(browser, page.url, [], "forgot-password")
    page.get_by_label("Email").fill("ada@example.org")
    page.get_by_label("Email").press("Enter")
    assert page.get_by_role("heading", name="Check your mail").is_visible()
    photograph(page, "reset-sent")

    link = mailbox.link_in(mailbox.wait_for(to="ada@example.org"))
    page.goto(link)
    look_at(browser, link, [], "reset-password")
    page.get_by_label("New password").fill(NEW_PASSWORD)
    page.get_by_label("Repeat password").fill(NEW_PASSWORD)
    page.get_by_label("Repeat password").press("Enter")
    page.wait_for_url(live_server + "/")
    assert "Your password is changed" in page.text_content(".flashes")

    page.goto(link)
    assert page.get_by_role("heading", name="This link no longer works").is_visible()
    look_at(browser, link, [], "reset-invalid")


def test_change_password_and_admin_reset_link(page, live_server, browser, make_user):
    admin = make_user(Role.ADMIN, email="admin@example.org")
    make_user(email="kid@example.org")
    page.goto(live_server + "/signin")
    page.get_by_label("Email").fill(admin.email)
    page.get_by_label("Password").fill(STRONG_PASSWORD)
    page.get_by_label("Password").press("Enter")
    page.wait_for_url(live_server + "/")
    cookies = page.context.cookies()

    page.goto(live_server + "/settings")
    page.get_by_role("link", name="change your password").click()
    look_at(browser, page.url, cookies, "change-password")
    page.get_by_label("Current password").fill("not my password")
    page.get_by_label("New password").fill(NEW_PASSWORD)
    page.get_by_label("Repeat password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    assert "That is not your current password." in page.text_content("main")
    page.screenshot(path=str(SCREENSHOT_DIR / "change-password-error-desktop-light.png"), full_page=True)
    page.get_by_label("Current password").fill(STRONG_PASSWORD)
    page.get_by_label("New password").fill(NEW_PASSWORD)
    page.get_by_label("Repeat password").fill(NEW_PASSWORD)
    page.get_by_label("Repeat password").press("Enter")
    page.wait_for_url(live_server + "/settings")
    assert "Password changed" in page.text_content(".flashes")
    cookies = page.context.cookies()

    page.goto(live_server + "/admin/users")
    look_at(browser, page.url, cookies, "admin-users")
    page.get_by_role("button", name="Make a reset link for kid").click()
    assert page.get_by_role("heading", name="Reset link for kid").is_visible()
    photograph(page, "admin-reset-link")
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(bypass_csp=True)
    context.add_cookies(page.context.cookies())
    axe_page = context.new_page()
    axe_page.goto(live_server + "/admin/users")  # so the page's stylesheet loads from the same place
    axe_page.set_content(page.content())
    serious = [
        v["id"]
        for v in Axe().run(axe_page).response["violations"]
        if v.get("impact") in {"serious", "critical"}
    ]
    context.close()
    assert serious == []


def test_without_a_mail_server_the_page_says_where_mail_goes(page, live_server, browser):
    """`make run` on a laptop has no SMTP_HOST: the page says the link is in the server's log."""
    page.goto(live_server + "/password/forgot")
    assert "written to the server's log" in page.text_content(".notice")
    look_at(browser, page.url, [], "forgot-password-no-smtp")
