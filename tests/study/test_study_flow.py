"""A learner studies through the test client with a controlled clock, on the real bank."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, select

from quizapp import srs
from quizapp.extensions import db
from quizapp.models import Card, ReviewLog, User


def log_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(ReviewLog))


def card_of(app, fact_id: str) -> Card | None:
    with app.app_context():
        card = db.session.scalar(select(Card).where(Card.fact_id == fact_id))
        if card is not None:
            db.session.expunge(card)
        return card


def set_user(app, **values) -> None:
    with app.app_context():
        user = db.session.scalar(select(User))
        for name, value in values.items():
            setattr(user, name, value)
        db.session.commit()


def test_new_learner_starts_with_a_flashcard_and_counts(learner):
    page = learner.page()
    assert "20</strong> new left today" in page
    assert "0</strong> due" in page
    question = learner.question(page)
    assert question.kind == "flashcard"
    assert "Show answer" in page and "Again" in page and "Easy" in page


def test_answer_is_stored_exactly_once(learner, loaded_app):
    page = learner.page()
    question = learner.question(page)
    first = learner.answer(page, {"rating": "3"})
    again = learner.answer(page, {"rating": "3"})  # a double click resends the same form
    assert first.status_code == again.status_code == 302
    assert log_count(loaded_app) == 1
    card = card_of(loaded_app, question.fact_id)
    assert card.reps == 1
    assert srs.MemoryState.from_dict(card.memory).state == "learning"


def test_auto_graded_answer_shows_feedback_with_explanation(learner, loaded_app, clock):
    fact_id = learner.answer_current()[0].fact_id
    clock.advance(days=1)
    page = learner.page()
    question = learner.question(page)
    assert question.fact_id == fact_id and question.kind != "flashcard"  # the variant rotated
    response = learner.answer(page, learner.right_answer(question), follow_redirects=True)
    result = response.get_data(as_text=True)
    assert "Right" in result
    assert "Next review in" in result
    with loaded_app.app_context():
        log = db.session.scalar(select(ReviewLog).order_by(ReviewLog.id.desc()))
        assert log.correct is True and log.kind == question.kind
        assert log.rating in (2, 3, 4)
        assert log.state_before is not None and log.state_after is not None


def test_wrong_answer_is_rated_again_and_explained(learner, loaded_app, clock):
    learner.answer_current()
    clock.advance(days=1)
    page = learner.page()
    question = learner.question(page)
    response = learner.answer(page, learner.wrong_answer(question), follow_redirects=True)
    assert "Not quite" in response.get_data(as_text=True)
    with loaded_app.app_context():
        log = db.session.scalar(select(ReviewLog).order_by(ReviewLog.id.desc()))
        assert (log.correct, log.rating) == (False, 1)


def test_undo_restores_schedule_and_log_exactly(learner, loaded_app, clock):
    question, _ = learner.answer_current()
    clock.advance(days=1)
    before = card_of(loaded_app, question.fact_id)
    logs_before = log_count(loaded_app)
    shown_before = learner.question(learner.page()).id
    learner.answer_current(right=False)
    assert card_of(loaded_app, question.fact_id).memory != before.memory
    page = learner.page()
    token = learner.envelope(page)["csrf_token"]
    response = learner.client.post("/study/undo", data={"csrf_token": token}, follow_redirects=True)
    assert "Your last answer was undone." in response.get_data(as_text=True)
    after = card_of(loaded_app, question.fact_id)
    assert (after.memory, after.due, after.reps, after.lapses) == (
        before.memory,
        before.due,
        before.reps,
        before.lapses,
    )
    assert log_count(loaded_app) == logs_before
    # The same question comes back, as if the answer had never been given.
    assert learner.question(learner.page()).id == shown_before


def test_undo_of_a_first_answer_forgets_the_card(learner, loaded_app):
    question, _ = learner.answer_current()
    token = learner.envelope(learner.page())["csrf_token"]
    learner.client.post("/study/undo", data={"csrf_token": token})
    assert card_of(loaded_app, question.fact_id) is None
    assert log_count(loaded_app) == 0


def test_undo_brings_back_the_undone_fact_before_a_step_that_came_due_meanwhile(learner, loaded_app, clock):
    first, _ = learner.answer_current(right=False)  # a short learning step, due in minutes
    second, _ = learner.answer_current()
    assert second.fact_id != first.fact_id
    clock.advance(minutes=15)  # the first fact's step has come due
    assert learner.question(learner.page()).fact_id == first.fact_id
    token = learner.envelope(learner.page())["csrf_token"]
    learner.client.post("/study/undo", data={"csrf_token": token})
    assert learner.question(learner.page()).fact_id == second.fact_id
    # Only once: after that the usual order holds again.
    assert learner.question(learner.page()).fact_id == first.fact_id


def test_sixty_days_intervals_grow_after_right_and_shrink_after_wrong(learner, loaded_app, clock):
    set_user(loaded_app, new_facts_per_day=2)
    answers = 0
    followed = None
    dues: list[datetime] = []
    for _day in range(60):
        for _ in range(50):  # everything the queue offers today
            page = learner.page()
            if "All done for now" in page:
                break
            question, _ = learner.answer_current(right=True)
            answers += 1
            followed = followed or question.fact_id
            if question.fact_id == followed:
                dues.append(card_of(loaded_app, followed).due - clock.now)
            clock.advance(minutes=11)
        clock.now = clock.now.replace(hour=9, minute=0) + __import__("datetime").timedelta(days=1)
    assert log_count(loaded_app) == answers  # exactly one row per answer
    day_intervals = [gap for gap in dues if gap.days >= 1]
    assert len(day_intervals) >= 3
    assert all(later > earlier for earlier, later in zip(day_intervals, day_intervals[1:]))
    # Now forget it: the next interval is far shorter than the last one.
    card = card_of(loaded_app, followed)
    clock.now = card.due
    while True:
        page = learner.page()
        question = learner.question(page)
        if question.fact_id == followed:
            break
        learner.answer_current(right=True)
    learner.answer_current(right=False)
    shrunk = card_of(loaded_app, followed).due - clock.now
    assert shrunk < day_intervals[-1]
    assert card_of(loaded_app, followed).lapses == 1


def test_daily_new_limit_and_done_page(learner, loaded_app):
    set_user(loaded_app, new_facts_per_day=3)
    for _ in range(3):
        learner.answer_current(rating=4)  # Easy: straight to day-long intervals
    # Auto-graded kinds rate a right answer Good: a 10-minute step, shown at once as there is
    # nothing else left (the 20-minute learn-ahead limit); answered again, they graduate.
    for _ in range(3):
        if "All done for now" in learner.page():
            break
        learner.answer_current(rating=4)
    page = learner.page()
    assert "All done for now" in page
    assert "0</strong> new left today" in page


@pytest.mark.parametrize(
    ("zone", "before_rollover_utc"),
    [
        ("Pacific/Auckland", datetime.fromisoformat("2026-06-01T15:30:00+00:00")),  # 03:30 NZST
        ("America/Los_Angeles", datetime.fromisoformat("2026-06-01T10:30:00+00:00")),  # 03:30 PDT
        ("UTC", datetime.fromisoformat("2026-06-01T03:30:00+00:00")),
    ],
)
def test_new_allowance_resets_at_four_local_time(learner, loaded_app, clock, zone, before_rollover_utc):
    set_user(loaded_app, new_facts_per_day=2, time_zone=zone)
    clock.now = before_rollover_utc
    for _ in range(2):
        learner.answer_current(rating=4)
    assert "0</strong> new left today" in learner.page()
    clock.advance(minutes=45)  # 04:15 local: a new study day
    assert "2</strong> new left today" in learner.page()


def test_bad_answers_are_refused_without_saving(learner, loaded_app, clock):
    learner.answer_current()
    clock.advance(days=1)
    page = learner.page()
    envelope = learner.envelope(page)
    missing = learner.client.post("/study/answer", data=envelope, follow_redirects=True)
    assert missing.status_code == 200
    assert log_count(loaded_app) == 1
    forged = learner.client.post("/study/answer", data={**envelope, "submission_key": "x' OR 1=1"})
    assert forged.status_code == 400
    unknown = learner.client.post(
        "/study/answer", data={**envelope, "question_id": "no-such:question:0", "rating": "3"}
    )
    assert unknown.status_code == 404  # questions are retired, never deleted: an unknown id is forged
    no_csrf = learner.client.post("/study/answer", data={**envelope, "csrf_token": "bad"})
    assert no_csrf.status_code == 400
    assert log_count(loaded_app) == 1


def test_results_are_private(learner, loaded_app, clock):
    learner.answer_current()
    clock.advance(days=1)
    _question, response = learner.answer_current()
    result_path = response.headers["Location"]
    other = loaded_app.test_client()
    from tests.conftest import AuthActions

    AuthActions(other).sign_up(email="other@example.org")
    assert other.get(result_path).status_code == 404


def test_study_needs_sign_in(loaded_app):
    assert loaded_app.test_client().get("/study/").status_code == 302


def test_home_page_shows_todays_work(learner, loaded_app):
    page = learner.page("/")
    assert "<strong>0</strong> due and <strong>20</strong> new facts" in page
    set_user(loaded_app, new_facts_per_day=0)
    assert "You are done for today" in learner.page("/")
