"""The daily goal and today's summary, on the study page's end and on progress, from real answers."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from quizapp import srs
from quizapp.extensions import db
from quizapp.models import Card, Fact, User
from tests.conftest import post_form

SETTINGS = {
    "display_name": "Learner",
    "time_zone": "UTC",
    "desired_retention": "90",
    "new_facts_per_day": "2",
    "reviews_per_day": "200",
    "slow_answer_percent": "100",
}


def figure(page: str, name: str) -> str:
    match = re.search(rf"<dt>{name}</dt><dd>(.*?)</dd>", page, re.S)
    assert match, f"no {name} in the today card"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1))).strip()


def test_the_goal_is_set_in_settings_and_bad_goals_are_refused(learner, loaded_app):
    response = post_form(learner.client, "/settings", {**SETTINGS, "daily_goal": "-3"})
    assert response.status_code == 400 and "Choose between 0 and 1000 answers." in response.get_data(
        as_text=True
    )
    response = post_form(learner.client, "/settings", {**SETTINGS, "daily_goal": "many"})
    assert response.status_code == 400
    assert post_form(learner.client, "/settings", {**SETTINGS, "daily_goal": "5"}).status_code == 302
    with loaded_app.app_context():
        assert db.session.scalar(select(User.daily_goal)) == 5


def test_a_day_of_study_is_summed_up_at_the_end_and_on_progress(learner, loaded_app, clock):
    post_form(learner.client, "/settings", {**SETTINGS, "daily_goal": "5"})
    answers = 0
    for _ in range(40):  # two new facts, answered until nothing is due now (steps shown ahead too)
        page = learner.page()
        if "All done for now" in page:
            break
        question = learner.question(page)
        clock.advance(seconds=6)  # each answer takes 6 seconds: quick enough to count as Good
        fields = {"rating": "3"} if question.kind == "flashcard" else learner.right_answer(question)
        assert learner.answer(page, fields).status_code == 302
        answers += 1
        clock.advance(seconds=1)
    assert answers >= 2
    done = learner.page()
    assert "All done for now" in done, (answers, re.findall(r"<h[12][^>]*>(.*?)</h", done))
    assert figure(done, "Answers") == str(answers)
    minutes = round(answers * 6 / 60)
    assert figure(done, "Time studied") == (f"{minutes} min" if minutes else "&lt; 1 min")
    assert figure(done, "New facts learned") == "2"
    assert figure(done, "Retention today") == "no spaced reviews yet"
    if answers < 5:
        assert f"{answers} of 5 answers</strong> towards your daily goal: {5 - answers} to go." in done
    progress = learner.page("/progress/")
    assert figure(progress, "Answers") == str(answers)
    assert figure(progress, "New facts learned") == "2"
    clock.advance(days=1)  # a new study day: the summary starts again
    assert figure(learner.page("/progress/"), "Answers") == "0"


def test_retention_today_counts_spaced_reviews(learner, loaded_app, clock):
    """Two facts on day-long intervals, due today: one remembered, one forgotten, is 50 %."""
    post_form(learner.client, "/settings", {**SETTINGS, "daily_goal": "2", "new_facts_per_day": "0"})
    with loaded_app.app_context():
        user = db.session.scalar(select(User))
        fact_ids = db.session.scalars(select(Fact.id).order_by(Fact.id).limit(2)).all()
        for fact_id in fact_ids:  # learned 10 days ago, due 2 days ago
            state = srs.MemoryState(
                "review", None, 8.0, 5.0, clock.now - timedelta(days=2), clock.now - timedelta(days=10)
            )
            db.session.add(
                Card(user_id=user.id, fact_id=fact_id, memory=state.to_dict(), due=state.due, reps=3)
            )
        db.session.commit()
    remembered = fact_ids[0]
    for _ in range(2):
        page = learner.page()
        question = learner.question(page)
        right = question.fact_id == remembered
        if question.kind == "flashcard":
            fields = {"rating": "3" if right else "1"}
        else:
            fields = learner.right_answer(question) if right else learner.wrong_answer(question)
        assert learner.answer(page, fields).status_code == 302
    progress = learner.page("/progress/")
    assert figure(progress, "Retention today") == "50 % 1 of 2 reviews"
    assert figure(progress, "New facts learned") == "0"
    assert "Daily goal reached:</strong> 2 of 2 answers." in progress
