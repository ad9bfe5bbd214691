"""Prerequisites through the real bank and pages: BERT's release waits until the transformer is
learned; a forgotten transformer puts BERT at risk on the progress page."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from quizapp import srs
from quizapp.extensions import db
from quizapp.models import Card, User
from quizapp.study.bank_cache import bank_snapshot
from quizapp.study.service import build_queue


def user_of(app) -> User:
    return db.session.scalar(select(User).where(User.email == "learner@example.org"))


def put_card(app, fact_id: str, state: srs.MemoryState) -> None:
    with app.app_context():
        db.session.add(
            Card(user_id=user_of(app).id, fact_id=fact_id, memory=state.to_dict(), due=state.due, reps=2)
        )
        db.session.commit()


def new_in_queue(app, clock, sections=None) -> list[str]:
    with app.test_request_context():
        queue = build_queue(user_of(app), sections, clock.now)
        return [entry.fact_id for entry in queue.order if entry.is_new]


def test_the_bank_carries_each_fact_s_prerequisites(loaded_app):
    with loaded_app.test_request_context():
        prerequisites = bank_snapshot().prerequisites
    assert prerequisites["bert-release-year"] == ("transformer-introduced-year",)
    assert "transformer-introduced-year" not in prerequisites


def test_a_new_fact_waits_until_what_it_builds_on_is_learned(learner, loaded_app, clock):
    with loaded_app.app_context():
        user_of(loaded_app).new_facts_per_day = 50
        db.session.commit()
    first = new_in_queue(loaded_app, clock, ["history"])
    assert "transformer-introduced-year" in first
    assert "bert-release-year" not in first and "gpt3-release-year" not in first
    # Studying only the examples section, the transformer (history) is not studyable: no wait.
    assert "bert-bidirectional-training" in new_in_queue(loaded_app, clock, ["examples"])
    # Begun and graduated to day-long intervals: BERT may now begin.
    learned = srs.MemoryState("review", None, 3.0, 5.0, clock.now + timedelta(days=3), clock.now)
    put_card(loaded_app, "transformer-introduced-year", learned)
    later = new_in_queue(loaded_app, clock, ["history"])
    assert "bert-release-year" in later and "gpt3-release-year" in later


def test_a_forgotten_prerequisite_marks_what_builds_on_it_at_risk(learner, loaded_app, clock):
    known = srs.MemoryState(
        "review", None, 20.0, 5.0, clock.now + timedelta(days=20), clock.now - timedelta(days=1)
    )
    put_card(loaded_app, "bert-release-year", known)
    # Stability 5, last seen 60 days ago: R(60, 5) = 0.675, under 70 %.
    faded = srs.MemoryState(
        "review", None, 5.0, 5.0, clock.now - timedelta(days=55), clock.now - timedelta(days=60)
    )
    put_card(loaded_app, "transformer-introduced-year", faded)
    page = learner.page("/progress/")
    assert "At risk: built on something you forgot" in page
    section = page.split('id="at-risk-heading"')[1].split("</section>")[0]
    assert (
        "/progress/facts/bert-release-year" in section
        and "/progress/facts/transformer-introduced-year" in section
    )
    assert "gpt3" not in section  # GPT-3's release year is not learned: nothing of it to put at risk
    # Reviewed again and recalled: no longer at risk.
    with loaded_app.app_context():
        card = db.session.scalar(select(Card).where(Card.fact_id == "transformer-introduced-year"))
        fresh = srs.MemoryState("review", None, 30.0, 5.0, clock.now + timedelta(days=30), clock.now)
        card.memory, card.due = fresh.to_dict(), fresh.due
        db.session.commit()
    assert "At risk" not in learner.page("/progress/")


def test_the_library_shows_what_a_fact_builds_on_and_when_it_is_at_risk(learner, loaded_app, clock):
    page = learner.page("/library/facts/bert-release-year")
    assert "Builds on:" in page and "/library/facts/transformer-introduced-year" in page
    assert "At risk" not in page and "you forgot this" not in page
    assert "Builds on:" not in learner.page("/library/facts/transformer-introduced-year")
    # R(60, 5) = 0.675: the transformer is likely forgotten, so BERT's release is at risk.
    faded = srs.MemoryState(
        "review", None, 5.0, 5.0, clock.now - timedelta(days=55), clock.now - timedelta(days=60)
    )
    put_card(loaded_app, "transformer-introduced-year", faded)
    page = learner.page("/library/facts/bert-release-year")
    assert "you forgot this" in page and "At risk" in page
    # Signed out, the library still says what it builds on, and nothing about anyone's memory.
    anonymous = loaded_app.test_client().get("/library/facts/bert-release-year")
    assert anonymous.status_code == 200
    text = anonymous.get_data(as_text=True)
    assert "Builds on:" in text and "At risk" not in text
