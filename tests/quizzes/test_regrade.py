"""Changing a quiz that has attempts: removing, adding and reordering questions and regrading one.

Everything goes through the teacher's and learners' real pages; afterwards every score equals the
sum of the marks over the questions the quiz lists, on every page and CSV that shows it.
"""

from __future__ import annotations

import csv
import html
import io
import re

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Question, QuizAnswer, QuizAttempt, ReviewLog, Role
from tests.conftest import post_form
from tests.quizzes.helpers import (
    Taker,
    account,
    assign,
    attempt_row,
    build_quiz,
    join,
    make_class,
    quiz_row,
    save_settings,
    signed_in,
)
from tests.quizzes.test_answer_sheet import answer_typed
from tests.study.conftest import Clock


@pytest.fixture
def clock(loaded_app) -> Clock:
    clock = Clock()
    loaded_app.config["CLOCK"] = clock
    return clock


def class_of_three(app, kinds, count=3, **settings):
    teacher = signed_in(app, account(app, "teacher@example.org", Role.TEACHER))
    classroom = make_class(app, teacher)
    takers = []
    for email in ("ann@example.org", "bob@example.org", "cy@example.org"):
        client = signed_in(app, account(app, email))
        join(client, classroom.join_code)
        takers.append(Taker(app, client))
    quiz_id = build_quiz(app, teacher, classroom.id, count=count, kinds=kinds)
    if settings:
        save_settings(teacher, quiz_id, **settings)
    assign(teacher, quiz_id)
    return teacher, quiz_id, takers


def csv_rows(teacher, quiz_id: int, which: str) -> list[dict[str, str]]:
    response = teacher.get(f"/quizzes/{quiz_id}/{which}.csv")
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def sheet_points(teacher, quiz_id: int, attempt_id: int) -> list[float]:
    page = teacher.get(f"/quizzes/{quiz_id}/attempts/{attempt_id}").get_data(as_text=True)
    return [float(p) for p in re.findall(r'<span class="verdict">[^<]+</span> · ([\d.]+) of 1 point', page)]


def assert_everything_agrees(app, teacher, quiz_id: int) -> None:
    """Scores, the results page, both CSVs, the answer sheets and the item analysis all count the
    questions the quiz lists now, and each score is the sum of its marks over them."""
    quiz = quiz_row(app, quiz_id)
    listed = len(quiz.question_ids)
    with app.app_context():
        attempts = db.session.scalars(select(QuizAttempt).where(QuizAttempt.quiz_id == quiz_id)).all()
        finished = [(a.id, a.user.display_name, a.score) for a in attempts if a.submitted_at]
    results = teacher.get(f"/quizzes/{quiz_id}/results").get_data(as_text=True)
    by_learner = {row["learner"]: row for row in csv_rows(teacher, quiz_id, "results")}
    sheets = csv_rows(teacher, quiz_id, "answers")
    items = csv_rows(teacher, quiz_id, "items")
    assert len(items) == listed
    for attempt_id, name, score in finished:
        marks = sheet_points(teacher, quiz_id, attempt_id)
        assert len(marks) == listed, name
        assert score == pytest.approx(sum(marks) / listed, abs=1e-4), name
        row = by_learner[name]
        assert int(row["questions"]) == listed and float(row["points"]) == pytest.approx(sum(marks), abs=0.01)
        assert float(row["score_percent"]) == pytest.approx(score * 100, abs=0.05)
        their_lines = [line for line in sheets if line["learner"] == name]
        assert [float(line["points"]) for line in their_lines] == pytest.approx(marks)
        assert f"({sum(marks):g}/{listed})" in results, name
    right_on_sheets = sum(1 for line in sheets if line["mark"] == "right")
    assert sum(int(item["correct"]) for item in items) == right_on_sheets
    assert all(int(item["attempts"]) == len(finished) for item in items)


