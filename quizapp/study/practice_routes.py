"""Practice-test pages: choose, answer one question after another, see the scored review."""

from __future__ import annotations

import random
import uuid

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from quizapp import content
from quizapp.answering.forms import PositionedAnswerForm
from quizapp.answering.service import is_submission_key, seconds_taken
from quizapp.answering.views import kind_label, question_view, read_response
from quizapp.clock import utcnow
from quizapp.extensions import db
from quizapp.models import PracticeTest, Question
from quizapp.study import bp
from quizapp.study.forms import PracticeForm
from quizapp.study.practice import (
    PRACTICE_KINDS,
    PracticeError,
    answer_practice_question,
    next_position,
    practice_rows,
    recent_tests,
    shortfall_message,
    start_practice_test,
    unfinished_test,
)
from quizapp.study.service import sections_for_picker


def _practice_form() -> PracticeForm:
    form = PracticeForm()
    form.sections.choices = [SelectChoice(s.id, s.title) for s in sections_for_picker()]
    form.kinds.choices = [SelectChoice(kind, kind_label(kind)) for kind in PRACTICE_KINDS]
    return form


def _own_test(test_id: int) -> PracticeTest:
    test = db.session.get(PracticeTest, test_id)
    if test is None or test.user_id != current_user.id:
        abort(404)
    return test


@bp.route("/practice", methods=["GET", "POST"])
@login_required
def practice():
    form = _practice_form()
    if form.validate_on_submit():
        try:
            test = start_practice_test(
                current_user,
                form.sections.data or [],
                form.kinds.data or [],
                form.count.data,
                random.Random(),
            )
        except PracticeError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            shortfall = shortfall_message(form.count.data, test)
            if shortfall:
                flash(shortfall, "info")
            return redirect(url_for("study.practice_test", test_id=test.id))
    status = 400 if form.errors else 200
    return render_template(
        "study/practice_start.html",
        form=form,
        tests=practice_rows(recent_tests(current_user), current_user.time_zone),
        unfinished=unfinished_test(current_user),
    ), status


@bp.route("/practice/<int:test_id>")
@login_required
def practice_test(test_id: int):
    test = _own_test(test_id)
    position = next_position(test)
    if position is None:
        return redirect(url_for("study.practice_results", test_id=test.id))
    row = db.session.get(Question, test.question_ids[position])
    question = content.Question.from_dict(row.data)
    form = PositionedAnswerForm(
        question_id=question.id,
        submission_key=uuid.uuid4().hex,
        shown_at=utcnow().isoformat(),
        position=position,
    )
    return render_template(
        "study/practice_question.html",
        test=test,
        position=position,
        question=question,
        kind_label=kind_label(question.kind),
        view=question_view(question),
        form=form,
        answer_url=url_for("study.practice_answer", test_id=test.id),
    )


@bp.route("/practice/<int:test_id>/answer", methods=["POST"])
@login_required
def practice_answer(test_id: int):
    test = _own_test(test_id)
    form = PositionedAnswerForm()
    if not form.validate_on_submit() or not is_submission_key(form.submission_key.data):
        abort(400)
    position = form.position.data or ""
    if not position.isdecimal() or int(position) >= len(test.question_ids):
        abort(400)
    position = int(position)
    row = db.session.get(Question, test.question_ids[position])
    if row is None or row.id != form.question_id.data:
        abort(400)
    question = content.Question.from_dict(row.data)
    try:
        response = read_response(question, request.form)
    except content.BadAnswer as problem:
        flash(str(problem), "error")
        return redirect(url_for("study.practice_test", test_id=test.id))
    now = utcnow()
    answer_practice_question(
        current_user,
        test,
        position,
        row,
        response,
        seconds_taken(form.shown_at.data, now),
        form.submission_key.data,
        now,
    )
    db.session.commit()
    return redirect(url_for("study.practice_test", test_id=test.id))


@bp.route("/practice/<int:test_id>/results")
@login_required
def practice_results(test_id: int):
    test = _own_test(test_id)
    if test.finished_at is None:
        return redirect(url_for("study.practice_test", test_id=test.id))
    reviews = [
        (answer, content.Question.from_dict(answer.question.data), answer.question.fact)
        for answer in test.answers
    ]
    return render_template(
        "study/practice_results.html", test=test, reviews=reviews, kind_views=content.KINDS
    )
