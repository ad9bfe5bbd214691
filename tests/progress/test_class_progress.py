"""A teacher sees their class's mastery grid, who needs a hand, what the class knows least."""

from __future__ import annotations

import csv
import io
import re
import uuid

from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from quizapp import content
from quizapp.answering.rating import QUIZ
from quizapp.answering.service import Submission, take_answer
from quizapp.answering.views import read_response
from quizapp.extensions import db
from quizapp.models import Classroom, Fact, Question, Role, User
from tests.conftest import AuthActions, post_form
from tests.study.conftest import Clock, Learner, answer_fields


def setup_class(app, make_user):
    teacher = make_user(Role.TEACHER)
    client = app.test_client()
    AuthActions(client).sign_in(email=teacher.email)
    post_form(client, "/classes/", {"name": "Class <b>7</b>"})
    with app.app_context():
        classroom = db.session.scalar(select(Classroom))
        class_id, code = classroom.id, classroom.join_code
    return teacher, client, class_id, code


def learner_in_class(app, clock, email, code) -> Learner:
    client = app.test_client()
    AuthActions(client).sign_up(email=email, name=email.split("@")[0])
    post_form(client, "/join", {"code": code}, form_page="/classes/")
    return Learner(app, client, clock)


def test_class_progress_grid_and_csv(loaded_app, make_user):
    clock = Clock()
    loaded_app.config["CLOCK"] = clock
    _teacher, teacher_client, class_id, code = setup_class(loaded_app, make_user)
    busy = learner_in_class(loaded_app, clock, "busy@example.org", code)
    learner_in_class(loaded_app, clock, "=cmd@example.org", code)
    for _ in range(6):
        busy.answer_current(rating=4)
    page = teacher_client.get(f"/progress/classes/{class_id}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "busy" in text and "=cmd" in text
    assert "Class &lt;b&gt;7&lt;/b&gt;" in text
    assert text.count("<tr>") >= 3  # header and two learners
    response = teacher_client.get(f"/progress/classes/{class_id}/mastery.csv")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][0] == "learner" and len(rows) == 3
    names = {row[0] for row in rows[1:]}
    assert names == {"busy", "'=cmd"}  # a formula-looking name is neutralised
    busy_row = next(row for row in rows[1:] if row[0] == "busy")
    assert int(busy_row[-4]) == 6  # facts seen
    with loaded_app.app_context():
        busy_id = db.session.scalar(select(User.id).where(User.email == "busy@example.org"))
    learner_page = teacher_client.get(f"/progress/classes/{class_id}/learners/{busy_id}")
    assert learner_page.status_code == 200
    assert "busy&#39;s progress" in learner_page.get_data(
        as_text=True
    ) or "busy's progress" in learner_page.get_data(as_text=True)


def test_class_progress_is_only_for_its_teacher(loaded_app, make_user):
    clock = Clock()
    loaded_app.config["CLOCK"] = clock
    _teacher, teacher_client, class_id, code = setup_class(loaded_app, make_user)
    member = learner_in_class(loaded_app, clock, "member@example.org", code)
    other_teacher = make_user(Role.TEACHER)
    other = loaded_app.test_client()
    AuthActions(other).sign_in(email=other_teacher.email)
    stranger = make_user(Role.LEARNER)
    with loaded_app.app_context():
        member_id = db.session.scalar(select(User.id).where(User.email == "member@example.org"))
    for path in (
        f"/progress/classes/{class_id}",
        f"/progress/classes/{class_id}/mastery.csv",
        f"/progress/classes/{class_id}/learners/{member_id}",
    ):
        assert other.get(path).status_code == 404
        assert member.client.get(path).status_code == 403
        assert loaded_app.test_client().get(path).status_code == 302
    assert teacher_client.get(f"/progress/classes/{class_id}/learners/{member_id}").status_code == 200
    assert teacher_client.get(f"/progress/classes/{class_id}/learners/{stranger.id}").status_code == 404


