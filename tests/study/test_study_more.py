"""Study when you want, through the test client: learning steps within 20 minutes are shown
instead of "All done", the page says when the next review comes and reloads itself for a step,
study ahead (soonest or weakest first) moves the schedule as early reviews, and a cram of chosen
sections is logged without touching it."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import select

from quizapp import srs
from quizapp.extensions import db
from quizapp.models import Card, Fact, ReviewLog, User
from quizapp.study.service import answers_today

# The Learner's clock starts on Monday 2 March 2026 at 09:00 UTC; the learner's zone is UTC.


def set_user(app, **values) -> None:
    with app.app_context():
        user = db.session.scalar(select(User))
        for name, value in values.items():
            setattr(user, name, value)
        db.session.commit()


def facts_of(app, section_id: str) -> list[str]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(Fact.id)
                .where(Fact.section_id == section_id, Fact.retired_at.is_(None))
                .order_by(Fact.paragraph, Fact.id)
            )
        )


def put_card(app, fact_id: str, state: srs.MemoryState) -> None:
    """A constructed history: the learner's memory of `fact_id` is `state`."""
    with app.app_context():
        user = db.session.scalar(select(User))
        db.session.add(
            Card(user_id=user.id, fact_id=fact_id, memory=state.to_dict(), due=state.due, reps=1, lapses=0)
        )
        db.session.commit()


def card_memory(app, fact_id: str) -> dict | None:
    with app.app_context():
        return db.session.scalar(select(Card.memory).where(Card.fact_id == fact_id))


def on_intervals(clock, stability: float, reviewed_days_ago: int, due_in: timedelta) -> srs.MemoryState:
    return srs.MemoryState(
        state="review",
        step=None,
        stability=stability,
        difficulty=5.0,
        due=clock.now + due_in,
        last_review=clock.now - timedelta(days=reviewed_days_ago),
    )


def in_steps(clock, due_in: timedelta) -> srs.MemoryState:
    """A fact answered Good once as new a minute ago, its next step `due_in` from now."""
    answered = srs.review(srs.MemoryState.new(), 3, clock.now - timedelta(minutes=1)).after
    return replace(answered, due=clock.now + due_in)


def logs(app) -> list[tuple[str, str, bool]]:
    with app.app_context():
        return [
            (row.fact_id, row.source, row.affects_schedule)
            for row in db.session.scalars(select(ReviewLog).order_by(ReviewLog.id))
        ]


@pytest.fixture
def nothing_new(loaded_app, learner):
    set_user(loaded_app, new_facts_per_day=0)
    return learner


def test_a_step_due_within_20_minutes_is_shown_instead_of_all_done(loaded_app, nothing_new, clock):
    fact = facts_of(loaded_app, "history")[0]
    put_card(loaded_app, fact, in_steps(clock, timedelta(minutes=12)))
    page = nothing_new.page()
    assert "All done for now" not in page
    assert nothing_new.question(page).fact_id == fact
    assert "1</strong> due" in page
    nothing_new.answer_current()
    assert "All done for now" in nothing_new.page()


def test_a_step_further_off_is_waited_for_and_the_page_reloads_for_it(loaded_app, nothing_new, clock):
    fact = facts_of(loaded_app, "history")[0]
    put_card(loaded_app, fact, in_steps(clock, timedelta(minutes=45)))
    page = nothing_new.page()
    assert "All done for now" in page
    # Due at 09:45, so shown from 09:25: the page looks again in 25 minutes, 1500 seconds.
    assert "One more fact comes back at 09:45; it is shown from 09:25." in page
    assert 'data-refresh-in="1500"' in page and "js/study_refresh.js" in page
    assert '<noscript><p class="meta">Reload this page from 09:25 to see it.</p></noscript>' in page
    clock.advance(minutes=24, seconds=59)
    assert 'data-refresh-in="1"' in nothing_new.page()
    clock.advance(seconds=1)
    assert nothing_new.question(nothing_new.page()).fact_id == fact


