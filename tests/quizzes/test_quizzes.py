"""Teacher quizzes end to end: build, settings, assign, take with a server deadline, resume,
submit, review per settings, results and CSV computed from the answers given here."""

from __future__ import annotations

import csv
import io
import random
import re

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from quizapp import content
from quizapp.extensions import db
from quizapp.models import Card, Question, QuizAnswer, ReviewLog, Role, User
from quizapp.spreadsheet import safe_cell
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
from tests.study.conftest import Clock, answer_fields


@pytest.fixture
def clock(loaded_app) -> Clock:
    clock = Clock()
    loaded_app.config["CLOCK"] = clock
    return clock


@pytest.fixture
def room(loaded_app, clock):
    """A teacher with a class of two learners."""
    app = loaded_app
    teacher = signed_in(app, account(app, "teacher@example.org", Role.TEACHER))
    classroom = make_class(app, teacher)
    learners = []
    for email in ("ann@example.org", "bob@example.org"):
        client = signed_in(app, account(app, email))
        join(client, classroom.join_code)
        learners.append(Taker(app, client))
    return app, teacher, classroom, learners


def _shuffled(question: content.Question, seed: int | None) -> content.Question:
    return content.KINDS[question.kind].shuffled(question, seed)


def user_id(app, email):
    with app.app_context():
        return db.session.scalar(select(User.id).where(User.email == email))


def test_builder_favours_facts_the_class_knows_least(room, clock):
    app, teacher, classroom, (ann, _bob) = room
    # Ann studies a few facts well: those must not come first in an auto-picked quiz.
    with app.app_context():
        known = list(
            db.session.scalars(select(Question.fact_id).where(Question.kind == "multiple_choice").limit(200))
        )
    quiz_id = build_quiz(app, teacher, classroom.id, count=5, kinds=["multiple_choice"])
    first = quiz_row(app, quiz_id)
    assert len(first.question_ids) == 5 and first.is_draft
    # Every learner now knows the chosen facts (cards with high recall): a new quiz avoids them.
    from quizapp.answering.record import Answer, record_answer

    with app.app_context():
        users = list(
            db.session.scalars(select(User).where(User.email.in_(["ann@example.org", "bob@example.org"])))
        )
        rows = [db.session.get(Question, qid) for qid in first.question_ids]
        for user in users:
            for n, row in enumerate(rows):
                record_answer(user, Answer(row, 3, True, "x", "", 3.0, f"k{user.id}-{n}"), clock.now)
        db.session.commit()
    second = quiz_row(
        app, build_quiz(app, teacher, classroom.id, count=5, kinds=["multiple_choice"], title="Again")
    )
    first_facts = {qid.split(":")[0] for qid in first.question_ids}
    assert not first_facts & {qid.split(":")[0] for qid in second.question_ids}
    assert known  # the bank has multiple-choice questions at all
    page = teacher.get(f"/quizzes/{quiz_id}/preview?q=2")
    assert page.status_code == 200 and "Question <strong>2</strong> of 5" in page.get_data(as_text=True)


