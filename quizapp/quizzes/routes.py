"""Quiz pages: the teacher builds, assigns and reads results; learners take assigned quizzes."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import datetime

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from quizapp import content
from quizapp.auth.access import role_required
from quizapp.classes.routes import owned_class
from quizapp.clock import utcnow
from quizapp.extensions import db
from quizapp.live import service as live
from quizapp.live.forms import StartLiveForm
from quizapp.models import Question, Quiz, QuizAnswer, QuizAttempt, Role
from quizapp.models.quizzes import SHOW_AFTER_CLOSE
from quizapp.quizzes import bp
from quizapp.quizzes import service as quizzes
from quizapp.quizzes.forms import ActionForm, AddQuestionForm, BuildForm, QuizAnswerForm, SettingsForm
from quizapp.quizzes.lookup import local_time, owned_quiz, to_utc, zone
from quizapp.study.answers import KIND_VIEWS, BadAnswer, kind_view, question_view
from quizapp.study.routes import SUBMISSION_KEY, seconds_taken
from quizapp.study.service import sections_for_picker


def _check(form) -> None:
    if not form.validate_on_submit():
        abort(400)


# ---------------------------------------------------------------- teacher


@bp.route("/classes/<int:class_id>/quizzes", methods=["GET", "POST"])
@role_required(Role.TEACHER)
def class_quizzes(class_id: int):
    classroom = owned_class(class_id)
    form = BuildForm()
    form.sections.choices = [SelectChoice(s.id, s.title) for s in sections_for_picker()]
    form.kinds.choices = [SelectChoice(kind, KIND_VIEWS[kind].label) for kind in quizzes.QUIZ_KINDS]
    if form.validate_on_submit():
        try:
            quiz = quizzes.create_quiz(
                classroom, form.title.data, form.sections.data or [], form.kinds.data or [], form.count.data,
                utcnow(), random.Random(),
            )
        except quizzes.QuizError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(f"Draft “{quiz.title}” saved with {len(quiz.question_ids)} questions.", "success")
            return redirect(url_for("quizzes.edit", quiz_id=quiz.id))
    status = 400 if form.errors else 200
    listed = [(quiz, quizzes.quiz_counts(quiz)) for quiz in quizzes.class_quizzes(classroom)]
    return render_template(
        "quizzes/class_quizzes.html", classroom=classroom, form=form, listed=listed, local=local_time,
        action_form=ActionForm(),
    ), status


@bp.route("/quizzes/<int:quiz_id>/edit", methods=["GET", "POST"])
@role_required(Role.TEACHER)
def edit(quiz_id: int):
    quiz = owned_quiz(quiz_id)
    local_zone = zone()
    form = SettingsForm(obj=quiz if request.method == "GET" else None)
    if request.method == "GET":
        form.opens_at.data = quiz.opens_at.astimezone(local_zone).replace(tzinfo=None) if quiz.opens_at else None
        form.closes_at.data = quiz.closes_at.astimezone(local_zone).replace(tzinfo=None) if quiz.closes_at else None
    learners = sorted((e.user for e in quiz.classroom.enrollments), key=lambda u: u.display_name.lower())
    if form.validate_on_submit():
        opens, closes = to_utc(form.opens_at.data), to_utc(form.closes_at.data)
        extra, bad_extra = {}, False
        for learner in learners:
            value = (request.form.get(f"extra-{learner.id}") or "").strip()
            if value:
                if not value.isdigit() or int(value) > 600:
                    bad_extra = True
                elif int(value) > 0:
                    extra[str(learner.id)] = int(value)
        if opens and closes and closes <= opens:
            form.closes_at.errors.append("Close it after it opens.")
        elif form.show_answers.data == SHOW_AFTER_CLOSE and closes is None:
            form.show_answers.errors.append("Set a close time to show answers after it.")
        elif bad_extra:
            flash("Extra time is a whole number of minutes, at most 600.", "error")
        else:
            quiz.title = form.title.data.strip()
            quiz.time_limit_minutes = form.time_limit_minutes.data or None
            quiz.opens_at, quiz.closes_at = opens, closes
            quiz.attempts_allowed = form.attempts_allowed.data
            quiz.shuffle_questions = form.shuffle_questions.data
            quiz.shuffle_choices = form.shuffle_choices.data
            quiz.one_page = form.one_page.data
            quiz.speed_points = form.speed_points.data
            quiz.show_answers = form.show_answers.data
            quiz.extra_time = extra
            quiz.updated_at = utcnow()
            db.session.commit()
            flash("Settings saved.", "success")
            return redirect(url_for("quizzes.edit", quiz_id=quiz.id))
    status = 400 if request.method == "POST" else 200
    rows = quizzes.questions_of(quiz)
    return render_template(
        "quizzes/edit.html", quiz=quiz, form=form, action_form=ActionForm(), learners=learners,
        questions=[(row, content.Question.from_dict(row.data)) for row in rows], kind_views=KIND_VIEWS,
        counts=quizzes.quiz_counts(quiz), local=local_time, start_live_form=StartLiveForm(),
        live_sessions=live.sessions_of(quiz),
    ), status


@bp.route("/quizzes/<int:quiz_id>/questions/<int:position>/<any(up, down, remove):action>", methods=["POST"])
@role_required(Role.TEACHER)
def change_question(quiz_id: int, position: int, action: str):
    quiz = owned_quiz(quiz_id)
    _check(ActionForm())
    if action == "remove":
        changed = quizzes.remove_question(quiz, position)
    else:
        changed = quizzes.move_question(quiz, position, -1 if action == "up" else 1)
    if changed:
        quiz.updated_at = utcnow()
        db.session.commit()
    return redirect(url_for("quizzes.edit", quiz_id=quiz.id) + "#questions")


@bp.route("/quizzes/<int:quiz_id>/pick", methods=["GET", "POST"])
@role_required(Role.TEACHER)
def pick(quiz_id: int):
    quiz = owned_quiz(quiz_id)
    form = AddQuestionForm()
    if request.method == "POST":
        _check(form)
        try:
            quizzes.add_question(quiz, form.question_id.data)
        except quizzes.QuizError as error:
            flash(str(error), "error")
        else:
            quiz.updated_at = utcnow()
            db.session.commit()
            flash("Question added at the end of the quiz.", "success")
        return redirect(url_for("quizzes.pick", quiz_id=quiz.id, section=request.args.get("section", ""),
                                kind=request.args.get("kind", "")))
    sections = sections_for_picker()
    section_id = request.args.get("section") or (sections[0].id if sections else "")
    kind = request.args.get("kind") or None
    rows = quizzes.bank_questions(section_id, kind) if section_id else []
    return render_template(
        "quizzes/pick.html", quiz=quiz, sections=sections, section_id=section_id, kind=kind or "",
        kinds=[(k, KIND_VIEWS[k].label) for k in quizzes.QUIZ_KINDS], rows=rows, form=form,
        chosen=set(quiz.question_ids), kind_views=KIND_VIEWS,
    )


@bp.route("/quizzes/<int:quiz_id>/preview")
@role_required(Role.TEACHER)
def preview(quiz_id: int):
    quiz = owned_quiz(quiz_id)
    rows = quizzes.questions_of(quiz)
    if not rows:
        abort(404)
    position = request.args.get("q", "1")
    position = int(position) - 1 if position.isdigit() and 1 <= int(position) <= len(rows) else 0
    question = content.Question.from_dict(rows[position].data)
    if quiz.shuffle_choices:
        question = quizzes.shown_question(question, 0)
    view = kind_view(question.kind)
    return render_template(
        "quizzes/preview.html", quiz=quiz, position=position, total=len(rows), question=question,
        kind_label=view.label, view=question_view(question),
        form=QuizAnswerForm(question_id=question.id, position=position), answer_url="#",
    )


@bp.route("/quizzes/<int:quiz_id>/<any(assign, unassign, duplicate):action>", methods=["POST"])
@role_required(Role.TEACHER)
def quiz_action(quiz_id: int, action: str):
    quiz = owned_quiz(quiz_id)
    _check(ActionForm())
    now = utcnow()
    if action == "duplicate":
        copy = quizzes.duplicate_quiz(quiz, now)
        db.session.commit()
        flash(f"Copied as the draft “{copy.title}”.", "success")
        return redirect(url_for("quizzes.edit", quiz_id=copy.id))
    if action == "assign":
        quiz.assigned_at = quiz.assigned_at or now
        flash("Assigned: the class sees it in their quizzes.", "success")
    else:
        quiz.assigned_at = None
        flash("Back to draft: learners no longer see it.", "info")
    db.session.commit()
    return redirect(url_for("quizzes.edit", quiz_id=quiz.id))


@bp.route("/quizzes/<int:quiz_id>/results")
@role_required(Role.TEACHER)
def results(quiz_id: int):
    quiz = owned_quiz(quiz_id)
    quizzes.close_late_attempts(quiz, utcnow())
    db.session.commit()
    attempts = quizzes.quiz_attempts(quiz)
    return render_template(
        "quizzes/results.html", quiz=quiz, attempts=attempts, stats=quizzes.question_stats(quiz, attempts),
        reports=quizzes.class_reports(quiz), kind_views=KIND_VIEWS, local=local_time,
        seconds_between=quizzes.seconds_between,
    )


@bp.route("/quizzes/<int:quiz_id>/<any(results, items):which>.csv")
@role_required(Role.TEACHER)
def results_csv(quiz_id: int, which: str):
    quiz = owned_quiz(quiz_id)
    quizzes.close_late_attempts(quiz, utcnow())
    db.session.commit()
    attempts = quizzes.quiz_attempts(quiz)
    text = quizzes.results_csv(attempts) if which == "results" else quizzes.items_csv(quizzes.question_stats(quiz, attempts))
    return Response(
        text, mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="quiz-{quiz.id}-{which}.csv"'},
    )


# ---------------------------------------------------------------- learner


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
    now = utcnow()
    listed = []
    for quiz in quizzes.learner_quizzes(current_user):
        attempts = quizzes.attempts_of(quiz, current_user)
        listed.append((quiz, attempts, quizzes.is_open_now(quiz, now)))
    return render_template("quizzes/mine.html", listed=listed, local=local_time, now=now)


@bp.route("/quizzes/<int:quiz_id>")
@login_required
def show(quiz_id: int):
    quiz = learner_quiz(quiz_id)
    now = utcnow()
    attempts = quizzes.attempts_of(quiz, current_user)
    if any(quizzes.close_if_late(a, now) for a in attempts):
        db.session.commit()
    return render_template(
        "quizzes/show.html", quiz=quiz, attempts=attempts, is_open=quizzes.is_open_now(quiz, now),
        open_attempt=next((a for a in attempts if a.is_open), None), action_form=ActionForm(), local=local_time,
    )


@bp.route("/quizzes/<int:quiz_id>/start", methods=["POST"])
@login_required
def start(quiz_id: int):
    quiz = learner_quiz(quiz_id)
    _check(ActionForm())
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
    total = len(attempt.question_ids)
    remaining = int((attempt.deadline - now).total_seconds()) if attempt.deadline else None
    common = dict(attempt=attempt, quiz=quiz, total=total, last=last, last_question=last_question,
                  remaining=remaining, local=local_time, action_form=ActionForm())
    if quiz.one_page:
        return _one_page(attempt, now, common)
    if next_position is None:
        return render_template("quizzes/submit.html", **common)
    row = db.session.get(Question, attempt.question_ids[position])
    question = quizzes.display_question(attempt, row)
    view = kind_view(question.kind)
    form = QuizAnswerForm(
        question_id=question.id, submission_key=uuid.uuid4().hex, shown_at=now.isoformat(), position=position,
    )
    return render_template(
        "quizzes/question.html", position=position, question=question, kind_label=view.label,
        view=question_view(question), form=form,
        answer_url=url_for("quizzes.answer", attempt_id=attempt.id), answered=len(attempt.answers), **common,
    )


@dataclass
class PageItem:
    """One question of an attempt shown with all the others: its saved answer, or a form to answer it."""

    position: int
    question: content.Question
    saved: QuizAnswer | None
    view: dict | None = None
    form: QuizAnswerForm | None = None


def _one_page(attempt: QuizAttempt, now: datetime, common: dict):
    """Every question of the attempt on one page; each still saves on its own, as it is answered."""
    saved = {answer.position: answer for answer in attempt.answers}
    first_open = quizzes.next_position(attempt)
    items = []
    for position, row in enumerate(quizzes.questions_of(list(attempt.question_ids))):
        question = quizzes.display_question(attempt, row)
        item = PageItem(position, question, saved.get(position))
        if item.saved is None:
            item.view = question_view(question, prefix=f"q{position + 1}-", autofocus=position == first_open,
                                      submit_label="Save this answer")
            item.form = QuizAnswerForm(question_id=question.id, submission_key=uuid.uuid4().hex,
                                       shown_at=now.isoformat(), position=position)
        items.append(item)
    return render_template(
        "quizzes/one_page.html", items=items, kind_views=KIND_VIEWS, answered=len(saved),
        answer_url=url_for("quizzes.answer", attempt_id=attempt.id), **common,
    )


@bp.route("/attempts/<int:attempt_id>/answer", methods=["POST"])
@login_required
def answer(attempt_id: int):
    attempt = own_attempt(attempt_id)
    form = QuizAnswerForm()
    if not form.validate_on_submit() or not SUBMISSION_KEY.match(form.submission_key.data or ""):
        abort(400)
    position = form.position.data or ""
    if not position.isdigit() or int(position) >= len(attempt.question_ids):
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
    view = kind_view(question.kind)
    try:
        response = view.parse(request.form, question)
    except BadAnswer as problem:
        flash(str(problem), "error")
        return redirect(url_for("quizzes.attempt", attempt_id=attempt.id))
    quizzes.answer_question(
        attempt, position, row, question, response, view.describe(question, response),
        seconds_taken(form.shown_at.data, now), form.submission_key.data, now,
    )
    db.session.commit()
    if attempt.quiz.one_page:
        following = quizzes.next_position(attempt)
        anchor = f"question-{following + 1}" if following is not None else "submit"
        return redirect(url_for("quizzes.attempt", attempt_id=attempt.id, _anchor=anchor))
    return redirect(url_for("quizzes.attempt", attempt_id=attempt.id))


@bp.route("/attempts/<int:attempt_id>/submit", methods=["POST"])
@login_required
def submit(attempt_id: int):
    attempt = own_attempt(attempt_id)
    _check(ActionForm())
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
    by_position = {a.position: a for a in attempt.answers}
    items = []
    for position, row in enumerate(quizzes.questions_of(list(attempt.question_ids))):
        items.append((position, by_position.get(position), content.Question.from_dict(row.data), row.fact))
    return render_template(
        "quizzes/review.html", attempt=attempt, quiz=quiz, visible=visible, items=items, kind_views=KIND_VIEWS,
        local=local_time,
    )