def test_all_done_says_when_the_next_review_comes(loaded_app, nothing_new, clock):
    history = facts_of(loaded_app, "history")
    put_card(loaded_app, history[0], on_intervals(clock, 10, 7, timedelta(days=3)))
    put_card(loaded_app, history[1], on_intervals(clock, 30, 7, timedelta(days=20)))
    page = nothing_new.page()
    assert "All done for now" in page
    assert "Your next review comes on Thursday 5 March (in 3 days)." in page
    # No step today: the page looks again when the study day ends (04:00, 19 hours from 09:00).
    assert 'data-refresh-in="68400"' in page
    clock.advance(days=2)  # Wednesday: the review falls due on Thursday's study day
    assert "Your next review comes tomorrow." in nothing_new.page()
    assert "Study ahead (2 facts)" in page


def test_all_done_left_open_overnight_reloads_into_the_new_days_reviews(loaded_app, nothing_new, clock):
    history = facts_of(loaded_app, "history")
    # Due on Tuesday at 10:00: a review on day-long intervals is due for its whole study day, which
    # begins at 04:00 on Tuesday, 19 hours after this Monday 09:00.
    put_card(loaded_app, history[0], on_intervals(clock, 10, 7, timedelta(hours=25)))
    page = nothing_new.page()
    assert "All done for now" in page and "Your next review comes tomorrow." in page
    assert 'data-refresh-in="68400"' in page
    assert "This page brings it up by itself." not in page  # said only for a step at a given time
    clock.advance(hours=18, minutes=59, seconds=59)  # 03:59:59: still Monday's study day
    assert 'data-refresh-in="1"' in nothing_new.page()
    clock.advance(seconds=1)  # 04:00, when the page reloads: Tuesday's review is there
    assert nothing_new.question(nothing_new.page()).fact_id == history[0]


def test_a_step_due_after_the_day_ends_waits_for_the_day_end_not_the_step(loaded_app, nothing_new, clock):
    fact = facts_of(loaded_app, "history")[0]
    clock.advance(hours=18, minutes=30)  # 03:30 on Tuesday, still Monday's study day
    put_card(loaded_app, fact, in_steps(clock, timedelta(hours=1)))  # due 04:30, Tuesday's
    page = nothing_new.page()
    assert "All done for now" in page
    assert 'data-refresh-in="1800"' in page  # 04:00, not 04:10 when the step would be shown


def test_study_ahead_soonest_or_weakest_moves_the_schedule_as_an_early_review(loaded_app, nothing_new, clock):
    history = facts_of(loaded_app, "history")
    # Soonest: due in 2 days (R(5, 20) ≈ 0.97); weakest: R(8, 4) = 0.81 by the curve, due in 6 days.
    soon, weak = history[0], history[1]
    put_card(loaded_app, soon, on_intervals(clock, 20, 5, timedelta(days=2)))
    put_card(loaded_app, weak, on_intervals(clock, 4, 8, timedelta(days=6)))
    assert nothing_new.question(nothing_new.page("/study/?mode=soonest")).fact_id == soon
    weakest = nothing_new.page("/study/?mode=weakest")
    assert nothing_new.question(weakest).fact_id == weak
    assert "Studying ahead" in weakest and "2 left" in weakest

    before = srs.MemoryState.from_dict(card_memory(loaded_app, weak))
    page = nothing_new.page("/study/?mode=weakest")
    question = nothing_new.question(page)
    fields = {"rating": "3"} if question.kind == "flashcard" else nothing_new.right_answer(question)
    response = nothing_new.answer(page, fields)
    assert response.status_code == 302 and "mode=weakest" in response.headers["Location"]
    after = srs.MemoryState.from_dict(card_memory(loaded_app, weak))
    assert after.last_review == clock.now and after.due > before.due
    assert logs(loaded_app) == [(weak, "study", True)]
    # An early review does not use up today's review allowance.
    with loaded_app.app_context():
        assert answers_today(db.session.scalar(select(User)), clock.now) == (0, 0)
    page = nothing_new.page("/study/?mode=weakest")
    assert nothing_new.question(page).fact_id == soon and "1 left" in page


