"""Two tabs show the same card; the second one's answer, seconds after the first, is said and undoable."""

from __future__ import annotations

from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Card, ReviewLog

NOTICE = "You answered this card in another tab a moment ago"


def logs(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(ReviewLog))


def test_a_stale_tab_answer_is_said_and_can_be_undone(learner, loaded_app, clock):
    first_tab = learner.page()
    second_tab = learner.page()
    question = learner.question(first_tab)
    assert question.kind == "flashcard" and learner.question(second_tab).id == question.id
    clock.advance(seconds=4)
    assert learner.answer(first_tab, {"rating": "3"}).status_code == 302
    assert NOTICE not in learner.page()  # an ordinary answer says nothing
    clock.advance(seconds=3)
    assert learner.answer(second_tab, {"rating": "4"}).status_code == 302
    assert logs(loaded_app) == 2  # accepted, as before: the learner decides
    page = learner.page()
    assert NOTICE in page and "Undo this answer" in page
    assert NOTICE not in learner.page()  # said once
    token = learner.envelope(page)["csrf_token"]
    undone = learner.client.post("/study/undo", data={"csrf_token": token, "sections": ""})
    assert undone.status_code == 302
    assert logs(loaded_app) == 1
    with loaded_app.app_context():
        card = db.session.scalar(select(Card).where(Card.fact_id == question.fact_id))
        kept = db.session.scalar(select(ReviewLog))
        assert card.reps == 1 and kept.rating == 3  # the first tab's answer is the one kept


def test_the_result_page_says_so_for_an_auto_graded_card(learner, loaded_app, clock):
    question = None
    for _ in range(80):  # answer flashcards (Easy) until a question the app grades comes up
        page = learner.page()
        if "question_id" not in learner.envelope(page):  # nothing now: days later, other variants
            clock.advance(days=3)
            continue
        question = learner.question(page)
        if question.kind != "flashcard":
            break
        learner.answer(page, {"rating": "4"})
        clock.advance(seconds=20)
    assert question is not None and question.kind != "flashcard"
    fact_id = question.fact_id
    other = learner.page()
    clock.advance(seconds=5)
    first = learner.answer(page, learner.right_answer(question))
    assert NOTICE not in learner.client.get(first.headers["Location"]).get_data(as_text=True)
    clock.advance(seconds=2)
    second = learner.answer(other, learner.wrong_answer(question))
    result = learner.client.get(second.headers["Location"]).get_data(as_text=True)
    assert NOTICE in result and "Undo this answer" in result
    with loaded_app.app_context():
        assert db.session.scalar(select(Card.reps).where(Card.fact_id == fact_id)) == 2


def test_a_resent_form_is_not_taken_for_another_tab(learner, loaded_app, clock):
    page = learner.page()
    clock.advance(seconds=4)
    learner.answer(page, {"rating": "3"})
    clock.advance(seconds=1)
    learner.answer(page, {"rating": "3"})  # the same submission again (a double click)
    assert logs(loaded_app) == 1
    assert NOTICE not in learner.page()
