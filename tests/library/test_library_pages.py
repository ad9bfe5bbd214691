"""The library: sections with notes and counts, a section's facts, one fact and its questions."""

from __future__ import annotations

import pytest


@pytest.fixture
def loaded_client(app, client):
    result = app.test_cli_runner().invoke(args=["setup"])
    assert result.exit_code == 0, result.output
    return client


def test_library_lists_every_section_with_counts(loaded_client):
    page = loaded_client.get("/library/").get_data(as_text=True)
    for title in ["History", "Examples", "risks"]:
        assert title.lower() in page.lower()
    assert page.count('class="card section-card"') == 10
    assert "facts ·" in page and "questions" in page


def test_section_and_fact_pages(loaded_client, app):
    from quizapp.extensions import db
    from quizapp.models import Fact

    with app.app_context():
        fact = db.session.query(Fact).filter_by(section_id="history").first()
        fact_id, explanation = fact.id, fact.explanation
        question_count = len(fact.questions)
    section_page = loaded_client.get("/library/sections/history").get_data(as_text=True)
    assert f"/library/facts/{fact_id}" in section_page
    response = loaded_client.get(f"/library/facts/{fact_id}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    from markupsafe import escape

    assert str(escape(explanation)) in page
    assert page.count('<p class="kind">') == question_count


@pytest.mark.parametrize("path", ["/library/sections/nope", "/library/facts/nope", "/library/decks/999"])
def test_unknown_library_pages_are_404(loaded_client, path):
    assert loaded_client.get(path).status_code == 404


def test_empty_library_explains_how_to_load(client):
    page = client.get("/library/").get_data(as_text=True)
    assert "flask questions sync" in page