def test_a_cram_goes_through_chosen_sections_without_touching_the_schedule(loaded_app, nothing_new, clock):
    history = facts_of(loaded_app, "history")
    seen = history[0]
    state = on_intervals(clock, 10, 2, timedelta(days=8))
    put_card(loaded_app, seen, state)
    url = "/study/?mode=cram&section=history"
    page = nothing_new.page(url)
    assert "Cram" in page and f"{len(history)} left" in page
    assert nothing_new.question(page).fact_id == seen  # the one remembered comes first
    # Wrong: still in the cram; then right: done for the cram.
    question = nothing_new.question(page)
    wrong = {"rating": "1"} if question.kind == "flashcard" else nothing_new.wrong_answer(question)
    first = nothing_new.answer(page, wrong)
    assert "mode=cram" in first.headers["Location"] and "section=history" in first.headers["Location"]
    page = nothing_new.page(url)
    assert f"{len(history)} left" in page and nothing_new.question(page).fact_id == seen
    question = nothing_new.question(page)
    right = {"rating": "3"} if question.kind == "flashcard" else nothing_new.right_answer(question)
    nothing_new.answer(page, right)
    page = nothing_new.page(url)
    assert f"{len(history) - 1} left" in page
    # An unseen fact crammed stays unseen to the schedule: no card, and no new fact begun.
    unseen = nothing_new.question(page).fact_id
    question = nothing_new.question(page)
    nothing_new.answer(
        page, {"rating": "3"} if question.kind == "flashcard" else nothing_new.right_answer(question)
    )
    assert card_memory(loaded_app, seen) == state.to_dict()
    assert card_memory(loaded_app, unseen) is None
    assert logs(loaded_app) == [(seen, "cram", False), (seen, "cram", False), (unseen, "cram", False)]
    with loaded_app.app_context():
        assert answers_today(db.session.scalar(select(User)), clock.now) == (0, 0)
    # Undo in the cram takes back the cram answer; the day's queue is untouched by it.
    page = nothing_new.page(url)
    undo = nothing_new.client.post(
        "/study/undo",
        data={"csrf_token": nothing_new.envelope(page)["csrf_token"], "mode": "cram", "sections": "history"},
    )
    assert undo.status_code == 302 and "mode=cram" in undo.headers["Location"]
    assert len(logs(loaded_app)) == 2


def test_a_cram_answer_s_feedback_says_the_schedule_is_unchanged(loaded_app, nothing_new, clock):
    """Variants rotate by day (cram answers count as shown), so a day or two brings an auto-graded one."""
    url = "/study/?mode=cram&section=history"
    for _day in range(6):
        page = nothing_new.page(url)
        question = nothing_new.question(page)
        if question.kind != "flashcard":
            break
        nothing_new.answer(page, {"rating": "3"})
        clock.advance(days=1)
    assert question.kind != "flashcard"
    response = nothing_new.answer(page, nothing_new.right_answer(question))
    assert "/study/answers/" in response.headers["Location"] and "mode=cram" in response.headers["Location"]
    result = nothing_new.client.get(response.headers["Location"]).get_data(as_text=True)
    assert "A cram answer: your schedule is unchanged." in result and "Next review in" not in result
    assert "I was right" not in result and "Disagree with the rating" not in result  # nothing to re-rate
    assert "mode=cram" in result.split("data-continue")[0].rsplit("href=", 1)[1]
    assert '<input type="hidden" name="mode" value="cram">' in result  # its undo takes back the cram answer


def test_a_cram_ends_when_every_fact_is_recalled(loaded_app, nothing_new, clock):
    url = "/study/?mode=cram&section=history"
    for _ in range(len(facts_of(loaded_app, "history"))):
        page = nothing_new.page(url)
        question = nothing_new.question(page)
        nothing_new.answer(
            page, {"rating": "3"} if question.kind == "flashcard" else nothing_new.right_answer(question)
        )
    page = nothing_new.page(url)
    assert "Cram done" in page and "Back to today" in page
    # A new study day starts the cram over.
    clock.advance(days=1)
    assert "Cram done" not in nothing_new.page(url)


@pytest.mark.parametrize(
    "url",
    [
        "/study/?mode=bogus",
        "/study/?mode=cram",
        "/study/?mode=cram&section=no-such-section",
        "/study/?mode=weakest&section=no-such-section",
        "/study/?mode=" + "x" * 5000,
    ],
)
def test_bad_modes_and_sections_are_answered_without_an_error(nothing_new, url):
    response = nothing_new.client.get(url, follow_redirects=True)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    if "mode=cram" in url:
        assert "Choose the sections to cram." in page
