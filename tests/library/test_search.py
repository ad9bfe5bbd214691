"""Search the facts and the questions of the bank a visitor may see, through the test client."""

from __future__ import annotations

import re

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Fact, Question
from tests.conftest import STRONG_PASSWORD, AuthActions
from tests.progress.conftest import private_fact  # noqa: F401  (fixture)
from tests.study.conftest import clock, learner  # noqa: F401  (fixtures)


def fact_links(page: str) -> list[str]:
    return re.findall(r'<h2 class="search-subject"><a href="/library/facts/([^"]+)"', page)


def test_words_find_facts_by_their_text_in_article_order(loaded_app):
    client = loaded_app.test_client()
    page = client.get("/library/search?q=bert").get_data(as_text=True)
    found = fact_links(page)
    with loaded_app.app_context():
        expected = [
            fact.id
            for fact in db.session.scalars(select(Fact).where(Fact.retired_at.is_(None)))
            if "bert" in f"{fact.subject} {fact.statement} {fact.explanation}".lower()
            or any("bert" in q.prompt.lower() for q in fact.questions if q.retired_at is None)
        ]
    assert found and sorted(found) == sorted(expected)
    narrower = fact_links(client.get("/library/search?q=BERT+Google").get_data(as_text=True))
    assert narrower and set(narrower) < set(found)  # every word must match
    assert "Study this section" not in page and "Bury for today" not in page  # not signed in


def test_a_word_found_only_in_a_question_finds_its_fact(loaded_app):
    with loaded_app.app_context():
        for question in db.session.scalars(select(Question).where(Question.retired_at.is_(None))):
            fact = question.fact
            text = f"{fact.subject} {fact.statement} {fact.explanation}".lower()
            words = [w for w in re.findall(r"[a-z]{6,}", question.prompt.lower()) if w not in text]
            if words:
                word, fact_id, prompt = words[0], fact.id, question.prompt
                break
    page = loaded_app.test_client().get(f"/library/search?q={word}").get_data(as_text=True)
    assert fact_id in fact_links(page)
    assert "Asked as:" in page and word in page.lower()
    assert prompt.split()[0] in page


def test_signed_in_results_link_to_study_and_carry_marks(learner):
    page = learner.page("/library/search?q=transformer")
    fact_id = fact_links(page)[0]
    assert 'href="/study/?section=' in page and "Study this section" in page
    assert "#notes" in page
    token = learner.envelope(learner.page())["csrf_token"]
    back = "/library/search?q=transformer"
    response = learner.client.post(
        f"/study/facts/{fact_id}/mark", data={"csrf_token": token, "mark": "suspend", "next": back}
    )
    assert response.headers["Location"] == back
    page = learner.page(back)
    assert "Suspended</span>" in page and "Unsuspend" in page


def test_private_facts_only_for_their_owner(loaded_app, private_fact):  # noqa: F811
    stranger = loaded_app.test_client()
    assert private_fact not in fact_links(stranger.get("/library/search?q=secret").get_data(as_text=True))
    teacher = loaded_app.test_client()
    AuthActions(teacher).sign_in(email="teacher@example.org", password=STRONG_PASSWORD)
    assert private_fact in fact_links(teacher.get("/library/search?q=secret").get_data(as_text=True))


def test_bad_searches_get_a_message_not_an_error(loaded_app):
    client = loaded_app.test_client()
    assert client.get("/library/search").status_code == 200
    assert client.get("/library/search?q=%20%20").status_code == 200
    too_long = client.get("/library/search?q=" + "a" * 101)
    assert too_long.status_code == 400 and "at most 100 characters" in too_long.get_data(as_text=True)
    many = client.get("/library/search?q=" + "+".join("abcdefghij"))
    assert many.status_code == 400 and "at most 8 words" in many.get_data(as_text=True)
    for odd in ("%25", "_", "100%25", "<script>", "a\\b", "%00"):
        response = client.get(f"/library/search?q={odd}")
        assert response.status_code == 200, odd
        assert "<script>" not in response.get_data(as_text=True).split("<main", 1)[1]
    assert fact_links(client.get("/library/search?q=be%25t").get_data(as_text=True)) == []  # % is no wildcard