def test_removing_adding_and_reordering_questions_keeps_every_result_consistent(loaded_app, clock):
    app = loaded_app
    teacher, quiz_id, (ann, bob, cy) = class_of_three(app, ["typed"])
    ann_attempt = ann.start(quiz_id)
    for _ in range(3):
        answer_typed(ann, ann_attempt, None, clock)
    ann.submit(ann_attempt)
    bob_attempt = bob.start(quiz_id)
    first = answer_typed(bob, bob_attempt, None, clock)
    answer_typed(bob, bob_attempt, "zzz not it", clock)
    bob.submit(bob_attempt)
    cy_attempt = cy.start(quiz_id)  # still taking it when the quiz changes
    assert attempt_row(app, ann_attempt).score == 1.0
    assert_everything_agrees(app, teacher, quiz_id)
    # Bob's unanswered question: 0 points and "not answered", on his sheet and in the CSV alike.
    bob_lines = [line for line in csv_rows(teacher, quiz_id, "answers") if line["learner"] == "Bob"]
    assert [(line["mark"], line["points"]) for line in bob_lines][-1] == ("not answered", "0")
    bob_sheet = teacher.get(f"/quizzes/{quiz_id}/attempts/{bob_attempt}").get_data(as_text=True)
    assert "Not answered</span> · 0 of 1 point" in bob_sheet and "<em>not answered</em>" in bob_sheet

    ids = quiz_row(app, quiz_id).question_ids
    dropped = ids.index(first)
    # The edit page warns that attempts exist; removing asks first and says what happens.
    edit = teacher.get(f"/quizzes/{quiz_id}/edit").get_data(as_text=True)
    assert "2 attempts made already" in edit or "3 attempts made already" in edit
    asked = post_form(
        teacher, f"/quizzes/{quiz_id}/questions/{dropped}/remove", {}, form_page=f"/quizzes/{quiz_id}/edit"
    )
    page = asked.get_data(as_text=True)
    assert asked.status_code == 200 and "Yes, make the change" in page
    assert "3/3 → 2/2" in page and "1/3 → 0/2" in page
    assert quiz_row(app, quiz_id).question_ids == ids and attempt_row(app, ann_attempt).score == 1.0

    done = post_form(
        teacher,
        f"/quizzes/{quiz_id}/questions/{dropped}/remove",
        {"confirm": "yes"},
        form_page=f"/quizzes/{quiz_id}/edit",
    )
    assert done.status_code == 302
    assert quiz_row(app, quiz_id).question_ids == [qid for qid in ids if qid != first]
    assert attempt_row(app, ann_attempt).score == 1.0 and attempt_row(app, bob_attempt).score == 0.0
    assert_everything_agrees(app, teacher, quiz_id)
    # Bob's answer to the dropped question is kept, not counted.
    assert any(a.question_id == first for a in attempt_row(app, bob_attempt).answers)

    # Learners are told what changed and see two questions.
    review = bob.client.get(f"/attempts/{bob_attempt}/review").get_data(as_text=True)
    assert "Question 1 was dropped from the quiz by your teacher" in review and "1/3 → 0/2" in review
    assert review.count('class="card result') == 2

    # Adding a question: finished attempts count it as not answered, after confirming.
    with app.app_context():
        extra = db.session.scalar(
            select(Question.id).where(Question.kind == "typed", Question.id.not_in(ids)).limit(1)
        )
    pick = f"/quizzes/{quiz_id}/pick"
    asked = post_form(teacher, pick, {"question_id": extra})
    assert asked.status_code == 200 and "2/2 → 2/3" in asked.get_data(as_text=True)
    assert extra not in quiz_row(app, quiz_id).question_ids
    assert post_form(teacher, pick, {"question_id": extra, "confirm": "yes"}).status_code == 302
    assert extra in quiz_row(app, quiz_id).question_ids
    assert attempt_row(app, ann_attempt).score == pytest.approx(2 / 3, abs=1e-4)
    assert_everything_agrees(app, teacher, quiz_id)
    review = ann.client.get(f"/attempts/{ann_attempt}/review").get_data(as_text=True)
    assert "added to the quiz by your teacher after you finished" in review and "2/2 → 2/3" in review

    # Cy, who was still taking it, is asked the added question and not the dropped one.
    assert extra in attempt_row(app, cy_attempt).question_ids
    asked_ids = []
    for _ in range(3):
        asked_ids.append(answer_typed(cy, cy_attempt, None, clock))
    assert first not in asked_ids and extra in asked_ids
    assert "All 3 answered" in cy.page(cy_attempt)
    cy.submit(cy_attempt)
    assert attempt_row(app, cy_attempt).score == 1.0

    # Reordering changes no score and asks nothing.
    before = quiz_row(app, quiz_id).question_ids
    moved = post_form(
        teacher, f"/quizzes/{quiz_id}/questions/0/down", {}, form_page=f"/quizzes/{quiz_id}/edit"
    )
    assert moved.status_code == 302
    assert quiz_row(app, quiz_id).question_ids == [before[1], before[0], before[2]]
    assert attempt_row(app, ann_attempt).score == pytest.approx(2 / 3, abs=1e-4)
    assert_everything_agrees(app, teacher, quiz_id)


