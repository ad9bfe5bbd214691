"""The feedback page tells why the answer was rated so, marks partly right answers item by item, and
lets the learner override the app's rating, the schedule replayed from theirs (test client, clock)."""

from __future__ import annotations

import re

from sqlalchemy import select

from quizapp import srs
from quizapp.extensions import db
from quizapp.models import Card, ReviewLog
from tests.conftest import CSRF_PATTERN, AuthActions, post_form


def latest_log(app) -> ReviewLog:
    with app.app_context():
        log = db.session.scalar(select(ReviewLog).order_by(ReviewLog.id.desc()))
        db.session.expunge(log)
        return log


def log_by_id(app, log_id: int) -> ReviewLog:
    with app.app_context():
        log = db.session.get(ReviewLog, log_id)
        db.session.expunge(log)
        return log


def card_memory(app, fact_id: str) -> tuple[dict, int]:
    with app.app_context():
        card = db.session.scalar(select(Card).where(Card.fact_id == fact_id))
        return card.memory, card.lapses


def rerate(learner, log_id: int, rating: str):
    page = learner.page(f"/study/answers/{log_id}")
    token = CSRF_PATTERN.search(page).group(1)
    return learner.client.post(
        f"/study/answers/{log_id}/rating", data={"csrf_token": token, "rating": rating}, follow_redirects=True
    )


def answer_due_variant_wrong(learner, clock):
    """A fact learnt by flashcard yesterday comes back as an auto-graded question; answer it wrong."""
    fact_id = learner.answer_current()[0].fact_id
    clock.advance(days=1)
    page = learner.page()
    question = learner.question(page)
    assert question.fact_id == fact_id and question.kind != "flashcard"
    response = learner.answer(page, learner.wrong_answer(question), follow_redirects=True)
    return question, response.get_data(as_text=True)


def test_i_was_right_re_rates_the_answer_in_place_and_replays_the_schedule(learner, loaded_app, clock):
    question, page = answer_due_variant_wrong(learner, clock)
    assert "Not quite" in page and "I was right" in page and "Counted as Again" in page
    wrong = latest_log(loaded_app)
    assert (wrong.rating, wrong.auto_rating) == (1, None)
    memory_wrong, lapses_wrong = card_memory(loaded_app, question.fact_id)

    clock.advance(minutes=3)
    page = rerate(learner, wrong.id, "3").get_data(as_text=True)
    assert "Re-rated Good" in page
    assert "You rated this answer Good; the app had Again." in page
    rerated = log_by_id(loaded_app, wrong.id)
    assert (rerated.rating, rerated.auto_rating, rerated.rerated_at) == (3, 1, clock.now)
    assert (rerated.reviewed_at, rerated.correct, rerated.state_before) == (
        wrong.reviewed_at,
        False,  # the grader's verdict stays; the rating is the learner's
        wrong.state_before,
    )
    # The schedule is what a Good at the time of the answer gives, not what Again gave.
    expected = srs.review(srs.MemoryState.from_dict(wrong.state_before), 3, wrong.reviewed_at).after
    memory, lapses = card_memory(loaded_app, question.fact_id)
    assert memory == expected.to_dict() == rerated.state_after
    assert memory != memory_wrong and lapses == lapses_wrong
    history = learner.page("/history/")
    assert "Wrong · you rated it Good" in history

    # Choosing the app's rating again takes the override back.
    page = rerate(learner, wrong.id, "1").get_data(as_text=True)
    assert "Back to the app&#39;s rating, Again." in page or "Back to the app's rating, Again." in page
    back = log_by_id(loaded_app, wrong.id)
    assert (back.rating, back.auto_rating, back.rerated_at) == (1, None, None)
    assert card_memory(loaded_app, question.fact_id)[0] == memory_wrong


def test_re_rating_an_earlier_answer_replays_the_later_ones(learner, loaded_app, clock):
    question, _page = answer_due_variant_wrong(learner, clock)
    first = latest_log(loaded_app)
    clock.advance(minutes=11)  # the relearning step is due
    page = learner.page()
    again = learner.question(page)
    assert again.fact_id == question.fact_id
    learner.answer(page, learner.right_answer(again))
    second = latest_log(loaded_app)

    clock.advance(hours=1)
    rerate(learner, first.id, "3")
    replayed = srs.replay_reviews(
        srs.MemoryState.from_dict(first.state_before),
        [(3, first.reviewed_at), (second.rating, second.reviewed_at)],
    )
    later = log_by_id(loaded_app, second.id)
    assert later.state_before == replayed[0].after.to_dict()
    assert later.state_after == replayed[1].after.to_dict()
    assert card_memory(loaded_app, question.fact_id)[0] == replayed[1].after.to_dict()


