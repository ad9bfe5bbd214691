"""The progress pages in Chromium, empty and after weeks of study, pass the accessibility check."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from quizapp import srs
from quizapp.answering.record import Answer, record_answer
from quizapp.extensions import db
from quizapp.models import Card, PracticeTest, Question, User
from quizapp.study.service import active_facts
from tests.browser.conftest import check_accessibility

pytestmark = pytest.mark.browser

START = datetime(2026, 4, 1, 18, 0, tzinfo=UTC)
DAYS = 40
PASSWORD = "a long and memorable passphrase"


class Clock:
    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def sign_up(browser, base_url: str, email: str) -> list[dict]:
    """Sign up through the page in a fresh context; return its cookies."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(base_url + "/signup")
    page.get_by_label("Display name").fill(email.split("@")[0])
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat password").fill(PASSWORD)
    page.get_by_label("Repeat password").press("Enter")
    page.wait_for_url(base_url + "/")
    cookies = context.cookies()
    context.close()
    return cookies


def simulate_study(app, email: str) -> None:
    """Weeks of study through the study service: 6 new facts on most days, every due fact reviewed,
    every seventh review forgotten, and a practice test every ten days."""
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        fact_ids = list(active_facts(None))
        first_question: dict[str, Question] = {}
        for question in db.session.scalars(
            select(Question).where(Question.retired_at.is_(None)).order_by(Question.id)
        ):
            first_question.setdefault(question.fact_id, question)
        answered = 0
        next_new = 0
        for day in range(DAYS):
            if day % 9 == 4:
                continue  # a day off now and then
            now = START + timedelta(days=day)
            cards = db.session.scalars(select(Card).where(Card.user_id == user.id)).all()
            due = [
                c.fact_id
                for c in cards
                if srs.is_due(srs.MemoryState.from_dict(c.memory), now, now + timedelta(hours=6))
            ]
            new = fact_ids[next_new : next_new + 6]
            next_new += len(new)
            for step in range(3):  # the day's reviews, then learning steps 11 minutes apart
                at = now + timedelta(minutes=11 * step)
                todo = (
                    due + new
                    if step == 0
                    else [
                        c.fact_id
                        for c in db.session.scalars(select(Card).where(Card.user_id == user.id))
                        if c.memory["state"] != "review" and srs.MemoryState.from_dict(c.memory).due <= at
                    ]
                )
                for fact_id in todo:
                    answered += 1
                    rating = 1 if answered % 7 == 0 else 3
                    question = first_question[fact_id]
                    record_answer(
                        user, Answer(question, rating, rating > 1, "", "", 8.0, uuid.uuid4().hex), at
                    )
                db.session.flush()
            if day % 10 == 9:
                db.session.add(
                    PracticeTest(
                        user_id=user.id,
                        section_ids=["history"],
                        kinds=["multiple_choice"],
                        question_ids=["q"] * 10,
                        created_at=now,
                        finished_at=now + timedelta(minutes=5),
                        correct_count=5 + day // 10,
                        score=(5 + day // 10) / 10,
                    )
                )
            db.session.commit()


def test_progress_pages_empty_and_full(browser, loaded_live_server, loaded_app, loaded_page):
    clock = Clock(START + timedelta(days=DAYS, hours=-2))
    loaded_app.config["CLOCK"] = clock
    base = loaded_live_server

    empty = sign_up(browser, base, "new@example.org")
    check_accessibility(browser, base + "/progress/", empty, "progress-empty")
    check_accessibility(browser, base + "/progress/facts/bert-release-year", empty, "progress-fact-empty")

    full = sign_up(browser, base, "busy@example.org")
    simulate_study(loaded_app, "busy@example.org")
    check_accessibility(browser, base + "/progress/", full, "progress-full")

    # In the normal (CSP-enforced) context: the charts are there and draw nothing from outside.
    loaded_page.context.add_cookies(full)
    loaded_page.goto(base + "/progress/")
    assert loaded_page.get_by_role("img", name="Answers per day over the last year").is_visible()
    assert loaded_page.get_by_role("img", name="Reviews due per day for the next 30 days").is_visible()
    assert loaded_page.get_by_role("img", name="Practice test scores over time").is_visible()
    loaded_page.get_by_text("Show the forecast as a table").click()
    assert loaded_page.locator("details.chart-table[open] table").is_visible()
    hardest = loaded_page.locator(".hardest-list a").first
    hardest.click()
    loaded_page.wait_for_url(f"{base}/progress/facts/**")
    assert loaded_page.get_by_role("heading", name="Your memory of it").is_visible()
    check_accessibility(browser, loaded_page.url, full, "progress-fact-full")