def test_regrading_an_accepted_answer_follows_everywhere_and_keeps_overrides(loaded_app, clock):
    app = loaded_app
    teacher, quiz_id, (ann, bob, cy) = class_of_three(app, ["typed"])
    ids = quiz_row(app, quiz_id).question_ids
    ann_attempt, bob_attempt = ann.start(quiz_id), bob.start(quiz_id)
    for taker, attempt in ((ann, ann_attempt), (bob, bob_attempt)):
        answer_typed(taker, attempt, "Nearly  right", clock)
        answer_typed(taker, attempt, None, clock)
        taker.submit(attempt)
    first = attempt_row(app, ann_attempt).answers[0].question_id
    position = ids.index(first)
    # The teacher already gave Bob half a mark for it, with a reason.
    sheet = f"/quizzes/{quiz_id}/attempts/{bob_attempt}"
    bob_position = next(a.position for a in attempt_row(app, bob_attempt).answers if a.question_id == first)
    marked = post_form(
        teacher, f"{sheet}/answers/{bob_position}/mark", {"points": "0.5", "reason": "close"}, form_page=sheet
    )
    assert marked.status_code == 302

    page = teacher.get(f"/quizzes/{quiz_id}/questions/{position}/regrade").get_data(as_text=True)
    assert "Nearly right (2)" in page  # the wrong answers given, grouped, offered to accept
    url = f"/quizzes/{quiz_id}/questions/{position}/regrade"
    form_page = url
    asked = post_form(teacher, url, {"fix": "accept", "accepted": "nearly right"}, form_page=form_page)
    text = asked.get_data(as_text=True)
    assert asked.status_code == 200 and "Yes, make the change" in text
    assert "1/3 → 2/3" in text and "Your own mark stays (close)" in text
    assert attempt_row(app, ann_attempt).score == pytest.approx(1 / 3, abs=1e-4)  # nothing saved yet

    done = post_form(
        teacher, url, {"fix": "accept", "accepted": "nearly right", "confirm": "yes"}, form_page=url
    )
    assert done.status_code == 302
    ann_row, bob_row = attempt_row(app, ann_attempt), attempt_row(app, bob_attempt)
    assert ann_row.score == pytest.approx(2 / 3, abs=1e-4) and ann_row.correct_count == 2
    with app.app_context():
        ann_answer = next(
            a for a in db.session.get(QuizAttempt, ann_attempt).answers if a.question_id == first
        )
        log = db.session.get(ReviewLog, ann_answer.review_log_id)
        # Ann's history shows it right now; the rating that moved her schedule stays.
        assert log.correct and log.score == 1.0 and log.rating == 1
    bob_answer = next(a for a in bob_row.answers if a.question_id == first)
    assert (
        bob_answer.score == 0.5 and bob_answer.graded_score == 1.0 and bob_answer.override_reason == "close"
    )
    assert bob_row.score == pytest.approx(1.5 / 3, abs=1e-4)
    results = teacher.get(f"/quizzes/{quiz_id}/results").get_data(as_text=True)
    assert "Your own mark was kept for Bob" in results
    assert_everything_agrees(app, teacher, quiz_id)

    review = ann.client.get(f"/attempts/{ann_attempt}/review").get_data(as_text=True)
    assert (
        "Question 1 was regraded by your teacher: accepted answer added: nearly right; your score 1/3 → 2/3"
        in (review)
    )
    bob_review = bob.client.get(f"/attempts/{bob_attempt}/review").get_data(as_text=True)
    assert "your teacher&#39;s own mark for it stays" in bob_review
    # New answers are graded with the fixed question: Cy's "nearly right" counts.
    cy_attempt = cy.start(quiz_id)
    while True:
        page = cy.page(cy_attempt)
        if "All 3 answered" in page:
            break
        question = cy.question(page)
        typed = "Nearly right" if question.id == first else "zzz"
        cy.client.post(f"/attempts/{cy_attempt}/answer", data={**cy.envelope(page), "text": typed})
    with app.app_context():
        cy_answer = db.session.scalar(
            select(QuizAnswer).where(QuizAnswer.attempt_id == cy_attempt, QuizAnswer.question_id == first)
        )
        assert cy_answer.correct and cy_answer.response == "Nearly right"