def test_a_right_but_slow_answer_says_it_was_counted_as_hard(learner, loaded_app, clock):
    learner.answer_current()
    clock.advance(days=1)
    page = learner.page()
    question = learner.question(page)
    clock.advance(seconds=75)  # slower than every kind's threshold (at most 60 s)
    result = learner.answer(page, learner.right_answer(question), follow_redirects=True).get_data(
        as_text=True
    )
    assert "Right, but slow: counted as Hard." in result
    assert "You took 75 s" in result
    limit = srs.slow_after(question.kind)
    assert f"longer than {limit:.0f} s count as Hard" in result
    assert latest_log(loaded_app).rating == 2
    settings = learner.page("/settings")
    assert 'id="answer-pace"' in settings and f"{limit:.0f} s" in settings


def test_partly_right_answer_marks_the_wrong_pairs_and_history_says_partly_right(learner, loaded_app):
    response = post_form(learner.client, "/study/practice", {"count": "3", "kinds": ["matching"]})
    test_path = response.headers["Location"]
    page = learner.page(test_path)
    question = learner.question(page)
    pairs = {f"pair-{i}": str(j) for i, j in question.data["answer"]}
    pairs["pair-0"], pairs["pair-1"] = pairs["pair-1"], pairs["pair-0"]  # two pairs swapped
    envelope = {**learner.envelope(page), "position": "0", **pairs}
    assert learner.client.post(f"{test_path}/answer", data=envelope).status_code == 302
    log = latest_log(loaded_app)
    assert log.correct is False and 0 < log.score < 1 and log.rating in (1, 2)

    feedback = learner.page(f"/study/answers/{log.id}")
    assert "Partly right" in feedback
    rows = re.findall(r'<tr class="mark-(right|wrong)">\s*<th scope="row">([^<]*)</th>', feedback)
    items = question.data["items"]
    assert [(kind, label) for kind, label in rows[:2]] == [("wrong", items[0]), ("wrong", items[1])]
    assert all(kind == "right" for kind, _label in rows[2:]) and len(rows) == len(items)

    history = learner.page("/history/")
    assert "Partly right" in history
    assert ">Wrong<" not in history


def test_bad_re_ratings_are_refused_and_change_nothing(learner, loaded_app, clock):
    _question, _page = answer_due_variant_wrong(learner, clock)
    log = latest_log(loaded_app)
    assert rerate(learner, log.id, "7").status_code == 400
    assert rerate(learner, log.id, "").status_code == 400
    assert learner.client.get(f"/study/answers/{log.id + 100}").status_code == 404
    assert log_by_id(loaded_app, log.id).rating == 1

    other = loaded_app.test_client()
    AuthActions(other).sign_up(email="other@example.org")
    page = other.get("/study/").get_data(as_text=True)
    token = CSRF_PATTERN.search(page).group(1)
    response = other.post(f"/study/answers/{log.id}/rating", data={"csrf_token": token, "rating": "3"})
    assert response.status_code == 404
    assert log_by_id(loaded_app, log.id).rating == 1


def test_the_learners_allowance_in_settings_decides_what_is_slow(learner, loaded_app, clock):
    page = learner.page("/settings")
    token = CSRF_PATTERN.search(page).group(1)
    fields = {
        "csrf_token": token,
        "display_name": "Learner",
        "time_zone": "UTC",
        "desired_retention": "0.90",
        "new_facts_per_day": "20",
        "reviews_per_day": "200",
        "slow_answer_percent": "200",
    }
    assert learner.client.post("/settings", data=fields).status_code == 302
    learner.answer_current()
    clock.advance(days=1)
    page = learner.page()
    question = learner.question(page)
    limit = srs.slow_after(question.kind)
    clock.advance(seconds=limit * 1.5)  # slow at the usual pace, within twice it
    result = learner.answer(page, learner.right_answer(question), follow_redirects=True).get_data(
        as_text=True
    )
    assert "Right, but slow" not in result and latest_log(loaded_app).rating in (3, 4)
    settings = learner.page("/settings")
    assert 'value="200"' in settings
    assert '<th scope="row">Typed answers</th><td>60 s</td>' in settings  # 30 s doubled


def test_the_source_reference_names_the_article_and_section_and_leads_to_the_section_notes(
    learner, loaded_app
):
    from quizapp.models import Fact

    question, _response = learner.answer_current(right=False)
    log_id = latest_log(loaded_app).id
    with loaded_app.app_context():
        fact = db.session.get(Fact, question.fact_id)
        deck_title, section_id, section_title = fact.section.deck.title, fact.section.id, fact.section.title
        paragraph = fact.paragraph
    page = learner.page(f"/study/answers/{log_id}")
    reference = re.sub(r"\s+", " ", page)
    assert (
        f'From {deck_title}, section “<a href="/library/sections/{section_id}#notes">{section_title}</a>”, '
        f"paragraph {paragraph}"
    ) in reference
    notes_page = learner.page(f"/library/sections/{section_id}")
    assert 'id="notes"' in notes_page
