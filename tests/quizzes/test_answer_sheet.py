"""The teacher's view of one learner's attempt, who has not started, and the typed answers given."""

from __future__ import annotations

import re

import pytest

from quizapp.models import Role
from tests.quizzes.helpers import (
    Taker,
    account,
    assign,
    attempt_row,
    build_quiz,
    join,
    make_class,
    quiz_row,
    signed_in,
)
from tests.study.conftest import Clock


@pytest.fixture
def clock(loaded_app) -> Clock:
    clock = Clock()
    loaded_app.config["CLOCK"] = clock
    return clock


@pytest.fixture
def typed_quiz(loaded_app, clock):
    """A class of three (Ann, Bob, Cy) and an assigned quiz of three typed questions."""
    app = loaded_app
    teacher = signed_in(app, account(app, "teacher@example.org", Role.TEACHER))
    classroom = make_class(app, teacher)
    takers = []
    for email in ("ann@example.org", "bob@example.org", "cy@example.org"):
        client = signed_in(app, account(app, email))
        join(client, classroom.join_code)
        takers.append(Taker(app, client))
    quiz_id = build_quiz(app, teacher, classroom.id, count=3, kinds=["typed"])
    assign(teacher, quiz_id)
    return app, teacher, quiz_id, takers


def answer_typed(taker: Taker, attempt_id: int, text: str | None, clock: Clock, seconds: int = 5) -> str:
    """Answers the next question with `text` (None: the right answer) `seconds` after it is shown."""
    page = taker.page(attempt_id)
    clock.advance(seconds=seconds)
    question = taker.question(page)
    typed = text if text is not None else str(question.data["answer_text"] or question.data["answer"])
    response = taker.client.post(
        f"/attempts/{attempt_id}/answer", data={**taker.envelope(page), "text": typed}
    )
    assert response.status_code == 302
    return question.id


def test_teacher_reads_each_answer_sheet_and_who_has_not_started(typed_quiz, clock):
    app, teacher, quiz_id, (ann, bob, cy) = typed_quiz
    ann_attempt = ann.start(quiz_id)
    answer_typed(ann, ann_attempt, "Transformer networks, I think", clock, 12)
    answer_typed(ann, ann_attempt, None, clock, 7)
    ann.submit(ann_attempt)
    bob_attempt = bob.start(quiz_id)

    results = teacher.get(f"/quizzes/{quiz_id}/results").get_data(as_text=True)
    sheet_links = re.findall(rf'href="(/quizzes/{quiz_id}/attempts/\d+)"', results)
    assert sheet_links == [
        f"/quizzes/{quiz_id}/attempts/{ann_attempt}",
        f"/quizzes/{quiz_id}/attempts/{bob_attempt}",
    ]
    not_started = re.search(r"Not started \((\d+)\)</h3>(.*?)</ul>", results, re.S)
    assert not_started and not_started.group(1) == "1" and "Cy" in not_started.group(2)
    assert "Ann" not in not_started.group(2) and "Bob" not in not_started.group(2)

    sheet = teacher.get(sheet_links[0])
    assert sheet.status_code == 200
    page = sheet.get_data(as_text=True)
    lines = re.findall(r'<li id="q\d+" class="card result[^"]*">(.*?)</li>\s*(?=<li id|</ol>)', page, re.S)
    assert len(lines) == 3
    assert "Wrong" in lines[0] and "Transformer networks, I think" in lines[0] and "12 s" in lines[0]
    assert "Right" in lines[1] and "7 s" in lines[1] and "1 of 1 point" in lines[1]
    assert "Not answered" in lines[2] and "<em>not answered</em>" in lines[2] and "0 of 1 point" in lines[2]
    assert "33.3%" in page
    # An open attempt reads too, marked as in progress.
    assert "in progress" in teacher.get(sheet_links[1]).get_data(as_text=True)


def test_answer_sheet_is_the_class_teachers_only(typed_quiz, clock):
    app, teacher, quiz_id, (ann, bob, _cy) = typed_quiz
    ann_attempt = ann.start(quiz_id)
    url = f"/quizzes/{quiz_id}/attempts/{ann_attempt}"
    assert teacher.get(url).status_code == 200
    # The learner herself, a classmate and another teacher get nothing.
    assert ann.client.get(url).status_code in (403, 404)
    assert bob.client.get(url).status_code in (403, 404)
    other = signed_in(app, account(app, "other@example.org", Role.TEACHER))
    assert other.get(url).status_code == 404
    # An attempt id under another quiz's URL is not found.
    other_quiz = build_quiz(
        app, teacher, quiz_row(app, quiz_id).classroom_id, count=2, kinds=["typed"], title="Second"
    )
    assert teacher.get(f"/quizzes/{other_quiz}/attempts/{ann_attempt}").status_code == 404
    assert teacher.get(f"/quizzes/{quiz_id}/attempts/999999").status_code == 404


