"""The teacher opens a learner's answer sheet from the results page in Chromium, by keyboard;
the results page and the sheet are accessible in both themes and on a phone."""

from __future__ import annotations

import random
import uuid

import pytest
from werkzeug.datastructures import MultiDict

from quizapp import content
from quizapp.answering.views import read_response
from quizapp.auth.accounts import create_account
from quizapp.classes.service import create_class, join_class
from quizapp.clock import utcnow
from quizapp.extensions import db
from quizapp.models import Question, Role
from quizapp.quizzes import service as quizzes
from tests.browser.conftest import check_accessibility

pytestmark = pytest.mark.browser

PASSWORD = "a long and memorable passphrase"


def test_teacher_opens_an_answer_sheet(loaded_app, loaded_live_server, loaded_page, browser):
    with loaded_app.app_context():
        teacher = create_account("teach@example.org", PASSWORD, "Ms Teach", Role.TEACHER)
        ann = create_account("ann@example.org", PASSWORD, "Ann", Role.LEARNER)
        cy = create_account("cy@example.org", PASSWORD, "Cy", Role.LEARNER)
        classroom = create_class(teacher, "Period 3")
        join_class(ann, classroom.join_code)
        join_class(cy, classroom.join_code)
        quiz = quizzes.create_quiz(classroom, "Homework", [], ["typed"], 3, utcnow(), random.Random(2))
        quiz.assigned_at = utcnow()
        attempt = quizzes.start_attempt(quiz, ann, utcnow())
        for position, text in enumerate(("a typed guess", "another guess")):
            row = db.session.get(Question, attempt.question_ids[position])
            question = content.Question.from_dict(row.data)
            response = read_response(question, MultiDict({"text": text}))
            quizzes.answer_question(
                attempt, position, row, question, response, 9.0, uuid.uuid4().hex, utcnow()
            )
        quizzes.finish(attempt, utcnow(), "submitted")
        db.session.commit()
        quiz_id = quiz.id
    page, base = loaded_page, loaded_live_server
    page.goto(base + "/signin")
    page.get_by_label("Email").fill("teach@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    page.wait_for_selector(".flashes")
    page.goto(f"{base}/quizzes/{quiz_id}/results")
    assert page.get_by_role("heading", name="Not started (1)").is_visible()
    assert page.locator(".not-started li").all_text_contents() == ["Cy"]
    check_accessibility(browser, page.url, page.context.cookies(), "quiz-results-with-sheets")
    link = page.get_by_role("link", name="Answer sheet of Ann, attempt 1")
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/quizzes/{quiz_id}/attempts/*")
    assert page.get_by_role("heading", name="Ann: 0.0%").is_visible()
    cards = page.locator("li.card.result")
    assert cards.count() == 3
    assert "a typed guess" in cards.nth(0).text_content() and "9 s" in cards.nth(0).text_content()
    assert "Not answered" in cards.nth(2).text_content()
    # The teacher changes the first mark by keyboard; the score follows.
    page.get_by_text("Change the mark of question 1").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.type("1")
    page.keyboard.press("Tab")
    page.keyboard.type("The guess names the right idea")
    page.keyboard.press("Enter")
    page.wait_for_selector(".flashes")
    assert page.get_by_role("heading", name="Ann: 33.3%").is_visible()
    assert "Right" in cards.nth(0).text_content()
    assert "Reason: The guess names the right idea" in cards.nth(0).text_content()
    check_accessibility(browser, page.url, page.context.cookies(), "quiz-answer-sheet")
