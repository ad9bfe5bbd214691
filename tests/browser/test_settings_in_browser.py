"""Settings in a real browser: the time zone is detected from the browser and saved with the form."""

from __future__ import annotations

import pytest

from quizapp.extensions import db
from quizapp.models import User
from tests.browser.conftest import PageWatch
from tests.browser.test_accounts_in_browser import fill_sign_up

pytestmark = pytest.mark.browser


def test_the_browser_time_zone_fills_the_default_and_is_saved(browser, live_server, app):
    context = browser.new_context(viewport={"width": 390, "height": 844}, timezone_id="Europe/Berlin")
    page = context.new_page()
    page.watch = PageWatch(page, live_server)
    page.goto(live_server + "/signup")
    fill_sign_up(page, "Ada", "ada@example.org")
    page.get_by_label("Repeat password").press("Enter")
    page.wait_for_url(live_server + "/")
    page.goto(live_server + "/settings")
    zone = page.get_by_label("Time zone")
    assert zone.input_value() == "Europe/Berlin"
    assert "Detected from this browser: Europe/Berlin" in page.text_content("#time_zone-help")
    page.get_by_role("button", name="Save settings").click()
    page.wait_for_url(live_server + "/settings")
    assert "Settings saved." in page.text_content(".flashes")
    with app.app_context():
        assert db.session.query(User).one().time_zone == "Europe/Berlin"
    # Once chosen, the zone is the learner's: a browser elsewhere does not change the field.
    page.goto(live_server + "/settings")
    assert zone.input_value() == "Europe/Berlin"
    context.close()
    assert page.watch.outside == [] and page.watch.console_errors == []


def test_a_chosen_zone_is_not_overwritten_by_the_browser(browser, live_server, app):
    context = browser.new_context(timezone_id="Europe/Berlin")
    page = context.new_page()
    page.goto(live_server + "/signup")
    fill_sign_up(page, "Bo", "bo@example.org")
    page.get_by_label("Repeat password").press("Enter")
    page.wait_for_url(live_server + "/")
    with app.app_context():
        db.session.query(User).one().time_zone = "Europe/Paris"
        db.session.commit()
    page.goto(live_server + "/settings")
    assert page.get_by_label("Time zone").input_value() == "Europe/Paris"
    context.close()