def test_assigned_quiz_completion_and_scores(loaded_app, make_user):
    from datetime import UTC, datetime

    from quizapp.models import Quiz, QuizAttempt

    clock = Clock()
    loaded_app.config["CLOCK"] = clock
    _teacher, teacher_client, class_id, code = setup_class(loaded_app, make_user)
    learner_in_class(loaded_app, clock, "ann@example.org", code)
    learner_in_class(loaded_app, clock, "bob@example.org", code)
    now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    with loaded_app.app_context():
        ann = db.session.scalar(select(User).where(User.email == "ann@example.org"))
        quiz = Quiz(classroom_id=class_id, title="=Week 1", question_ids=[], assigned_at=now)
        db.session.add(quiz)
        db.session.flush()
        for number, score in ((1, 0.5), (2, 0.75)):  # two attempts: the best one counts
            db.session.add(
                QuizAttempt(
                    quiz_id=quiz.id,
                    user_id=ann.id,
                    number=number,
                    question_ids=[],
                    seed=1,
                    started_at=now,
                    submitted_at=now,
                    score=score,
                )
            )
        db.session.commit()
    text = teacher_client.get(f"/progress/classes/{class_id}").get_data(as_text=True)
    assert "1 of 2" in text and "75%" in text
    rows = list(
        csv.reader(
            io.StringIO(teacher_client.get(f"/progress/classes/{class_id}/scores.csv").get_data(as_text=True))
        )
    )
    assert rows[0] == ["learner", "'=Week 1"]
    assert sorted(rows[1:]) == [["ann", "0.75"], ["bob", ""]]


def test_what_the_class_knows_least_reflects_quiz_answers(loaded_app, make_user):
    """Four learners learn three facts by flashcard (Easy: the schedule predicts near-certain
    recall); then half the class gets the first one wrong in a quiz. The list must say so."""
    clock = Clock()
    loaded_app.config["CLOCK"] = clock
    _teacher, teacher_client, class_id, code = setup_class(loaded_app, make_user)
    learners = [learner_in_class(loaded_app, clock, f"l{n}@example.org", code) for n in range(4)]
    studied = [[learner.answer_current(rating=4)[0].fact_id for _ in range(3)] for learner in learners]
    assert all(facts == studied[0] for facts in studied)  # article order: the same three facts
    first, second, _third = studied[0]
    clock.advance(days=1)
    with loaded_app.app_context():
        for n, email in enumerate(f"l{n}@example.org" for n in range(4)):
            user = db.session.scalar(select(User).where(User.email == email))
            for fact_id, right in ((first, n >= 2), (second, True)):
                row = db.session.scalar(
                    select(Question)
                    .where(Question.fact_id == fact_id, Question.kind != "flashcard")
                    .order_by(Question.id)
                    .limit(1)
                )
                shown = content.Question.from_dict(row.data)
                fields = MultiDict(answer_fields(row.data, right=right))
                response = read_response(shown, fields)
                take_answer(Submission(user, row, shown, response, QUIZ, uuid.uuid4().hex, clock.now, 9.0))
        db.session.commit()
        statement = db.session.scalar(select(Fact.statement).where(Fact.id == first))

    text = teacher_client.get(f"/progress/classes/{class_id}").get_data(as_text=True)
    section = text[text.index('id="least-heading"') :]
    entries = re.findall(
        r'<li><a href="/library/facts/([^"]+)">([^<]*)</a>\s*<span class="meta">([^<]*)</span>', section
    )
    assert [fact_id for fact_id, _label, _meta in entries] == [first]  # the others were always right
    _fact_id, label, meta = entries[0]
    assert label == statement.replace("'", "&#39;").replace('"', "&#34;") or label == statement
    # By hand: 4 flashcards rated Easy + 4 quiz answers, 2 of them wrong: 6 of 8 recalled.
    meta = " ".join(meta.split())
    assert "right in 6 of 8 answers (75%) by 4 learners · 2 wrong on their latest answer" in meta
    assert "100%" not in section and "forgotten 0 times" not in section
    assert len({label for _f, label, _m in entries}) == len(entries)