def test_whole_flow_with_review_results_and_csv(room, clock):
    app, teacher, classroom, (ann, bob) = room
    quiz_id = build_quiz(app, teacher, classroom.id, count=4)
    assert (
        save_settings(teacher, quiz_id, time_limit_minutes="20", show_answers="after_submit").status_code
        == 302
    )
    # A draft is invisible to learners.
    assert ann.client.get(f"/quizzes/{quiz_id}").status_code == 404
    assign(teacher, quiz_id)
    mine = ann.client.get("/quizzes/mine").get_data(as_text=True)
    assert "Week 1 quiz" in mine and "Not started" in mine

    # Ann: right, right, wrong, right. Bob: all wrong.
    aid = ann.start(quiz_id)
    given = {}
    for right in (True, True, False, True):
        clock.advance(seconds=30)
        question, response, _ = ann.answer(aid, right)
        assert response.status_code == 302
        given[question.id] = right
    page = ann.page(aid)
    assert "Ready to hand it in?" in page and "Not quite" not in page  # no right answers before submit
    ann.submit(aid)
    review = ann.client.get(f"/attempts/{aid}/review").get_data(as_text=True)
    assert "Your score: 75%" in review and "The answer:" in review

    bid = bob.start(quiz_id)
    for _ in range(4):
        clock.advance(seconds=10)
        bob.answer(bid, False)
    bob.submit(bid)

    ann_attempt, bob_attempt = attempt_row(app, aid), attempt_row(app, bid)
    assert ann_attempt.correct_count == 3 and ann_attempt.closed_reason == "submitted"
    assert bob_attempt.correct_count == 0 and bob_attempt.score == 0
    # Quiz answers feed the learners' own schedules.
    with app.app_context():
        ann_id = user_id(app, "ann@example.org")
        assert db.session.scalar(select(func.count()).select_from(Card).where(Card.user_id == ann_id)) == 4
        assert (
            db.session.scalar(
                select(func.count())
                .select_from(ReviewLog)
                .where(ReviewLog.user_id == ann_id, ReviewLog.source == "quiz")
            )
            == 4
        )

    results = teacher.get(f"/quizzes/{quiz_id}/results").get_data(as_text=True)
    assert "Ann" in results and "Bob" in results and "75.0%" in results
    learners_csv = list(
        csv.DictReader(io.StringIO(teacher.get(f"/quizzes/{quiz_id}/results.csv").get_data(as_text=True)))
    )
    by_name = {row["learner"]: row for row in learners_csv}
    assert by_name["Ann"]["correct"] == "3" and by_name["Ann"]["score_percent"] == "75.0"
    assert by_name["Ann"]["seconds"] == "120" and by_name["Bob"]["correct"] == "0"
    items = list(
        csv.DictReader(io.StringIO(teacher.get(f"/quizzes/{quiz_id}/items.csv").get_data(as_text=True)))
    )
    assert len(items) == 4
    for row in items:
        expected = 50.0 if given[row["question_id"]] else 0.0
        assert float(row["share_correct_percent"]) == expected and row["attempts"] == "2"
    # Choice picks are counted from the answers: the right choice of a question Ann got right was picked once.
    with app.app_context():
        for row in items:
            question = db.session.get(Question, row["question_id"])
            if question.kind == "multiple_choice" and given[question.id]:
                right = question.choices[question.answer]
                assert f"{right}: 1" in row["choice_picks"]


def test_late_answer_is_refused_and_attempt_closes(room, clock):
    app, teacher, classroom, (ann, _bob) = room
    quiz_id = build_quiz(app, teacher, classroom.id, count=3)
    save_settings(teacher, quiz_id, time_limit_minutes="5")
    assign(teacher, quiz_id)
    aid = ann.start(quiz_id)
    ann.answer(aid, True)
    page = ann.page(aid)
    assert "Time left" in page
    clock.advance(minutes=5, seconds=1)
    _question, response, _ = ann.answer(aid, True, page=page)
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/attempts/{aid}/review")
    attempt = attempt_row(app, aid)
    assert len(attempt.answers) == 1 and attempt.closed_reason == "time"
    assert attempt.submitted_at == attempt.deadline
    # No second attempt: one was allowed.
    again = post_form(
        ann.client, f"/quizzes/{quiz_id}/start", {}, form_page=f"/quizzes/{quiz_id}", follow_redirects=True
    )
    assert "used all your attempts" in again.get_data(as_text=True)


def test_extra_time_for_a_chosen_learner(room, clock):
    app, teacher, classroom, (ann, bob) = room
    quiz_id = build_quiz(app, teacher, classroom.id, count=3)
    bob_id = user_id(app, "bob@example.org")
    save_settings(teacher, quiz_id, time_limit_minutes="5", **{f"extra-{bob_id}": "10"})
    assign(teacher, quiz_id)
    aid, bid = ann.start(quiz_id), bob.start(quiz_id)
    clock.advance(minutes=8)
    assert ann.client.get(f"/attempts/{aid}").headers["Location"].endswith("/review")
    _q, response, _ = bob.answer(bid, True)
    assert response.headers["Location"].endswith(f"/attempts/{bid}")
    assert len(attempt_row(app, bid).answers) == 1


def test_resume_in_a_new_session_keeps_answers(room, clock):
    app, teacher, classroom, (ann, _bob) = room
    quiz_id = build_quiz(app, teacher, classroom.id, count=4)
    assign(teacher, quiz_id)
    aid = ann.start(quiz_id)
    first, _r, _ = ann.answer(aid, True)
    second, _r, _ = ann.answer(aid, False)
    waiting = ann.question(ann.page(aid))
    # The tab is closed: a fresh browser signs in again and continues at the same question.
    fresh = Taker(app, signed_in(app, "ann@example.org"))
    assert fresh.start(quiz_id) == aid
    page = fresh.page(aid)
    assert fresh.question(page).id == waiting.id and "Question <strong>3</strong> of 4" in page
    attempt = attempt_row(app, aid)
    assert [(a.question_id, a.correct) for a in attempt.answers] == [(first.id, True), (second.id, False)]


