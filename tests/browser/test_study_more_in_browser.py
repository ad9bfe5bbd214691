"""Study when you want, in Chromium: "All done" says what comes next and offers study ahead and a
cram; with a learning step coming up the page brings it up by itself (no reload by hand, no
request leaving the machine); study ahead and cram pages answer with the keyboard, axe-clean."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from quizapp import srs
from quizapp.extensions import db
from quizapp.models import Card, Fact, User
from tests.browser.conftest import SCREENSHOT_DIR, check_accessibility
from tests.browser.test_study_in_browser import answer_with_keyboard
from tests.browser.test_study_session_in_browser import start_as_guest

pytestmark = pytest.mark.browser


class Clock:
    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now


def phone_dark_shot(browser, url: str, cookies: list[dict], name: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme="dark")
    context.add_cookies(cookies)
    page = context.new_page()
    page.goto(url)
    page.screenshot(path=str(SCREENSHOT_DIR / f"{name}-phone-dark.png"), full_page=True)
    context.close()


def shots(browser, url: str, cookies: list[dict], name: str) -> None:
    check_accessibility(browser, url, cookies, name)
    phone_dark_shot(browser, url, cookies, name)


def run_from_noon(app, time_zone: str) -> Callable[[], datetime]:
    """Let the app's clock run at real speed from noon today in the learner's time zone; return it.

    The study day ends at 04:00 and "All done" counts only the learning steps due before then, so
    run between 03:30 and 04:00 a step due in 30 minutes was tomorrow's and the page had nothing to
    bring up (this test failed in CI at 03:58 UTC). The page's own timer runs in real time, so the
    clock must too.
    """
    return run_from(app, time_zone, hour=12)


def run_from(app, time_zone: str, hour: int, minute: int = 0, second: int = 0) -> Callable[[], datetime]:
    """Let the app's clock run at real speed from today's `hour`:`minute`:`second` in the
    learner's time zone; return it."""
    local = datetime.now(UTC).astimezone(ZoneInfo(time_zone))
    offset = local.replace(hour=hour, minute=minute, second=second, microsecond=0) - local

    def running() -> datetime:
        return datetime.now(UTC) + offset

    app.config["CLOCK"] = running
    return running


def step_due(now, due_in: timedelta) -> srs.MemoryState:
    answered = srs.review(srs.MemoryState.new(), 3, now - timedelta(minutes=1)).after
    return replace(answered, due=now + due_in)


def set_card(app, fact_id: str, state: srs.MemoryState) -> None:
    with app.app_context():
        user = db.session.scalar(select(User))
        card = db.session.scalar(select(Card).where(Card.fact_id == fact_id))
        if card is None:
            card = Card(user_id=user.id, fact_id=fact_id, memory={}, due=state.due, reps=1, lapses=0)
            db.session.add(card)
        card.memory, card.due = state.to_dict(), state.due
        db.session.commit()


def test_all_done_offers_more_and_brings_up_the_next_step_by_itself(
    loaded_page, loaded_live_server, loaded_app, browser
):
    base, page = loaded_live_server, loaded_page
    start_as_guest(page, base)
    with loaded_app.app_context():
        time_zone = db.session.scalar(select(User.time_zone))
    running = run_from_noon(loaded_app, time_zone)
    now = running()
    with loaded_app.app_context():
        db.session.scalar(select(User)).new_facts_per_day = 0
        db.session.commit()
        facts = list(
            db.session.scalars(
                select(Fact.id).where(Fact.section_id == "history").order_by(Fact.paragraph, Fact.id)
            )
        )
    review_state = srs.MemoryState(
        state="review",
        step=None,
        stability=10,
        difficulty=5.0,
        due=now + timedelta(days=3),
        last_review=now - timedelta(days=7),
    )
    set_card(loaded_app, facts[0], review_state)
    set_card(loaded_app, facts[1], step_due(now, timedelta(minutes=30)))
    page.goto(base + "/study/")
    assert page.get_by_role("heading", name="All done for now").is_visible()
    assert page.get_by_text("This page brings it up by itself.").is_visible()  # JS unhid it
    assert page.get_by_role("link", name="Weakest first").is_visible()
    cookies = page.context.cookies()
    shots(browser, base + "/study/", cookies, "study-all-done")

    # The step now comes due in 20 minutes and 3 seconds: the page reloads itself into it.
    set_card(loaded_app, facts[1], step_due(running(), timedelta(minutes=20, seconds=3)))
    page.goto(base + "/study/")
    assert page.query_selector(".question-card") is None
    page.wait_for_selector(".question-card", timeout=15000)
    assert "1" in page.text_content(".counts .count strong")

    # Study ahead from "All done", with the keyboard: the one review card, weakest first.
    answer_with_keyboard(page)
    if page.query_selector("[data-continue]"):
        page.keyboard.press("Enter")
    page.wait_for_selector(".done")
    page.get_by_role("link", name="Weakest first").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(".question-card")
    assert "Studying ahead" in page.text_content(".study-mode")
    shots(browser, page.url, cookies, "study-ahead")

    # A cram of one section, chosen with the keyboard; from here the app's clock is the test's, so
    # a day can pass (a fact's wording rotates by day: the second day brings another kind).
    clock = Clock(running())
    loaded_app.config["CLOCK"] = clock
    page.goto(base + "/study/")
    page.locator(".cram-form").get_by_label("History of foundation models").check()
    page.get_by_role("button", name="Cram these").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(".question-card")
    assert "Cram" in page.text_content(".study-mode") and "mode=cram" in page.url
    shots(browser, page.url, cookies, "study-cram")
    cram_url = page.url
    for _day in range(6):
        if answer_with_keyboard(page) != "flashcard":
            break
        clock.now += timedelta(days=1)
        page.goto(cram_url)
    assert "A cram answer: your schedule is unchanged." in page.text_content("main")
    shots(browser, page.url, cookies, "study-cram-result")
    with loaded_app.app_context():
        memory = db.session.scalar(select(Card.memory).where(Card.fact_id == facts[0]))
    assert srs.MemoryState.from_dict(memory).last_review is not None


def test_all_done_left_open_reloads_itself_when_the_study_day_ends(
    loaded_page, loaded_live_server, loaded_app
):
    """A learner leaves "All done" open overnight: when the study day ends (04:00) the page brings
    up the new day's review by itself."""
    base, page = loaded_live_server, loaded_page
    start_as_guest(page, base)
    with loaded_app.app_context():
        time_zone = db.session.scalar(select(User.time_zone))
        db.session.scalar(select(User)).new_facts_per_day = 0
        db.session.commit()
        fact = db.session.scalar(select(Fact.id).where(Fact.section_id == "history").order_by(Fact.paragraph))
    running = run_from(loaded_app, time_zone, hour=3, minute=59, second=52)
    now = running()
    review_state = srs.MemoryState(
        state="review",
        step=None,
        stability=10,
        difficulty=5.0,
        due=now + timedelta(hours=6),  # about 10:00: due from 04:00, when its study day begins
        last_review=now - timedelta(days=7),
    )
    set_card(loaded_app, fact, review_state)
    page.goto(base + "/study/")
    assert page.get_by_role("heading", name="All done for now").is_visible()
    assert page.get_by_text("Your next review comes tomorrow.").is_visible()
    assert page.query_selector(".question-card") is None
    page.wait_for_selector(".question-card", timeout=20000)  # reloaded at 04:00, by itself
    assert "1" in page.text_content(".counts .count strong")
