"""The library: sections with notes and counts, a section's facts, one fact and its questions."""

from __future__ import annotations

import re

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


def test_study_notes_flow_as_paragraphs_without_the_source_line_breaks(loaded_client, app):
    from markupsafe import escape

    from quizapp.extensions import db
    from quizapp.models import Section

    with app.app_context():
        notes = db.session.get(Section, "history").notes
    blocks = [block for block in notes.strip().split("\n\n") if block.strip()]
    assert "\n" in blocks[0]  # the bank wraps its notes, so the page has line breaks to undo
    for path in ("/library/sections/history", "/library/"):
        page = loaded_client.get(path).get_data(as_text=True)
        for block in blocks:
            assert f"<p>{escape(' '.join(block.split()))}</p>" in page


def test_study_this_section_starts_a_session_scoped_to_it(loaded_client, auth):
    section_page = loaded_client.get("/library/sections/history").get_data(as_text=True)
    assert 'href="/study/?section=history">Study this section</a>' in section_page
    assert 'href="/study/?section=history">Study this section</a>' in loaded_client.get("/library/").get_data(
        as_text=True
    )
    auth.sign_up()
    study_page = loaded_client.get("/study/?section=history").get_data(as_text=True)
    assert '<span class="count scope">1 section</span>' in study_page
    checked = re.findall(r'name="section" value="([\w-]+)"\s+checked', study_page)
    assert checked == ["history"]
