"""Enter on an answer's drop-down submits the answer (matching, ordering, comparison), as Enter
does in a text box, instead of opening the list; an unanswered drop-down stops it."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import ReviewLog

pytestmark = pytest.mark.browser

NEW_QUESTION = """k => { const f = document.querySelector('input[name=submission_key]');
                       return !f || f.value !== k; }"""


def _answers(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(ReviewLog))


@pytest.mark.parametrize("kind_label", ["Match them up", "Put in order"])
def test_enter_on_a_drop_down_submits_the_answer(loaded_page, loaded_live_server, loaded_app, kind_label):
    page = loaded_page
    page.goto(loaded_live_server + "/")
    page.get_by_role("button", name="Try it without an account").click()
    page.wait_for_selector(".flashes")
    page.goto(loaded_live_server + "/study/practice")
    page.get_by_label(kind_label).check()
    page.get_by_role("button", name="Start the test").click()
    page.wait_for_selector("main select")
    selects = page.query_selector_all("main select")
    assert len(selects) >= 3
    key = page.input_value("input[name=submission_key]")

    # Focus is on the first drop-down (autofocus). Enter with drop-downs still empty submits
    # nothing: the browser flags the empty one.
    assert page.evaluate("document.activeElement.tagName") == "SELECT"
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    assert page.input_value("input[name=submission_key]") == key and _answers(loaded_app) == 0

    # Choose with the arrow keys, move with Tab, and press Enter on the last drop-down.
    for index in range(len(selects)):
        for _ in range(index + 1):
            page.keyboard.press("ArrowDown")
        if index < len(selects) - 1:
            page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "SELECT"
    page.keyboard.press("Enter")
    page.wait_for_function(NEW_QUESTION, arg=key)
    assert _answers(loaded_app) == 1