def test_item_analysis_groups_the_typed_answers(typed_quiz, clock):
    app, teacher, quiz_id, (ann, bob, cy) = typed_quiz
    for taker, text in ((ann, "Large  language models"), (bob, "large language MODELS"), (cy, "Diffusion")):
        attempt = taker.start(quiz_id)
        answer_typed(taker, attempt, text, clock)
        taker.submit(attempt)
    results = teacher.get(f"/quizzes/{quiz_id}/results").get_data(as_text=True)
    first = results.split('<li class="quiz-item">')[1]
    rows = re.findall(r"<tr[^>]*><td>([^<]*?)(?: <span[^<]*</span> ✓)?</td><td>(\d+)</td></tr>", first)
    assert rows == [("Large language models", "2"), ("Diffusion", "1")]
    items = teacher.get(f"/quizzes/{quiz_id}/items.csv").get_data(as_text=True).splitlines()
    assert items[0].split(",")[-2:] == ["answers_given", "needs_checking"]
    assert "Large language models: 2; Diffusion: 1" in items[1]


def sheet_token(teacher, url: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', teacher.get(url).get_data(as_text=True)).group(
        1
    )


def test_teacher_overrides_a_mark_with_a_reason_and_everything_follows(typed_quiz, clock):
    app, teacher, quiz_id, (ann, bob, _cy) = typed_quiz
    ann_attempt = ann.start(quiz_id)
    first = answer_typed(ann, ann_attempt, "a near miss", clock)
    for _ in range(2):
        answer_typed(ann, ann_attempt, None, clock)
    ann.submit(ann_attempt)
    bob_attempt = bob.start(quiz_id)
    answer_typed(bob, bob_attempt, "a near miss", clock)
    bob.submit(bob_attempt)
    sheet_url = f"/quizzes/{quiz_id}/attempts/{ann_attempt}"
    mark_url = f"{sheet_url}/answers/0/mark"
    before = attempt_row(app, ann_attempt)
    graded = before.answers[0].score
    assert before.answers[0].question_id == first and graded < 1

    # Bad input: a clear message, status 400, nothing changed.
    for bad, message in (
        ({"points": "1.5", "reason": "close enough"}, "Points go from 0 to 1."),
        ({"points": "one", "reason": "close enough"}, "Not a valid decimal value"),
        ({"points": "", "reason": "close enough"}, "Give the points, from 0 to 1."),
        ({"points": "1", "reason": "   "}, "Say why"),
    ):
        response = teacher.post(mark_url, data={"csrf_token": sheet_token(teacher, sheet_url), **bad})
        assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert attempt_row(app, ann_attempt).answers[0].score == graded
    # Without the CSRF token the request is refused.
    assert teacher.post(mark_url, data={"points": "1", "reason": "x"}).status_code == 400
    # A question Ann did not answer, or an attempt of another quiz's URL, is not found.
    token = sheet_token(teacher, sheet_url)
    assert teacher.post(f"{sheet_url}/answers/7/mark", data={"csrf_token": token}).status_code == 404

    response = teacher.post(
        mark_url, data={"csrf_token": token, "points": "1", "reason": "Accepted after the class discussion"}
    )
    assert response.status_code == 302
    after = attempt_row(app, ann_attempt)
    answer = after.answers[0]
    assert answer.score == 1 and answer.correct and answer.graded_score == graded
    assert answer.override_reason == "Accepted after the class discussion" and answer.overridden_at
    assert after.correct_count == 3 and after.score == 1.0

    page = teacher.get(sheet_url).get_data(as_text=True)
    assert "Accepted after the class discussion" in page and "the grader gave 0" in page
    results = teacher.get(f"/quizzes/{quiz_id}/results").get_data(as_text=True)
    assert "100.0%" in results
    learners_csv = teacher.get(f"/quizzes/{quiz_id}/results.csv").get_data(as_text=True)
    ann_row = next(line for line in learners_csv.splitlines() if line.startswith("Ann,"))
    assert ann_row.endswith(",3,3,100.0")
    items_csv = teacher.get(f"/quizzes/{quiz_id}/items.csv").get_data(as_text=True)
    first_item = next(line for line in items_csv.splitlines() if f",{first}," in line)
    assert ",2,2,1,50.0," in first_item  # two attempts, both answered, one right now: Ann's
    # The learner sees the new mark and why.
    review = ann.client.get(f"/attempts/{ann_attempt}/review").get_data(as_text=True)
    assert "Your score: 100%" in review and "Your teacher changed this mark to 1 of 1" in review

    # A partial mark reads as partly right; the grader's first mark is still the one kept.
    token = sheet_token(teacher, sheet_url)
    teacher.post(mark_url, data={"csrf_token": token, "points": "0.5", "reason": "Half: the name is long"})
    after = attempt_row(app, ann_attempt)
    assert after.answers[0].graded_score == graded and not after.answers[0].correct
    assert after.correct_count == 2 and after.score == pytest.approx(2.5 / 3, abs=1e-4)
    assert "Partly right" in teacher.get(sheet_url).get_data(as_text=True)
    assert "Partly right" in ann.client.get(f"/attempts/{ann_attempt}/review").get_data(as_text=True)
