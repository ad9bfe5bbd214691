"""A teacher uploads a deck, shares it with a colleague by email, and the colleague builds a class quiz
from it in Chromium, by keyboard where it matters; the quiz is shared back, read and copied; a
learner answers the deck's questions. Every page added or changed is checked by axe in both
themes, at 1280 and 390 px."""

from __future__ import annotations

import uuid

import pytest
from werkzeug.datastructures import MultiDict

from quizapp.answering.views import read_response
from quizapp.auth.accounts import create_account
from quizapp.classes.service import create_class, join_class
from quizapp.clock import utcnow
from quizapp.extensions import db
from quizapp.models import Question, Quiz, Role, User
from quizapp.quizzes import service as quizzes
from tests.browser.conftest import PageWatch, check_accessibility
from tests.library.test_uploads import VALID
from tests.study.conftest import answer_fields

pytestmark = pytest.mark.browser

PASSWORD = "a long and memorable passphrase"
BOTH = ("light", "dark")


def sign_in(page, base: str, email: str) -> None:
    page.goto(base + "/signin")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    page.wait_for_selector(".flashes")


def check(browser, page, name: str) -> None:
    check_accessibility(browser, page.url, page.context.cookies(), name, phone_schemes=BOTH)


def test_share_a_deck_and_build_a_quiz_from_it(
    loaded_app, loaded_live_server, loaded_page, browser, tmp_path
):
    with loaded_app.app_context():
        rivera = create_account("rivera@example.org", PASSWORD, "Ms Rivera", Role.TEACHER)
        chen = create_account("chen@example.org", PASSWORD, "Mr Chen", Role.TEACHER)
        ann = create_account("ann@example.org", PASSWORD, "Ann", Role.LEARNER)
        create_class(chen, "Period 5")
        classroom = create_class(chen, "Period 3")
        join_class(ann, classroom.join_code)
        rivera_class = create_class(rivera, "Rivera's period 2")
        db.session.commit()
        rivera_class_id = rivera_class.id
        class_id, ann_id = classroom.id, ann.id
    page, base = loaded_page, loaded_live_server

    # Ms Rivera uploads her deck and shares it with Mr Chen, typing his address.
    sign_in(page, base, "rivera@example.org")
    facts = tmp_path / "facts.yaml"
    facts.write_bytes(VALID)
    page.goto(base + "/library/upload")
    page.get_by_label("Deck title").fill("Rivera's model makers")
    page.get_by_label("Fact file").set_input_files(str(facts))
    page.get_by_role("button", name="Check and upload").click()
    page.wait_for_url("**/library/decks/*")
    deck_url = page.url
    email = page.get_by_label("Teacher's email")
    email.fill("nobody@example.org")
    email.press("Enter")
    page.wait_for_selector(".error")
    assert "No teacher account uses that address" in page.locator(".error").text_content()
    page.get_by_label("Teacher's email").fill("chen@example.org")
    page.get_by_label("Teacher's email").press("Enter")
    page.wait_for_selector(".flash-success")
    assert "Mr Chen" in page.locator(".share-list").text_content()
    check(browser, page, "deck-owner-sharing")

    # Mr Chen, in his own browser, finds the deck shared with him, read-only.
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    chen_page = context.new_page()
    chen_page.watch = PageWatch(chen_page, base)
    sign_in(chen_page, base, "chen@example.org")
    chen_page.goto(base + "/library/")
    check(browser, chen_page, "library-with-shared-decks")
    chen_page.get_by_role("link", name="Rivera's model makers").click()
    assert chen_page.url == deck_url
    assert "shared with you" in chen_page.locator(".lead").text_content()
    assert chen_page.get_by_role("button", name="Copy to edit").is_visible()
    assert chen_page.locator("#sharing").count() == 0
    check(browser, chen_page, "deck-shared-with-me")

    # He builds a quiz on it for his class, by keyboard: the deck and two kinds.
    chen_page.goto(f"{base}/classes/{class_id}/quizzes")
    check(browser, chen_page, "quiz-builder-with-decks")
    chen_page.get_by_label("Title").fill("Model makers check")
    chen_page.get_by_label("Rivera's model makers").focus()
    chen_page.keyboard.press("Space")
    chen_page.get_by_label("True or false").check()
    chen_page.get_by_label("Number or year").check()
    chen_page.get_by_label("Number of questions").fill("4")
    chen_page.get_by_label("Number of questions").press("Enter")
    chen_page.wait_for_url("**/quizzes/*/edit")
    warning = chen_page.locator(".flash-warning")
    assert warning.count() == 1 and "Number or year: 2 asked, 1 given" in warning.text_content()
    assert chen_page.locator(".quiz-question").count() == 4
    check(browser, chen_page, "quiz-built-from-a-deck")
    quiz_url = chen_page.url

    # Hand-pick lists the deck's section under its title.
    chen_page.goto(quiz_url.replace("/edit", "/pick"))
    assert chen_page.locator('optgroup[label="Rivera\'s model makers"]').count() == 1
    check(browser, chen_page, "quiz-pick-with-decks")

    # He copies it to his other class and shares it with Ms Rivera.
    chen_page.goto(quiz_url)
    chen_page.get_by_label("Class").select_option(label="Period 5")
    chen_page.get_by_role("button", name="Copy to this class").click()
    chen_page.wait_for_selector(".flash-success")
    assert "Period 5" in chen_page.locator(".breadcrumbs").text_content()
    chen_page.goto(quiz_url)
    chen_page.get_by_label("Teacher's email").fill("rivera@example.org")
    chen_page.get_by_label("Teacher's email").press("Enter")
    chen_page.wait_for_selector(".flash-success")
    quiz_id = quiz_url.rstrip("/").split("/")[-2]
    chen_page.get_by_role("button", name="Assign to the class").click()
    chen_page.wait_for_selector(".flash-success")
    context.close()
    assert chen_page.watch.outside == [] and chen_page.watch.console_errors == []

    # Ms Rivera finds it on her class's quiz page, reads it and copies it into her class.
    page.goto(f"{base}/classes/{rivera_class_id}/quizzes")
    check(browser, page, "class-quizzes-shared-with-me")
    page.get_by_role("link", name="Model makers check").click()
    assert "read-only" in page.locator(".lead").text_content()
    assert page.locator(".quiz-question").count() == 4
    check(browser, page, "quiz-shared-with-me")
    page.get_by_role("button", name="Copy to this class").click()
    page.wait_for_selector(".flash-success")
    assert "Rivera's period 2" in page.locator(".breadcrumbs").text_content()
    assert page.locator(".quiz-question").count() == 4

    # Ann takes it (answers sent through the quiz service, as the pages do); her review names the
    # deck without linking into it, since the deck is not hers to browse.
    with loaded_app.app_context():
        quiz = db.session.get(Quiz, int(quiz_id))
        learner = db.session.get(User, ann_id)
        attempt = quizzes.start_attempt(quiz, learner, utcnow())
        for position, question_id in enumerate(attempt.question_ids):
            row = db.session.get(Question, question_id)
            question = quizzes.display_question(attempt, row)
            response = read_response(question, MultiDict(answer_fields(row.data, position % 2 == 0)))
            quizzes.answer_question(
                attempt, position, row, question, response, 5.0, uuid.uuid4().hex, utcnow()
            )
        quizzes.finish(attempt, utcnow(), "submitted")
        db.session.commit()
        attempt_id = attempt.id
    learner_context = browser.new_context(viewport={"width": 1280, "height": 900})
    ann_page = learner_context.new_page()
    sign_in(ann_page, base, "ann@example.org")
    ann_page.goto(f"{base}/attempts/{attempt_id}/review")
    body = ann_page.locator("main").text_content()
    assert "From Rivera's model makers" in body
    assert ann_page.locator("main a[href*='/library/']").count() == 0
    check(browser, ann_page, "quiz-review-of-deck-questions")
    learner_context.close()