def test_correcting_the_key_of_a_shuffled_choice_question_regrades_what_each_learner_saw(loaded_app, clock):
    app = loaded_app
    teacher, quiz_id, (ann, bob, _cy) = class_of_three(
        app, ["multiple_choice"], count=2, shuffle_choices="y", title="Week 1 quiz"
    )
    picked = {}
    for name, taker in (("ann", ann), ("bob", bob)):
        attempt = taker.start(quiz_id)
        for _ in range(2):
            page = taker.page(attempt)
            values = re.findall(r'name="choice"[^>]*value="(\d+)"', page) or re.findall(
                r'value="(\d+)"[^>]*name="choice"', page
            )
            taker.client.post(
                f"/attempts/{attempt}/answer", data={**taker.envelope(page), "choice": values[0]}
            )
        taker.submit(attempt)
        picked[name] = attempt_row(app, attempt)
    ids = quiz_row(app, quiz_id).question_ids
    with app.app_context():
        row = db.session.get(Question, ids[0])
        choices, key = row.data["choices"], row.data["answer"]
    ann_pick = next(a for a in picked["ann"].answers if a.question_id == ids[0]).picked[0]
    new_key = choices.index(ann_pick)
    if new_key == key:
        new_key = (key + 1) % len(choices)
    url = f"/quizzes/{quiz_id}/questions/0/regrade"
    bad = post_form(teacher, url, {"fix": "key", "key": "99"}, form_page=url)
    assert bad.status_code == 400 and "Choose among the question" in bad.get_data(as_text=True)
    assert (
        post_form(
            teacher, url, {"fix": "key", "key": str(new_key), "confirm": "yes"}, form_page=url
        ).status_code
        == 302
    )
    for name in ("ann", "bob"):
        answer = next(a for a in attempt_row(app, picked[name].id).answers if a.question_id == ids[0])
        # Right exactly when the choice the learner saw and picked is the corrected key.
        assert answer.correct == (answer.picked[0] == choices[new_key])
    assert_everything_agrees(app, teacher, quiz_id)
    review = ann.client.get(f"/attempts/{picked['ann'].id}/review").get_data(as_text=True)
    # The choices are article sentences: any of them may hold quotes or apostrophes.
    assert f"answer key corrected to: {choices[new_key]}" in html.unescape(review)


