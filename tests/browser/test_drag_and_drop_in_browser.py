"""Ordering and matching questions by drag and drop in Chromium (pointer), and ordering with the
keyboard alone; the drop-downs underneath carry the answer, as they do without JavaScript."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import PracticeAnswer, PracticeTest, Question
from tests.browser.conftest import SCREENSHOT_DIR, check_accessibility

pytestmark = pytest.mark.browser


def practice_of(page, base_url: str, kind: str) -> Question:
    """Start a practice test of one question kind as a guest; return the first question's row."""
    page.goto(base_url + "/")
    page.get_by_role("button", name="Try it without an account").click()
    page.wait_for_selector(".flashes")
    page.goto(base_url + "/study/practice")
    page.locator(f"input[name=kinds][value={kind}]").check()
    page.fill("input[name=count]", "3")
    page.get_by_role("button", name="Start the test").click()
    page.wait_for_selector("form[data-drag-ready]")


def first_question(app) -> Question:
    with app.app_context():
        test = db.session.scalar(select(PracticeTest))
        question = db.session.get(Question, test.question_ids[0])
        db.session.expunge(question)
        return question


def drag(page, source, target, below: bool = False) -> None:
    box = source.bounding_box()
    goal = target.bounding_box()
    page.mouse.move(box["x"] + 12, box["y"] + box["height"] / 2)
    page.mouse.down()
    y = goal["y"] + goal["height"] * (0.8 if below else 0.2)
    page.mouse.move(goal["x"] + 20, y, steps=8)
    page.mouse.up()


def last_answer(app) -> PracticeAnswer:
    with app.app_context():
        answer = db.session.scalar(select(PracticeAnswer).order_by(PracticeAnswer.id.desc()))
        db.session.expunge(answer)
        return answer


def test_ordering_by_dragging_the_rows(loaded_page, loaded_live_server, loaded_app, browser):
    loaded_app.config["CLOCK"] = lambda: datetime(2026, 5, 4, 9, 0, tzinfo=UTC)
    page = loaded_page
    practice_of(page, loaded_live_server, "ordering")
    check_accessibility(browser, page.url, page.context.cookies(), "drag-ordering")
    question = first_question(loaded_app)
    right_order = list(question.data["answer"])  # choice indices, earliest first
    for place, choice in enumerate(right_order):  # drag each into its place, top to bottom
        rows = page.locator("form[data-drag] li.pair")
        source = page.locator(f"form[data-drag] li.pair:has(select[name=place-{choice}])")
        current = [rows.nth(i).locator("select").get_attribute("name") for i in range(rows.count())]
        if current.index(f"place-{choice}") != place:
            drag(page, source.locator(".drag-handle"), rows.nth(place))
    names = page.eval_on_selector_all(
        "form[data-drag] li.pair select", "ss => ss.map(s => [s.name, s.value])"
    )
    assert names == [[f"place-{choice}", str(place + 1)] for place, choice in enumerate(right_order)]
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT_DIR / "drag-ordering-dragged-desktop-light.png"))
    with page.expect_navigation():
        page.get_by_role("button", name="Check").click()
    answer = last_answer(loaded_app)
    assert answer.correct and answer.score == 1.0


def test_matching_by_dropping_answers_on_items(loaded_page, loaded_live_server, loaded_app, browser):
    loaded_app.config["CLOCK"] = lambda: datetime(2026, 5, 4, 9, 0, tzinfo=UTC)
    page = loaded_page
    practice_of(page, loaded_live_server, "matching")
    check_accessibility(browser, page.url, page.context.cookies(), "drag-matching")
    question = first_question(loaded_app)
    for item, choice in question.data["answer"]:
        chip = page.locator(f"[data-drag-chip='{choice}']")
        row = page.locator(f"form[data-drag] li.pair:has(select[name=pair-{item}])")
        drag(page, chip, row.locator("label"))
        assert row.locator("select").input_value() == str(choice)
    page.screenshot(path=str(SCREENSHOT_DIR / "drag-matching-dropped-desktop-light.png"))
    with page.expect_navigation():
        page.get_by_role("button", name="Check").click()
    answer = last_answer(loaded_app)
    assert answer.correct and answer.score == 1.0


def test_ordering_with_the_keyboard_alone(loaded_page, loaded_live_server, loaded_app):
    loaded_app.config["CLOCK"] = lambda: datetime(2026, 5, 4, 9, 0, tzinfo=UTC)
    page = loaded_page
    practice_of(page, loaded_live_server, "ordering")
    question = first_question(loaded_app)
    place_of = {choice: place + 1 for place, choice in enumerate(question.data["answer"])}
    page.locator("form[data-drag] select").first.focus()
    for index in range(len(question.data["choices"])):
        name = page.evaluate("document.activeElement.name")
        choice = int(name.split("-")[1])
        for _ in range(place_of[choice]):
            page.keyboard.press("ArrowDown")  # the drop-down's own keys: Place… -> 1 -> 2 ...
        if index < len(question.data["choices"]) - 1:
            page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # on a drop-down of an answer, Enter submits (app.js)
    answer = last_answer(loaded_app)
    assert answer.correct and answer.score == 1.0


def test_ordering_by_touch(browser, loaded_live_server, loaded_app):
    """A finger drags a row (touch events, as a phone sends them) and the places follow."""
    loaded_app.config["CLOCK"] = lambda: datetime(2026, 5, 4, 9, 0, tzinfo=UTC)
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    page = context.new_page()
    try:
        practice_of(page, loaded_live_server, "ordering")
        cdp = context.new_cdp_session(page)
        rows = page.locator("form[data-drag] li.pair")
        last_name = rows.nth(3).locator("select").get_attribute("name")
        start = rows.nth(3).locator(".drag-handle").bounding_box()
        goal = rows.nth(0).bounding_box()
        x, y = start["x"] + start["width"] / 2, start["y"] + start["height"] / 2
        cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
        for step in range(1, 11):
            ty = y + (goal["y"] + 5 - y) * step / 10
            cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": ty}]})
        cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
        assert rows.nth(0).locator("select").get_attribute("name") == last_name  # moved to the top
        values = page.eval_on_selector_all("form[data-drag] li.pair select", "ss => ss.map(s => s.value)")
        assert values == ["1", "2", "3", "4"]
        assert page.evaluate("window.scrollY") == 0  # the drag did not scroll the page instead
    finally:
        context.close()
