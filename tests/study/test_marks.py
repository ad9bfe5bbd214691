"""Suspend, bury and flag through the real pages: what leaves the queue, when it comes back, the list."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from sqlalchemy import event, select

from quizapp.extensions import db
from quizapp.models import Card, FactMark, PracticeTest, Question, User

COUNTS = re.compile(r"<strong>(\d+)</strong> due.*?<strong>(\d+)</strong> new left today", re.S)


def counts(page: str) -> tuple[int, int]:
    due, new = COUNTS.search(page).groups()
    return int(due), int(new)


def mark(learner, fact_id: str, action: str, back: str = "/study/"):
    page = learner.page("/study/")
    token = learner.envelope(page)["csrf_token"]
    return learner.client.post(
        f"/study/facts/{fact_id}/mark", data={"csrf_token": token, "mark": action, "next": back}
    )


def shown_fact(learner) -> str:
    return learner.question(learner.page()).fact_id


def set_learner(app, **values) -> None:
    with app.app_context():
        user = db.session.scalar(select(User))
        for name, value in values.items():
            setattr(user, name, value)
        db.session.commit()


def test_a_buried_new_fact_leaves_today_and_returns_after_the_4am_rollover(learner, loaded_app, clock):
    set_learner(loaded_app, time_zone="Europe/Berlin", new_facts_per_day=1000)  # every fact is on offer
    clock.now = datetime(2026, 3, 2, 20, 0, tzinfo=UTC)  # 21:00 in Berlin, Monday's study day
    first = shown_fact(learner)
    due, new = counts(learner.page())
    response = mark(learner, first, "bury")
    assert response.status_code == 302 and response.headers["Location"] == "/study/"
    page = learner.page()
    assert "Buried" in page and "comes back after your day rolls over at 4 a.m." in page
    assert learner.question(page).fact_id != first
    assert counts(page) == (due, new - 1)  # one fact fewer on offer today: the buried one waits
    clock.now = datetime(2026, 3, 3, 2, 59, tzinfo=UTC)  # 03:59 in Berlin: still Monday's study day
    assert first not in learner.page()
    clock.now = datetime(2026, 3, 3, 3, 0, tzinfo=UTC)  # 04:00 in Berlin: Tuesday, the fact is back
    assert shown_fact(learner) == first


def test_a_suspended_review_stays_out_until_unsuspended(learner, loaded_app, clock):
    fact_id = learner.answer_current(rating=3)[0].fact_id
    learner.answer_current(rating=3)  # the second fact, so the first is not alone
    clock.advance(days=30)  # both long due
    due_before, _new = counts(learner.page())
    assert mark(learner, fact_id, "suspend").status_code == 302
    page = learner.page()
    assert counts(page)[0] == due_before - 1
    for _ in range(3):  # days go by: still out, its card untouched
        clock.advance(days=5)
        assert f"/study/facts/{fact_id}/mark" not in learner.page()
    with loaded_app.app_context():
        assert db.session.scalar(select(Card.reps).where(Card.fact_id == fact_id)) == 1
    listed = learner.page("/study/marked?show=suspended")
    assert f'href="/library/facts/{fact_id}"' in listed and "Unsuspend" in listed
    assert mark(learner, fact_id, "unsuspend", back="/study/marked").headers["Location"] == "/study/marked"
    assert counts(learner.page())[0] == due_before
    assert f'href="/library/facts/{fact_id}"' not in learner.page("/study/marked")


def test_flags_are_listed_and_filtered_and_change_no_schedule(learner, loaded_app):
    first = shown_fact(learner)
    assert mark(learner, first, "flag-2").status_code == 302
    page = learner.page()
    assert learner.question(page).fact_id == first  # a flag sets nothing aside
    assert "Orange flag" in page
    assert f'href="/library/facts/{first}"' in learner.page("/study/marked?flag=2")
    assert f'href="/library/facts/{first}"' not in learner.page("/study/marked?flag=1")
    assert f'href="/library/facts/{first}"' in learner.page("/study/marked?show=flagged")
    assert "Orange flag" in learner.page(f"/library/facts/{first}")
    mark(learner, first, "unflag")
    assert f'href="/library/facts/{first}"' not in learner.page("/study/marked")
    with loaded_app.app_context():
        assert db.session.scalar(select(FactMark.flag).where(FactMark.fact_id == first)) is None


def test_marks_from_the_fact_page_go_back_there(learner):
    fact_id = shown_fact(learner)
    page = learner.page(f"/library/facts/{fact_id}")
    assert "Bury for today" in page and "Suspend" in page
    response = mark(learner, fact_id, "suspend", back=f"/library/facts/{fact_id}")
    assert response.headers["Location"] == f"/library/facts/{fact_id}"
    assert "Suspended: out of your study" in learner.page(f"/library/facts/{fact_id}")


def test_bad_marks_are_refused_with_a_message(learner, loaded_app):
    fact_id = shown_fact(learner)
    for action in ("explode", "flag-9", "flag-x", ""):
        response = mark(learner, fact_id, action)
        assert response.status_code == 400, action
    assert "Unknown action" in mark(learner, fact_id, "explode").get_data(as_text=True)
    assert "Choose a flag" in mark(learner, fact_id, "flag-9").get_data(as_text=True)
    assert mark(learner, "no-such-fact", "bury").status_code == 404
    no_token = learner.client.post(f"/study/facts/{fact_id}/mark", data={"mark": "bury"})
    assert no_token.status_code == 400
    outside = mark(learner, fact_id, "bury", back="https://example.com/")
    assert outside.headers["Location"] == "/study/marked"
    with loaded_app.app_context():
        assert db.session.scalar(select(FactMark.buried_until).where(FactMark.fact_id == fact_id))
    assert learner.client.get("/study/marked?show=nonsense&flag=77").status_code == 200


def test_suspended_and_buried_facts_stay_out_of_practice_tests(learner, loaded_app):
    from tests.conftest import csrf_token

    with loaded_app.app_context():
        from quizapp.study.practice import PRACTICE_KINDS, live_questions_by_fact

        facts = sorted(live_questions_by_fact(["history"], list(PRACTICE_KINDS)))
    for fact_id in facts[:-2]:
        mark(learner, fact_id, "suspend")
    mark(learner, facts[-2], "bury")
    token = csrf_token(learner.client, "/study/practice")
    response = learner.client.post(
        "/study/practice", data={"csrf_token": token, "sections": ["history"], "count": "10"}
    )
    assert response.status_code == 302
    with loaded_app.app_context():
        test = db.session.scalar(select(PracticeTest))
        asked = db.session.scalars(select(Question.fact_id).where(Question.id.in_(test.question_ids))).all()
    assert asked == [facts[-1]]  # the only fact of the section neither suspended nor buried


def test_marks_cost_the_study_page_no_extra_statement(learner, loaded_app):
    def statements(path: str) -> int:
        seen: list[str] = []
        with loaded_app.app_context():
            engine = db.engine

        def count(conn, cursor, statement, *args):
            seen.append(statement)

        event.listen(engine, "before_cursor_execute", count)
        try:
            learner.page(path)
        finally:
            event.remove(engine, "before_cursor_execute", count)
        return len(seen)

    learner.page()
    before = statements("/study/")
    fact_id = shown_fact(learner)
    mark(learner, fact_id, "bury")
    mark(learner, shown_fact(learner), "flag-1")
    assert statements("/study/") == before
