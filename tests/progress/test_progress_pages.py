"""/progress/ and /progress/facts/<id> through the test client, on a real SQLite file."""

from __future__ import annotations

import re

from sqlalchemy import event

from quizapp.extensions import db
from quizapp.models import Fact
from tests.conftest import AuthActions
from tests.progress.conftest import cards_of

LAPSED_FACT = "bert-early-language-example"  # first of day 1's facts by id: the first review of day 3


def text_of(html: str) -> str:
    """The page's visible words on one line, so assertions don't depend on markup or wrapping."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def get(client, path: str):
    response = client.get(path)
    return response.status_code, response.get_data(as_text=True)


def test_sign_in_required(client):
    assert client.get("/progress/").status_code == 302
    assert "/signin" in client.get("/progress/").headers["Location"]
    assert client.get("/progress/facts/bert-release-year").status_code == 302


def test_a_new_learner_sees_friendly_empty_states(loaded_app):
    client = loaded_app.test_client()
    AuthActions(client).sign_up()
    status, html = get(client, "/progress/")
    assert status == 200
    words = text_of(html)
    assert "Nothing to show yet" in words
    assert "0 due now" in words and "20 new left today" in words  # the default daily allowance
    assert "0 days streak" in words
    assert "Each day you study fills in a square here" in words
    assert "No reviews yet" in words
    assert "Nothing is scheduled yet" in words
    assert "No practice tests yet" in words
    assert "None yet" in words
    assert '<svg class="chart' not in html  # no empty charts, only the mastery bars
    assert 'class="mastery-bar"' in html and "0 of " in words and "not seen yet" in words
    assert "Study now" in words


def test_the_nav_links_to_progress(loaded_app):
    client = loaded_app.test_client()
    AuthActions(client).sign_up()
    assert '<a href="/progress/">Progress</a>' in client.get("/").get_data(as_text=True)


def test_after_three_days_of_study(studied, loaded_app):
    status, html = get(studied.client, "/progress/")
    assert status == 200
    words = text_of(html)
    # Everything studied, nothing left: 5 new facts a day were begun on each of the 3 days.
    assert "0 due now" in words and "0 new left today" in words
    assert "3 days streak" in words
    with loaded_app.app_context():
        facts = db.session.query(Fact).count()  # every fact of the real bank
    assert f"0 of {facts} facts mastered" in words
    # Heatmap: 10 + 10 + 16 answers on 3 days; the busiest was Wednesday 4 March.
    assert "36 answers on 3 days in the last year; the busiest was Wed 4 Mar 2026, with 16" in words
    assert '<title id="heatmap-title">Answers per day over the last year</title>' in html
    assert html.count('class="heat heat-') == 365 + 5  # a cell a day, plus the legend
    assert html.count('class="heat heat-4"') == 1 + 1  # Wednesday, plus the legend swatch
    assert html.count('class="heat heat-3"') == 2 + 1  # 10 of 16 -> level ceil(2.5) = 3
    # True retention: day 3's 5 reviews, one forgotten -> 4 of 5 = 80% in every window.
    assert words.count("80% 4 of 5 90%") == 3
    # Forecast: all 15 facts studied come back within 30 days (none is stable beyond 8 days).
    assert "15 reviews due in the next 30 days" in words
    assert 'id="forecast-title"' in html and "Show the forecast as a table" in words
    # Hardest: the one lapsed fact, linking to its progress page.
    subject = fact_subject(loaded_app, LAPSED_FACT)
    assert f'href="/progress/facts/{LAPSED_FACT}">{subject}</a>' in html
    assert "forgotten 1 time" in words
    # Mastery by section: the studied facts are all "learning".
    assert re.search(r"0 of \d+ mastered, [1-9]\d* learning", words)


def fact_subject(app, fact_id: str) -> str:
    with app.app_context():
        return db.session.get(Fact, fact_id).subject


def test_practice_scores_show_as_a_chart_with_a_table(studied, loaded_app):
    from tests.study.test_practice import answer_all, start

    response = start(studied, sections=["history"], kinds=["multiple_choice"])
    answer_all(studied, response.headers["Location"], right_positions={0, 1, 2})  # 3 of 4: 75%
    words = text_of(get(studied.client, "/progress/")[1])
    assert "1 test; the latest scored 75%" in words
    assert "Wed 4 Mar 2026 75% 4" in words  # the table row


def test_fact_page_shows_memory_and_answers(studied, loaded_app):
    status, html = get(studied.client, f"/progress/facts/{LAPSED_FACT}")
    assert status == 200
    words = text_of(html)
    [card] = [c for c in cards_of(loaded_app, "learner@example.org") if c.fact_id == LAPSED_FACT]
    stability = card.memory["stability"]
    assert f"{round(stability, 1)} days" in words
    assert "Recall now" in words and "Difficulty" in words and "Next due" in words
    assert "forgotten 1 time after learning it" in words
    # Day 1: learn (Good, Good); day 3: forgotten, then relearned: 4 answers, newest first.
    assert html.count("<time datetime=") == 4
    assert "Answers 4 forgotten 1 time" in words  # the count above the table is its rows' count
    assert words.index("4 Mar 2026") < words.index("2 Mar 2026")
    assert "Wrong" in words


def test_a_fact_not_yet_studied(studied):
    status, html = get(studied.client, "/progress/facts/risks-named")  # a later section's fact
    assert status == 200
    words = text_of(html)
    assert "You have not studied this fact yet" in words and "No answers yet" in words
    assert 'href="/study/?section=risks"' in html


def test_other_learners_data_never_shows(studied, other_client, loaded_app):
    words = text_of(get(other_client, "/progress/")[1])
    assert "Nothing to show yet" in words
    assert "0 days streak" in words and "No reviews yet" in words
    assert LAPSED_FACT not in words
    fact_words = text_of(get(other_client, f"/progress/facts/{LAPSED_FACT}")[1])
    assert "You have not studied this fact yet" in fact_words and "No answers yet" in fact_words


def test_a_learners_page_counts_only_their_own_answers(studied, other_client, loaded_app, clock):
    from tests.study.conftest import Learner

    other = Learner(loaded_app, other_client, clock)
    other.answer_current(right=True)
    assert "1 answer on 1 day" in text_of(get(other_client, "/progress/")[1])
    assert "36 answers on 3 days" in text_of(get(studied.client, "/progress/")[1])


def test_unknown_and_private_facts_are_404(studied, private_fact):
    assert studied.client.get("/progress/facts/no-such-fact").status_code == 404
    assert studied.client.get(f"/progress/facts/{private_fact}").status_code == 404


def test_the_deck_owner_sees_their_private_fact(loaded_app, private_fact):
    client = loaded_app.test_client()
    AuthActions(client).sign_in(email="teacher@example.org")
    status, html = get(client, f"/progress/facts/{private_fact}")
    assert status == 200 and "You have not studied this fact yet" in text_of(html)


def count_queries(app, client, path: str) -> int:
    with app.app_context():
        engine = db.engine
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return len(statements)


def test_the_page_does_a_fixed_number_of_queries(studied, loaded_app):
    empty = loaded_app.test_client()
    AuthActions(empty).sign_up(email="empty@example.org")
    assert count_queries(loaded_app, studied.client, "/progress/") == count_queries(
        loaded_app, empty, "/progress/"
    )
    assert count_queries(loaded_app, studied.client, f"/progress/facts/{LAPSED_FACT}") == count_queries(
        loaded_app, empty, f"/progress/facts/{LAPSED_FACT}"
    )
