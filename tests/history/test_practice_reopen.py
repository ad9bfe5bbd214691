"""An abandoned practice test is resumed from where it stopped; past results reopen from history and
progress."""

from __future__ import annotations

import re

from tests.conftest import AuthActions
from tests.study.conftest import answer_fields, clock, learner  # noqa: F401  (fixtures)
from tests.study.test_practice import answer_all, start


def answer_one(learner, test_path: str) -> None:
    page = learner.page(test_path)
    question = learner.question(page)
    envelope = learner.envelope(page)
    envelope["position"] = re.search(
        r'name="position"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="position"', page
    ).group(1)
    response = learner.client.post(
        f"{test_path}/answer", data={**envelope, **answer_fields(question.data, True)}
    )
    assert response.status_code == 302


def test_a_test_left_part_way_is_resumed_and_its_results_reopen(learner, loaded_app):
    test_path = start(learner, sections=["history"], kinds=["multiple_choice"], count="3").headers["Location"]
    test_id = test_path.rsplit("/", 1)[1]
    answer_one(learner, test_path)
    # The learner wanders off; every place that lists tests offers to resume this one.
    practice = learner.page("/study/practice")
    assert "You have a practice test in progress: 1 of" in practice
    assert f'href="/study/practice/{test_id}">Resume it' in practice
    history = learner.page("/history/")
    assert "1 of 3 answered" in history and f'href="/study/practice/{test_id}">Resume' in history
    progress = learner.page("/progress/")
    assert "A practice test is in progress: 1 of 3 answered." in progress
    assert re.search(r'name="position"[^>]*value="1"|value="1"[^>]*name="position"', learner.page(test_path))
    results = answer_all(learner, test_path, right_positions={0, 1})  # the two questions left
    assert "Your score" in results
    results_path = f"/study/practice/{test_id}/results"
    assert "in progress" not in learner.page("/study/practice")
    history = learner.page("/history/")
    assert f'href="{results_path}">Review' in history
    progress = learner.page("/progress/")
    assert "A practice test is in progress" not in progress
    assert f'href="{results_path}">' in progress  # "Reopen:" the latest tests
    reopened = learner.page(results_path)
    assert "Your score" in reopened


def test_someone_else_cannot_reopen_or_resume_it(learner, loaded_app):
    test_path = start(learner, sections=["history"], count="3").headers["Location"]
    other = loaded_app.test_client()
    AuthActions(other).sign_up(email="other@example.org")
    assert other.get(test_path).status_code == 404
    assert other.get(test_path + "/results").status_code == 404
    assert "Resume" not in other.get("/history/").get_data(as_text=True)
