"""A new learner studies with the keyboard alone: flashcards, choices, typed answers and undo."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import User
from tests.browser.conftest import check_accessibility

pytestmark = pytest.mark.browser


class Clock:
    def __init__(self):
        self.now = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)

    def __call__(self):
        return self.now


# True once the page no longer shows the question whose submission key is `k`.
NEW_PAGE = """k => { const f = document.querySelector('input[name=submission_key]');
                   return !f || f.value !== k; }"""
NO_CONTINUE = "() => !document.querySelector('[data-continue]')"


def answer_with_keyboard(page) -> str:
    """Answer whatever the study page shows using only keys; return the question's kind label."""
    kind = page.text_content(".question-card .kind").split("·")[0].strip().lower()
    key = page.input_value("input[name=submission_key]")
    if page.query_selector("details[data-reveal]"):
        page.keyboard.press("Space")
        page.keyboard.press("3")
        page.wait_for_function(NEW_PAGE, arg=key)
        return kind
    if page.query_selector("#typed-answer"):
        page.keyboard.type("transformer")
        page.keyboard.press("Enter")
    elif page.query_selector("main select"):
        for _ in page.query_selector_all("main select"):
            page.keyboard.press("ArrowDown")
            page.keyboard.press("Tab")
        page.keyboard.press("Enter")  # focus is on the Check button now
    else:
        page.keyboard.press("1")
        page.keyboard.press("Enter")
    page.wait_for_selector("[data-continue]")
    return kind


def test_ten_items_with_the_keyboard_alone(loaded_page, loaded_live_server, loaded_app, browser):
    clock = Clock()
    loaded_app.config["CLOCK"] = clock
    page = loaded_page
    page.goto(loaded_live_server + "/")
    page.get_by_role("button", name="Try it without an account").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(".flashes")
    with loaded_app.app_context():  # a small daily allowance, so reviews (and other kinds) come soon
        guest = db.session.scalar(select(User))
        guest.new_facts_per_day = 2
        db.session.commit()
    page.goto(loaded_live_server + "/study/")
    check_accessibility(browser, page.url, page.context.cookies(), "study-flashcard")

    kinds: list[str] = []
    undone = False
    # New facts now wait for the facts they build on, so a typed question comes later in a
    # guest's first days than it did: room for up to 80 items (the loop stops once it has seen all).
    for _ in range(80):
        if page.query_selector(".done"):
            clock.now += timedelta(days=1)
            page.goto(loaded_live_server + "/study/")
            continue
        kinds.append(answer_with_keyboard(page))
        if page.query_selector("[data-continue]"):
            if not undone and len(kinds) >= 3:
                check_accessibility(browser, page.url, page.context.cookies(), "study-result")
                page.keyboard.press("u")
                page.wait_for_function(NO_CONTINUE)
                assert "Your last answer was undone." in page.text_content(".flashes")
                undone = True
                kinds.pop()
                continue
            page.keyboard.press("Enter")
            page.wait_for_function(NO_CONTINUE)
        if (
            len(kinds) >= 10
            and {"flashcard", "type the answer"} <= set(kinds)
            and any(kind in {"multiple choice", "true or false"} for kind in kinds)
        ):
            break
        clock.now += timedelta(hours=5)
    assert len(kinds) >= 10, kinds
    assert "flashcard" in kinds and "type the answer" in kinds, "|".join(kinds)
    assert any(kind in {"multiple choice", "true or false"} for kind in kinds)
    assert undone