def test_double_submitted_answer_is_stored_once(room, clock):
    app, teacher, classroom, (ann, _bob) = room
    quiz_id = build_quiz(app, teacher, classroom.id, count=3)
    assign(teacher, quiz_id)
    aid = ann.start(quiz_id)
    _question, first, data = ann.answer(aid, True)
    again = ann.client.post(f"/attempts/{aid}/answer", data=data)
    assert first.status_code == again.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(QuizAnswer)) == 1
        assert (
            db.session.scalar(select(func.count()).select_from(ReviewLog).where(ReviewLog.source == "quiz"))
            == 1
        )


def test_answers_at_once_and_after_close(room, clock):
    app, teacher, classroom, (ann, bob) = room
    quiz_id = build_quiz(app, teacher, classroom.id, count=3)
    save_settings(teacher, quiz_id, show_answers="at_once")
    assign(teacher, quiz_id)
    aid = ann.start(quiz_id)
    ann.answer(aid, False)
    assert "Question 1: Not quite" in ann.page(aid)

    other = build_quiz(app, teacher, classroom.id, count=3, title="Closing quiz")
    closes = clock.now.replace(hour=12)
    response = save_settings(
        teacher,
        other,
        title="Closing quiz",
        show_answers="after_close",
        closes_at=closes.strftime("%Y-%m-%dT%H:%M"),
    )
    assert response.status_code == 302
    assign(teacher, other)
    bid = bob.start(other)
    for _ in range(3):
        bob.answer(bid, True)
    bob.submit(bid)
    review = bob.client.get(f"/attempts/{bid}/review").get_data(as_text=True)
    assert "Your score: 100%" in review and "The answer:" not in review
    clock.advance(hours=4)
    assert "The answer:" in bob.client.get(f"/attempts/{bid}/review").get_data(as_text=True)
    # After the close time nobody can start it.
    assert "not open now" in ann.client.get(f"/quizzes/{other}").get_data(as_text=True)


def test_after_close_needs_a_close_time(room):
    app, teacher, classroom, _ = room
    quiz_id = build_quiz(app, teacher, classroom.id, count=3)
    response = save_settings(teacher, quiz_id, show_answers="after_close")
    assert response.status_code == 400 and "Set a close time" in response.get_data(as_text=True)


def test_reorder_remove_hand_pick_and_duplicate(room):
    app, teacher, classroom, _ = room
    quiz_id = build_quiz(app, teacher, classroom.id, count=3)
    ids = quiz_row(app, quiz_id).question_ids
    edit = f"/quizzes/{quiz_id}/edit"
    post_form(teacher, f"/quizzes/{quiz_id}/questions/0/down", {}, form_page=edit)
    assert quiz_row(app, quiz_id).question_ids == [ids[1], ids[0], ids[2]]
    post_form(teacher, f"/quizzes/{quiz_id}/questions/2/up", {}, form_page=edit)
    assert quiz_row(app, quiz_id).question_ids == [ids[1], ids[2], ids[0]]
    post_form(teacher, f"/quizzes/{quiz_id}/questions/0/remove", {}, form_page=edit)
    assert quiz_row(app, quiz_id).question_ids == [ids[2], ids[0]]
    with app.app_context():
        extra = db.session.scalar(
            select(Question.id).where(Question.kind == "typed", Question.id.not_in(ids)).limit(1)
        )
    page = teacher.get(f"/quizzes/{quiz_id}/pick").get_data(as_text=True)
    assert "Hand-pick" in page
    post_form(teacher, f"/quizzes/{quiz_id}/pick", {"question_id": extra})
    assert quiz_row(app, quiz_id).question_ids == [ids[2], ids[0], extra]
    response = post_form(teacher, f"/quizzes/{quiz_id}/duplicate", {}, form_page=edit)
    copy_id = int(response.headers["Location"].split("/")[2])
    copy = quiz_row(app, copy_id)
    assert copy.question_ids == [ids[2], ids[0], extra] and copy.is_draft and copy.title.endswith("(copy)")


def test_shuffle_questions_and_choices_still_grade_right(room, clock):
    app, teacher, classroom, (ann, _bob) = room
    quiz_id = build_quiz(app, teacher, classroom.id, count=6)
    save_settings(teacher, quiz_id, shuffle_questions="y", shuffle_choices="y")
    assign(teacher, quiz_id)
    aid = ann.start(quiz_id)
    attempt = attempt_row(app, aid)
    for _ in range(6):
        page = ann.page(aid)
        row = ann.question(page)
        shown = _shuffled(content.Question.from_dict(row.data), attempt.seed)
        data = {**ann.envelope(page), **answer_fields(shown.to_dict(), True)}
        ann.client.post(f"/attempts/{aid}/answer", data=data)
    assert attempt_row(app, aid).answers and all(a.correct for a in attempt_row(app, aid).answers)