def test_a_live_game_of_a_regraded_quiz_grades_with_the_corrected_key(loaded_app, clock):
    from quizapp.models import LiveAnswer
    from tests.live.helpers import Host, Player, live_row, start_live

    app = loaded_app
    teacher = signed_in(app, account(app, "teacher@example.org", Role.TEACHER))
    classroom = make_class(app, teacher)
    quiz_id = build_quiz(app, teacher, classroom.id, count=1, kinds=["multiple_choice"])
    first = quiz_row(app, quiz_id).question_ids[0]
    with app.app_context():
        data = db.session.get(Question, first).data
    new_key = (data["answer"] + 1) % len(data["choices"])
    url = f"/quizzes/{quiz_id}/questions/0/regrade"
    assert (
        post_form(
            teacher, url, {"fix": "key", "key": str(new_key), "confirm": "yes"}, form_page=url
        ).status_code
        == 302
    )

    session_id = start_live(teacher, quiz_id)
    host = Host(teacher, session_id)
    player = Player(app, app.test_client())
    code = live_row(app, session_id).join_code
    assert player.join(code, "Ana").status_code == 302
    host.press("next", -1)
    page = player.phone()
    assert player.client.post(
        f"/live/{session_id}/answer", data={**Taker.envelope(page), "choice": str(new_key)}
    ).status_code in (200, 302)
    with app.app_context():
        answer = db.session.scalar(select(LiveAnswer))
        assert answer is not None and answer.correct


def test_the_migration_fills_each_kept_answers_response_from_its_review_log(loaded_app, clock):
    """Answers stored before the response was kept on them get it from the review log, so they
    can be regraded too: the migration's own statement, run on an answer whose response is gone
    (not by downgrading, which would run every later migration's downgrade too)."""
    import importlib.util
    from pathlib import Path

    from sqlalchemy import text

    path = Path(__file__).resolve().parents[2] / "migrations/versions/e5a7c3d19b24_quiz_regrades.py"
    spec = importlib.util.spec_from_file_location("quiz_regrades_migration", path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)

    app = loaded_app
    _teacher, quiz_id, (ann, _bob, _cy) = class_of_three(app, ["typed"])
    attempt_id = ann.start(quiz_id)
    answer_typed(ann, attempt_id, "Some words", clock)
    with app.app_context():
        db.session.execute(text("UPDATE quiz_answer SET response = NULL"))
        db.session.commit()
        assert (
            db.session.scalar(select(QuizAnswer.response).where(QuizAnswer.attempt_id == attempt_id)) is None
        )
        db.session.execute(text(migration.FILL_RESPONSES))
        db.session.commit()
        db.session.remove()
        answer = db.session.scalar(select(QuizAnswer).where(QuizAnswer.attempt_id == attempt_id))
        assert answer.response == "Some words"


def test_bad_regrade_requests_get_a_clear_answer_and_change_nothing(loaded_app, clock):
    app = loaded_app
    teacher, quiz_id, (ann, _bob, _cy) = class_of_three(app, ["typed"])
    attempt_id = ann.start(quiz_id)
    answer_typed(ann, attempt_id, "Some words", clock)
    ann.submit(attempt_id)
    url = f"/quizzes/{quiz_id}/questions/0/regrade"
    assert teacher.get(f"/quizzes/{quiz_id}/questions/99/regrade").status_code == 404
    for fields, message in (
        ({"fix": "bogus"}, "Choose how to fix the question."),
        ({"fix": "accept", "accepted": "   "}, "Type the answer to accept."),
        ({"fix": "accept", "accepted": "x" * 201}, "Keep an accepted answer under 200 characters."),
        ({"fix": "key", "key": ""}, "Type the right answer"),
    ):
        response = post_form(teacher, url, {**fields, "confirm": "yes"}, form_page=url)
        assert response.status_code == 400 and message in response.get_data(as_text=True), fields
    answer = quiz_row(app, quiz_id).question_ids[0]
    page = teacher.get(url).get_data(as_text=True)
    with app.app_context():
        key = db.session.get(Question, answer).data["answer_text"]
    same = post_form(
        teacher, url, {"fix": "accept", "accepted": key.upper(), "confirm": "yes"}, form_page=url
    )
    assert same.status_code == 400 and "is already accepted" in same.get_data(as_text=True)
    assert "Fix and regrade question 1" in page and quiz_row(app, quiz_id).question_fixes == {}
    assert client_without_csrf_is_refused(teacher, url)


def client_without_csrf_is_refused(client, url: str) -> bool:
    return (
        client.post(url, data={"fix": "accept", "accepted": "anything", "confirm": "yes"}).status_code == 400
    )
