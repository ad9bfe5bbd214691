"""A learner reports a question they think is wrong; the class's teacher sees it in the results."""

from __future__ import annotations

from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import QuestionReport, Role
from tests.conftest import AuthActions, csrf_token


def report(client, question_id: str, message: str, back: str = "/study/"):
    token = csrf_token(client, "/settings")
    return client.post(
        f"/library/questions/{question_id}/report",
        data={"csrf_token": token, "message": message, "next": back},
    )


def reports(app) -> list[tuple[str, str]]:
    with app.app_context():
        return [
            tuple(r) for r in db.session.execute(select(QuestionReport.question_id, QuestionReport.message))
        ]


def test_a_learner_reports_a_question(loaded_app):
    client = loaded_app.test_client()
    AuthActions(client).sign_up()
    response = report(client, "bert-release-year:flashcard:0", "I think the year is <b>wrong</b>")
    assert response.status_code == 302 and response.headers["Location"] == "/study/"
    assert "the report is saved" in client.get("/study/").get_data(as_text=True)
    assert reports(loaded_app) == [("bert-release-year:flashcard:0", "I think the year is <b>wrong</b>")]


def test_bad_reports_change_nothing(loaded_app):
    client = loaded_app.test_client()
    AuthActions(client).sign_up()
    assert report(client, "no-such:question:0", "this does not exist").status_code == 404
    short = report(client, "bert-release-year:flashcard:0", "x", back="//evil.example/")
    assert short.headers["Location"] == "/library/facts/bert-release-year"  # no open redirect
    assert "between 5 and 1000" in client.get("/").get_data(as_text=True)
    anonymous = loaded_app.test_client()
    assert anonymous.post("/library/questions/bert-release-year:flashcard:0/report").status_code in {302, 400}
    with loaded_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(QuestionReport)) == 0


def test_the_teacher_sees_reports_beside_the_item_analysis(loaded_app):
    from quizapp.models import Quiz
    from tests.quizzes.helpers import account, build_quiz, join, make_class, signed_in

    teacher = signed_in(loaded_app, account(loaded_app, "teacher@example.org", Role.TEACHER))
    classroom = make_class(loaded_app, teacher)
    learner = signed_in(loaded_app, account(loaded_app, "pupil@example.org"))
    outsider = signed_in(loaded_app, account(loaded_app, "outsider@example.org"))
    join(learner, classroom.join_code)
    quiz_id = build_quiz(loaded_app, teacher, classroom.id)
    with loaded_app.app_context():
        first, second = db.session.get(Quiz, quiz_id).question_ids[:2]
    report(learner, first, "The second choice is also right")
    report(outsider, second, "Someone outside the class")  # not this teacher's learner
    page = teacher.get(f"/quizzes/{quiz_id}/results").get_data(as_text=True)
    assert "1 learner report" in page and "The second choice is also right" in page
    assert "Someone outside the class" not in page