def test_shown_question_keeps_the_right_answer(loaded_app):
    with loaded_app.app_context():
        rows = db.session.scalars(
            select(Question).where(
                Question.kind.in_(
                    ["multiple_choice", "multi_select", "ordering", "matching", "comparison", "true_false"]
                )
            )
        ).all()
        for row in random.Random(1).sample(rows, 60):
            shown = _shuffled(content.Question.from_dict(row.data), 12345)
            fields = MultiDict(answer_fields(shown.to_dict(), True)).to_dict(flat=False)
            response = content.KINDS[shown.kind].parse(shown, fields)
            assert content.grade(shown, response).correct, row.id
            assert sorted(shown.choices) == sorted(row.choices)


def test_csv_cells_are_neutralised():
    assert safe_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert [safe_cell(v) for v in ("+1+x", "-x", "@a", "ok", 3)] == ["'+1+x", "'-x", "'@a", "ok", 3]
    # Numbers written as text are numbers to a spreadsheet, not formulas: they stay as they are.
    assert [safe_cell(v) for v in ("-0.47", "+3", "-12", "-1e-3", "-1-1", "-0.47 ")] == [
        "-0.47",
        "+3",
        "-12",
        "-1e-3",
        "'-1-1",
        "'-0.47 ",
    ]


def test_a_quiz_opens_at_its_time(room, clock):
    app, teacher, classroom, (ann, _bob) = room
    quiz_id = build_quiz(app, teacher, classroom.id, count=3)
    opens = clock.now.replace(hour=11)
    assert save_settings(teacher, quiz_id, opens_at=opens.strftime("%Y-%m-%dT%H:%M")).status_code == 302
    assign(teacher, quiz_id)
    assert "Opens 2026-03-02 11:00" in ann.client.get("/quizzes/mine").get_data(as_text=True)
    early = post_form(
        ann.client, f"/quizzes/{quiz_id}/start", {}, form_page=f"/quizzes/{quiz_id}", follow_redirects=True
    )
    assert "not open now" in early.get_data(as_text=True)
    clock.advance(hours=2)
    aid = ann.start(quiz_id)
    assert "data-remaining" not in ann.page(aid)  # no time limit, no countdown


def test_all_questions_on_one_page_saved_one_by_one_in_any_order(room, clock):
    app, teacher, classroom, (ann, _bob) = room
    quiz_id = build_quiz(app, teacher, classroom.id, count=3)
    assert save_settings(teacher, quiz_id, one_page="y").status_code == 302
    assign(teacher, quiz_id)
    aid = ann.start(quiz_id)

    def forms(page: str) -> list[str]:
        return re.findall(r'<form method="post" action="/attempts/\d+/answer".*?</form>', page, re.S)

    page = ann.page(aid)
    assert len(forms(page)) == 3 and "0</strong> of 3 saved" in page
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), "element ids repeat across the questions"
    assert page.count(" autofocus") == 1
    # Answer the third question first.
    third = forms(page)[2]
    question, response, _data = ann.answer(aid, True, page=third)
    assert response.status_code == 302 and response.headers["Location"].endswith("#question-1")
    page = ann.page(aid)
    assert len(forms(page)) == 2 and "1</strong> of 3 saved" in page and "Saved" in page
    ann.answer(aid, False, page=forms(page)[0])
    response = ann.answer(aid, True, page=forms(ann.page(aid))[0])[1]
    assert response.headers["Location"].endswith("#submit")
    ann.submit(aid)
    attempt = attempt_row(app, aid)
    assert not attempt.is_open and attempt.correct_count == 2
    assert sorted(a.position for a in attempt.answers) == [0, 1, 2]
    assert next(a for a in attempt.answers if a.position == 2).question_id == question.id


def test_home_page_lists_quizzes_to_do_with_due_dates(room, clock):
    app, teacher, classroom, (ann, bob) = room
    quiz_id = build_quiz(app, teacher, classroom.id, count=2, title="Due soon")
    save_settings(teacher, quiz_id, title="Due soon", closes_at="2026-03-05T17:00")
    home = ann.client.get("/").get_data(as_text=True)
    assert "Quizzes to do" not in home  # a draft is not shown
    assign(teacher, quiz_id)
    home = ann.client.get("/").get_data(as_text=True)
    assert "Quizzes to do" in home and "Due soon" in home and "due 2026-03-05 17:00" in home
    assert "Not started" in home
    aid = ann.start(quiz_id)
    assert "In progress" in ann.client.get("/").get_data(as_text=True)
    ann.answer(aid, True)
    ann.answer(aid, True)
    ann.submit(aid)
    assert "Due soon" not in ann.client.get("/").get_data(as_text=True)  # done: off the to-do list
    assert "Done: 100%" in ann.client.get("/quizzes/mine").get_data(as_text=True)
    assert "Not started" in bob.client.get("/").get_data(as_text=True)
