"""The study page is kept between requests (study/kept_page.py) yet never shows what has changed.

Each test views the page (so it is kept), checks a second view is served from memory with its own
submission key, time and this session's CSRF token, then changes something the page shows and
checks the next view equals a page drawn from scratch (the same request with the cache emptied).
"""

from __future__ import annotations

import random
import re
from datetime import timedelta

from sqlalchemy import select

from quizapp.auth.accounts import create_account
from quizapp.classes.service import create_class, join_class
from quizapp.extensions import db
from quizapp.models import Role, User
from tests.conftest import AuthActions, dispose, make_app, post_form
from tests.progress.test_progress_cache import SETTINGS
from tests.study.conftest import Learner

CACHE = "quizapp.pages.study"
PER_SHOWING = re.compile(r'(name="(?:submission_key|shown_at|csrf_token)"[^>]*value=")[^"]*"')


def content(page: str) -> str:
    """The page below the menu with the per-showing values blanked out."""
    return PER_SHOWING.sub(r'\1"', page[page.index("<main") : page.index("</main>")])


def drawn_afresh(learner: Learner) -> str:
    learner.app.extensions.pop(CACHE, None)
    return learner.page()


def entries(learner: Learner) -> dict:
    return dict(learner.app.extensions[CACHE]._entries)


def test_a_second_view_is_served_from_memory_with_its_own_key_time_and_token(learner, clock):
    welcome = learner.page()
    assert CACHE not in learner.app.extensions  # the sign-up's message is shown once, never kept
    first = learner.page()
    assert content(first) != content(welcome)
    kept = entries(learner)
    assert len(kept) == 1
    clock.advance(seconds=5)
    second = learner.page()
    assert entries(learner) == kept  # not drawn again
    one, two = learner.envelope(first), learner.envelope(second)
    assert one["question_id"] == two["question_id"]
    assert one["submission_key"] != two["submission_key"] and len(two["submission_key"]) == 32
    assert two["shown_at"] == clock.now.isoformat() != one["shown_at"]
    assert "qz-hole" not in second
    assert content(second) == content(drawn_afresh(learner))


def test_each_showing_of_a_kept_page_is_its_own_answer(learner):
    """Two tabs showing the kept page answer twice: two answers, not one taken as a repeat."""
    learner.page()
    first, second = learner.page(), learner.page()
    question = learner.question(first)
    fields = {"rating": "3"} if question.kind == "flashcard" else learner.right_answer(question)
    assert learner.answer(first, fields).status_code == 302
    assert learner.answer(second, fields).status_code == 302
    with learner.app.app_context():
        from quizapp.models import ReviewLog

        assert db.session.query(ReviewLog).count() == 2


def test_another_session_of_the_same_learner_gets_its_own_csrf_token(learner, loaded_app):
    learner.page()
    other = loaded_app.test_client()
    AuthActions(other).sign_in(email="learner@example.org")
    page = other.get("/study/").get_data(as_text=True)
    other_learner = Learner(loaded_app, other, learner.clock)
    question = other_learner.question(page)
    fields = {"rating": "3"} if question.kind == "flashcard" else other_learner.right_answer(question)
    assert other_learner.answer(page, fields).status_code == 302  # its token is valid for its session


def test_the_page_follows_an_answer_given_by_another_worker(learner, loaded_app):
    """A second app on the same database stands for gunicorn's other worker."""
    learner.page()
    other_worker = make_app(loaded_app.config["SQLALCHEMY_DATABASE_URI"])
    try:
        other_worker.config["CLOCK"] = learner.clock
        elsewhere = Learner(other_worker, other_worker.test_client(), learner.clock)
        AuthActions(elsewhere.client).sign_in(email="learner@example.org")
        before = learner.page()
        elsewhere.answer_current()
        after = learner.page()
        assert learner.envelope(after)["question_id"] != learner.envelope(before)["question_id"]
        assert content(after) == content(drawn_afresh(learner))
    finally:
        dispose(other_worker)


def new_left(page: str) -> int:
    return int(re.search(r"<strong>(\d+)</strong> new left today", page).group(1))


def test_the_page_follows_settings(learner):
    learner.page()
    assert new_left(learner.page()) == 20
    post_form(learner.client, "/settings", {**SETTINGS, "new_facts_per_day": "3"})
    learner.page()  # shows (and so clears) the "saved" message
    after = learner.page()
    assert new_left(after) == 3
    assert content(after) == content(drawn_afresh(learner))


