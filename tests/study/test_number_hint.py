"""The hint under every number box gives examples that are no answer in the bank, and the grader
reads every one of them the way the hint says (digits, a letter, words, a percentage)."""

from __future__ import annotations

from sqlalchemy import select

from quizapp import content
from quizapp.content.asking import NUMBER_EXAMPLES, NUMBER_HINT
from quizapp.content.grading import grade_number
from quizapp.extensions import db
from quizapp.models import Question
from tests.conftest import post_form


def test_no_example_is_an_answer_to_any_number_question_of_the_loaded_bank(loaded_app):
    with loaded_app.app_context():
        rows = db.session.scalars(select(Question).where(Question.kind == "numeric")).all()
        questions = [content.Question.from_dict(row.data) for row in rows]
    assert len(questions) > 20
    given_away = [
        (question.id, example)
        for question in questions
        for example in NUMBER_EXAMPLES
        if content.grade(question, example).correct
    ]
    assert given_away == []


def test_the_grader_reads_every_example_as_the_hint_claims():
    twelve_million = [example for example in NUMBER_EXAMPLES if not example.endswith("%")]
    assert any(not example[0].isdigit() for example in twelve_million)  # one in words
    for example in twelve_million:
        assert grade_number(12_000_000, [], 0.0, example).correct, example
    assert grade_number(3.5, [], 0.0, "3.5%", display="3.5%", unit="%").correct


def test_every_number_box_shows_the_hint(learner):
    # A practice test of number questions only shows the number box with its hint.
    response = post_form(learner.client, "/study/practice", {"count": "3", "kinds": ["numeric"]})
    page = learner.page(response.headers["Location"])
    assert NUMBER_HINT in page
    assert "175 billion" not in page
