"""A learner with the quiz open in two tabs: an answer the server can't keep says so."""

from __future__ import annotations

import pytest

from quizapp.models import Role
from tests.quizzes.helpers import Taker, account, assign, attempt_row, build_quiz, join, make_class, signed_in
from tests.study.conftest import Clock, answer_fields


@pytest.fixture
def taker_and_quiz(loaded_app):
    loaded_app.config["CLOCK"] = Clock()
    app = loaded_app
    teacher = signed_in(app, account(app, "teacher@example.org", Role.TEACHER))
    classroom = make_class(app, teacher)
    client = signed_in(app, account(app, "ann@example.org"))
    join(client, classroom.join_code)
    quiz_id = build_quiz(app, teacher, classroom.id, count=3, kinds=["typed"])
    assign(teacher, quiz_id)
    return Taker(app, client), quiz_id


def test_an_answer_after_the_attempt_was_submitted_in_another_tab_is_refused_with_a_message(
    loaded_app, taker_and_quiz
):
    taker, quiz_id = taker_and_quiz
    attempt_id = taker.start(quiz_id)
    first_tab = taker.page(attempt_id)
    taker.submit(attempt_id)  # the other tab submits
    question = taker.question(first_tab)
    late = taker.client.post(
        f"/attempts/{attempt_id}/answer",
        data={**taker.envelope(first_tab), **answer_fields(question.data, True)},
    )
    assert late.status_code == 302 and late.headers["Location"].endswith(f"/attempts/{attempt_id}/review")
    page = taker.client.get(late.headers["Location"]).get_data(as_text=True)
    assert "That answer was not saved: this attempt was already submitted" in page
    assert attempt_row(loaded_app, attempt_id).answers == []


def test_a_second_answer_to_the_same_question_from_another_tab_says_the_first_counts(
    loaded_app, taker_and_quiz
):
    taker, quiz_id = taker_and_quiz
    attempt_id = taker.start(quiz_id)
    first_tab, second_tab = taker.page(attempt_id), taker.page(attempt_id)
    question = taker.question(first_tab)
    kept = taker.client.post(
        f"/attempts/{attempt_id}/answer",
        data={**taker.envelope(first_tab), **answer_fields(question.data, True)},
    )
    resent = taker.client.post(
        f"/attempts/{attempt_id}/answer",
        data={**taker.envelope(first_tab), **answer_fields(question.data, True)},
    )
    assert kept.status_code == resent.status_code == 302
    assert "not saved" not in taker.client.get(resent.headers["Location"]).get_data(as_text=True)
    other = taker.client.post(
        f"/attempts/{attempt_id}/answer",
        data={**taker.envelope(second_tab), **answer_fields(question.data, False)},
    )
    assert other.status_code == 302
    page = taker.client.get(other.headers["Location"]).get_data(as_text=True)
    assert (
        "the question was already answered (perhaps in another tab or window), and the first answer counts"
        in page
    )
    answers = attempt_row(loaded_app, attempt_id).answers
    assert len(answers) == 1 and answers[0].correct