def test_a_one_off_message_is_shown_once_and_never_kept(learner):
    learner.page()
    post_form(learner.client, "/settings", {**SETTINGS})
    with_message = learner.page()
    assert "Settings saved." in with_message
    plain = learner.page()
    assert "Settings saved." not in plain
    assert content(plain) == content(drawn_afresh(learner))


def test_an_assigned_quiz_closing_soon_changes_the_rating_intervals(learner, loaded_app, clock):
    """The rating buttons respect an exam date (answering/exam.py): a quiz of the learner's class
    assigned after the page was kept shows at once."""
    from quizapp.quizzes.service import create_quiz

    post_form(learner.client, "/settings", {**SETTINGS, "new_facts_per_day": "0"})
    with loaded_app.app_context():
        from tests.study.test_exam_date import first_fact, put_card

    from quizapp import srs

    fact = first_fact(loaded_app, "history")
    put_card(
        loaded_app, fact, srs.MemoryState("review", None, 30, 5.0, clock.now, clock.now - timedelta(days=30))
    )
    learner.page()
    learner.page()
    with loaded_app.app_context():
        teacher = create_account("t@example.org", "a long and memorable passphrase", "Ms T", Role.TEACHER)
        classroom = create_class(teacher, "Period 3")
        user = db.session.scalar(select(User).where(User.email == "learner@example.org"))
        join_class(user, classroom.join_code)
        quiz = create_quiz(
            classroom, "Unit test", ["history"], ["multiple_choice"], 2, clock.now, random.Random(1)
        )
        quiz.assigned_at = clock.now
        quiz.closes_at = clock.now + timedelta(days=2)
        db.session.commit()
    kept = entries(learner)
    after = learner.page()
    assert entries(learner) != kept  # drawn again: the class's quiz is the learner's exam now
    assert content(after) == content(drawn_afresh(learner))


def test_a_learning_step_coming_due_replaces_the_kept_question(learner, clock):
    """A fact answered wrongly comes back after a short step; the page kept meanwhile (showing
    another fact) gives way to it as soon as it is due, not when the entry would expire."""
    from quizapp.models import Card

    learner.page()
    forgotten, _ = learner.answer_current(right=False)
    with learner.app.app_context():
        step_due = db.session.scalar(select(Card.due).where(Card.fact_id == forgotten.fact_id))
    clock.now = step_due.replace(tzinfo=clock.now.tzinfo) - timedelta(seconds=20)
    waiting = learner.page()
    assert learner.question(waiting).fact_id != forgotten.fact_id
    kept = entries(learner)
    assert learner.question(learner.page()).fact_id != forgotten.fact_id
    assert entries(learner) == kept
    clock.advance(seconds=21)  # within the 60 s an entry may last, but past the step's due time
    due_again = learner.page()
    assert learner.question(due_again).fact_id == forgotten.fact_id
    assert content(due_again) == content(drawn_afresh(learner))


def test_a_kept_page_is_served_before_the_user_is_loaded(learner):
    """Served before Flask-Login loads the user: the one read of what the key and the session
    check need goes straight to a pooled DB-API connection (learner_pages.serve_kept_page), so
    SQLAlchemy runs no statement at all."""
    from sqlalchemy import event

    learner.page()
    learner.page()
    seen: list[str] = []

    def remember(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    with learner.app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", remember)
    try:
        kept = learner.page()
    finally:
        event.remove(engine, "before_cursor_execute", remember)
    assert seen == []
    assert content(kept) == content(drawn_afresh(learner))


def test_a_session_ended_elsewhere_gets_no_kept_page(learner, loaded_app):
    """Signing out everywhere (a new session version) or a disabled account ends the session at
    once, kept page or not."""
    learner.page()
    learner.page()
    with loaded_app.app_context():
        db.session.execute(
            User.__table__.update()
            .where(User.email == "learner@example.org")
            .values(session_version=User.session_version + 1)
        )
        db.session.commit()
    response = learner.client.get("/study/")
    assert response.status_code == 302 and "/signin" in response.headers["Location"]


def test_a_disabled_account_gets_no_kept_page(learner, loaded_app):
    learner.page()
    learner.page()
    with loaded_app.app_context():
        db.session.execute(
            User.__table__.update().where(User.email == "learner@example.org").values(is_disabled=True)
        )
        db.session.commit()
    response = learner.client.get("/study/")
    assert response.status_code == 302 and "/signin" in response.headers["Location"]
