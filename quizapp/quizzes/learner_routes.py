"""Quiz pages for learners: their assigned quizzes, taking one (a page per question or all on one), review."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from quizapp import content
from quizapp.answering.forms import PositionedAnswerForm
from quizapp.answering.service import is_submission_key, seconds_taken
from quizapp.answering.views import kind_label, question_view, read_response
from quizapp.clock import utcnow
from quizapp.extensions import db
from quizapp.models import Question, Quiz, QuizAnswer, QuizAttempt
from quizapp.quizzes import bp
from quizapp.quizzes import regrade as regrading
from quizapp.quizzes import service as quizzes
from quizapp.quizzes.forms import ActionForm
from quizapp.quizzes.lookup import check_form, local_time


def learner_quiz(quiz_id: int) -> Quiz:
    """An assigned quiz of a class the signed-in user is in; 404 for everyone else."""
    quiz = db.session.get(Quiz, quiz_id)
    if quiz is None or quiz.is_draft or quiz.classroom.archived_at is not None:
        abort(404)
    if not quizzes.is_member(quiz.classroom, current_user):
        abort(404)
    return quiz


def own_attempt(attempt_id: int) -> QuizAttempt:
    attempt = db.session.get(QuizAttempt, attempt_id)
    if attempt is None or attempt.user_id != current_user.id:
        abort(404)
    return attempt


@bp.route("/quizzes/mine")
@login_required
def mine():
    return render_template(
        "quizzes/mine.html", listing=quizzes.learner_listing(current_user, utcnow()), local=local_time
    )


@bp.route("/quizzes/<int:quiz_id>")
@login_required
def show(quiz_id: int):
    quiz = learner_quiz(quiz_id)
    now = utcnow()
    attempts = quizzes.attempts_of(quiz, current_user)
    if any(quizzes.close_if_late(a, now) for a in attempts):
        db.session.commit()
    return render_template(
        "quizzes/show.html",
        quiz=quiz,
        attempts=attempts,
        is_open=quizzes.is_open_now(quiz, now),
        open_attempt=next((a for a in attempts if a.is_open), None),
        action_form=ActionForm(),
        local=local_time,
    )


@bp.route("/quizzes/<int:quiz_id>/start", methods=["POST"])
@login_required
def start(quiz_id: int):
    quiz = learner_quiz(quiz_id)
    check_form(ActionForm())
    try:
        attempt = quizzes.start_attempt(quiz, current_user, utcnow())
    except quizzes.QuizError as error:
        db.session.commit()
        flash(str(error), "error")
        return redirect(url_for("quizzes.show", quiz_id=quiz.id))
    db.session.commit()
    return redirect(url_for("quizzes.attempt", attempt_id=attempt.id))


def _time_up(attempt: QuizAttempt):
    flash("Time is up: the quiz closed itself. Answers given in time are kept.", "info")
    return redirect(url_for("quizzes.review", attempt_id=attempt.id))


@bp.route("/attempts/<int:attempt_id>")
@login_required
def attempt(attempt_id: int):
    attempt = own_attempt(attempt_id)
    now = utcnow()
    if quizzes.close_if_late(attempt, now):
        db.session.commit()
        return _time_up(attempt)
    if not attempt.is_open:
        return redirect(url_for("quizzes.review", attempt_id=attempt.id))
    quiz = attempt.quiz
    last = attempt.answers[-1] if attempt.answers and quiz.show_answers == "at_once" else None
    last_question = content.Question.from_dict(last.question.data) if last else None
    position = next_position = quizzes.next_position(attempt)
    # Counted over the questions the quiz lists now (a teacher may have dropped or added one).
    lines = quizzes.counted(attempt)
    total = len(lines)
    remaining = int((attempt.deadline - now).total_seconds()) if attempt.deadline else None
    common = dict(
        attempt=attempt,
        quiz=quiz,
        total=total,
        last=last,
        last_question=last_question,
        remaining=remaining,
        local=local_time,
        action_form=ActionForm(),
    )
    if quiz.one_page:
        return _one_page(attempt, now, common)
    if next_position is None:
        return render_template("quizzes/submit.html", **common)
    row = db.session.get(Question, attempt.question_ids[position])
    question = quizzes.display_question(attempt, row)
    form = PositionedAnswerForm(
        question_id=question.id,
        submission_key=uuid.uuid4().hex,
        shown_at=now.isoformat(),
        position=position,
    )
    return render_template(
        "quizzes/question.html",
        position=position,
        question=question,
        kind_label=kind_label(question.kind),
        view=question_view(question),
        form=form,
        answer_url=url_for("quizzes.answer", attempt_id=attempt.id),
        answered=sum(1 for line in lines if line.answer is not None),
        number=next(n for n, line in enumerate(lines, start=1) if line.position == position),
        **common,
    )


@dataclass
class PageItem:
    """One question of an attempt shown with all the others: its saved answer, or a form to answer it."""

    position: int
    question: content.Question
    saved: QuizAnswer | None
    view: dict | None = None
    form: PositionedAnswerForm | None = None


def _one_page(attempt: QuizAttempt, now: datetime, common: dict):
    """Every question of the attempt on one page; each still saves on its own, as it is answered."""
    saved = {answer.position: answer for answer in attempt.answers}
    first_open = quizzes.next_position(attempt)
    rows = {row.id: row for row in quizzes.questions_of(attempt.quiz)}
    items = []
    for line in quizzes.counted(attempt):
        position = line.position
        question = quizzes.display_question(attempt, rows[line.question_id])
        item = PageItem(position, question, saved.get(position))
        if item.saved is None:
            item.view = question_view(
                question,
                prefix=f"q{position + 1}-",
                autofocus=position == first_open,
                submit_label="Save this answer",
            )
            item.form = PositionedAnswerForm(
                question_id=question.id,
                submission_key=uuid.uuid4().hex,
                shown_at=now.isoformat(),
                position=position,
            )
        items.append(item)
    return render_template(
        "quizzes/one_page.html",
        items=items,
        kind_views=content.KINDS,
        answered=sum(1 for item in items if item.saved is not None),
        answer_url=url_for("quizzes.answer", attempt_id=attempt.id),
        **common,
    )


@bp.route("/attempts/<int:attempt_id>/answer", methods=["POST"])
@login_required
def answer(attempt_id: int):
    attempt = own_attempt(attempt_id)
    form = PositionedAnswerForm()
    if not form.validate_on_submit() or not is_submission_key(form.submission_key.data):
        abort(400)
    position = form.position.data or ""
    if not position.isdecimal() or int(position) >= len(attempt.question_ids):
        abort(400)
    position = int(position)
    row = db.session.get(Question, attempt.question_ids[position])
    if row is None or row.id != form.question_id.data:
        abort(400)
    now = utcnow()
    if quizzes.close_if_late(attempt, now):
        db.session.commit()
        flash("That answer arrived after the time limit and was not counted.", "error")
        return _time_up(attempt)
    question = quizzes.display_question(attempt, row)
    try:
        response = read_response(question, request.form)
    except content.BadAnswer as problem:
        flash(str(problem), "error")
        return redirect(url_for("quizzes.attempt", attempt_id=attempt.id))
    outcome = quizzes.answer_question(
        attempt,
        position,
        row,
        question,
        response,
        seconds_taken(form.shown_at.data, now),
        form.submission_key.data,
        now,
    )
    db.session.commit()
    if outcome.refused == quizzes.CLOSED:
        flash(
            "That answer was not saved: this attempt was already submitted (perhaps in another tab or "
            "window). Your result is below.",
            "error",
        )
        return redirect(url_for("quizzes.review", attempt_id=attempt.id))
    if outcome.refused == quizzes.ANSWERED_ALREADY:
        flash(
            "That answer was not saved: the question was already answered (perhaps in another tab or "
            "window), and the first answer counts.",
            "error",
        )
    if attempt.quiz.one_page:
        following = quizzes.next_position(attempt)
        anchor = f"question-{following + 1}" if following is not None else "submit"
        return redirect(url_for("quizzes.attempt", attempt_id=attempt.id, _anchor=anchor))
    return redirect(url_for("quizzes.attempt", attempt_id=attempt.id))


@bp.route("/attempts/<int:attempt_id>/submit", methods=["POST"])
@login_required
def submit(attempt_id: int):
    attempt = own_attempt(attempt_id)
    check_form(ActionForm())
    now = utcnow()
    if not quizzes.close_if_late(attempt, now) and attempt.is_open:
        quizzes.finish(attempt, now, "submitted")
        flash("Submitted.", "success")
    db.session.commit()
    return redirect(url_for("quizzes.review", attempt_id=attempt.id))


@bp.route("/attempts/<int:attempt_id>/review")
@login_required
def review(attempt_id: int):
    attempt = own_attempt(attempt_id)
    now = utcnow()
    if quizzes.close_if_late(attempt, now):
        db.session.commit()
    if attempt.is_open:
        return redirect(url_for("quizzes.attempt", attempt_id=attempt.id))
    quiz = attempt.quiz
    visible = quizzes.answers_visible(quiz, attempt, now)
    rows = {row.id: row for row in quizzes.questions_of(quiz)}
    lines = quizzes.counted(attempt)
    items = [
        (
            line.position,
            line.answer,
            quizzes.quiz_question(quiz, rows[line.question_id]),
            rows[line.question_id].fact,
        )
        for line in lines
        if line.question_id in rows
    ]
    earned, count = quizzes.points(attempt)
    return render_template(
        "quizzes/review.html",
        attempt=attempt,
        quiz=quiz,
        visible=visible,
        items=items,
        earned=earned,
        count=count,
        answered=sum(1 for line in lines if line.answer is not None),
        notices=regrading.notices(attempt),
        kind_views=content.KINDS,
        local=local_time,
    )
