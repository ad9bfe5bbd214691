"""Quiz pages for the teacher: build, edit, preview, assign and read results."""

from __future__ import annotations

import random

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from quizapp import content
from quizapp.answering.forms import PositionedAnswerForm
from quizapp.answering.views import kind_label, question_view
from quizapp.auth.access import role_required
from quizapp.classes.access import owned_class
from quizapp.clock import utcnow
from quizapp.extensions import db
from quizapp.library.queries import sections_of_decks
from quizapp.library.visibility import quiz_decks, visible_question, visible_section
from quizapp.models import Question, Quiz, QuizAttempt, Role
from quizapp.models.quizzes import SHOW_AFTER_CLOSE
from quizapp.progress.charts import plural
from quizapp.quizzes import bp, paper
from quizapp.quizzes import regrade as regrading
from quizapp.quizzes import results as quiz_results
from quizapp.quizzes import service as quizzes
from quizapp.quizzes.edit_page import class_learners, render_edit, settings_form
from quizapp.quizzes.forms import (
    ActionForm,
    AddQuestionForm,
    BuildForm,
    OverrideForm,
    SettingsForm,
)
from quizapp.quizzes.lookup import check_form, local_time, owned_quiz, to_utc
from quizapp.quizzes.sharing import quizzes_shared_with
from quizapp.spreadsheet import csv_download
from quizapp.study.service import sections_for_picker


@bp.route("/classes/<int:class_id>/quizzes", methods=["GET", "POST"])
@role_required(Role.TEACHER)
def class_quizzes(class_id: int):
    classroom = owned_class(class_id)
    form = BuildForm()
    form.sections.choices = [SelectChoice(s.id, s.title) for s in sections_for_picker()]
    form.decks.choices = [SelectChoice(deck.id, deck.title) for deck in quiz_decks(current_user)]
    form.kinds.choices = [SelectChoice(kind, kind_label(kind)) for kind in quizzes.QUIZ_KINDS]
    if form.validate_on_submit():
        try:
            quiz, notes = quizzes.build_quiz(
                classroom,
                form.title.data,
                form.sections.data or [],
                form.kinds.data or [],
                form.count.data,
                utcnow(),
                random.Random(),
                form.decks.data or [],
            )
        except quizzes.QuizError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            given = len(quiz.question_ids)
            flash(f"Draft “{quiz.title}” saved with {given} question{'' if given == 1 else 's'}.", "success")
            for note in notes:
                flash(note, "warning")
            return redirect(url_for("quizzes.edit", quiz_id=quiz.id))
    status = 400 if form.errors else 200
    listed = [(quiz, quiz_results.quiz_counts(quiz)) for quiz in quizzes.class_quizzes(classroom)]
    return render_template(
        "quizzes/class_quizzes.html",
        classroom=classroom,
        shared_with_me=quizzes_shared_with(current_user),
        form=form,
        listed=listed,
        local=local_time,
        action_form=ActionForm(),
    ), status


@bp.route("/quizzes/<int:quiz_id>/edit", methods=["GET", "POST"])
@role_required(Role.TEACHER)
def edit(quiz_id: int):
    quiz = owned_quiz(quiz_id)
    form = settings_form(quiz) if request.method == "GET" else SettingsForm()
    learners = class_learners(quiz)
    if form.validate_on_submit():
        opens, closes = to_utc(form.opens_at.data), to_utc(form.closes_at.data)
        extra, bad_extra = {}, False
        for learner in learners:
            value = (request.form.get(f"extra-{learner.id}") or "").strip()
            if value:
                if not value.isdecimal() or int(value) > 600:
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
            quiz.live_feeds_schedules = form.live_feeds_schedules.data
            quiz.show_answers = form.show_answers.data
            quiz.extra_time = extra
            quiz.updated_at = utcnow()
            db.session.commit()
            flash("Settings saved.", "success")
            return redirect(url_for("quizzes.edit", quiz_id=quiz.id))
    return render_edit(quiz, form, 400 if request.method == "POST" else 200)


def _change_list(quiz: Quiz, new_ids: list[str], action: str | None, question_id: str | None, what: str):
    """Apply a change to the quiz's questions; when it already has attempts, the teacher first
    confirms on a page saying what each finished attempt's score becomes (a reorder changes no
    score and is not asked). Returns a page to show, or None once applied."""
    if action is not None and regrading.has_attempts(quiz) and request.form.get("confirm") != "yes":
        return render_template(
            "quizzes/confirm_change.html",
            quiz=quiz,
            what=what,
            effects=regrading.plan_list_change(quiz, new_ids),
            score_text=regrading.score_text,
            fields=[(name, value) for name, value in request.form.items(multi=True) if name != "csrf_token"],
            action_form=ActionForm(),
        )
    effects = regrading.apply_list_change(quiz, new_ids, action, question_id, current_user, utcnow())
    db.session.commit()
    changed = sum(1 for effect in effects if effect.changes_score)
    if changed:
        flash(f"{plural(changed, 'score')} changed; the learners see why on their results.", "info")
    return None


@bp.route("/quizzes/<int:quiz_id>/questions/<int:position>/<any(up, down, remove):action>", methods=["POST"])
@role_required(Role.TEACHER)
def change_question(quiz_id: int, position: int, action: str):
    quiz = owned_quiz(quiz_id)
    check_form(ActionForm())
    if action == "remove":
        new_ids = quizzes.without(quiz, position)
        if new_ids is not None:
            page = _change_list(
                quiz,
                new_ids,
                regrading.DROPPED,
                quiz.question_ids[position],
                f"Remove question {position + 1} from “{quiz.title}”",
            )
            if page is not None:
                return page
    else:
        new_ids = quizzes.moved(quiz, position, -1 if action == "up" else 1)
        if new_ids is not None:
            _change_list(quiz, new_ids, None, None, "")
    return redirect(url_for("quizzes.edit", quiz_id=quiz.id) + "#questions")


@bp.route("/quizzes/<int:quiz_id>/pick", methods=["GET", "POST"])
@role_required(Role.TEACHER)
def pick(quiz_id: int):
    quiz = owned_quiz(quiz_id)
    form = AddQuestionForm()
    if request.method == "POST":
        check_form(form)
        if visible_question(current_user, form.question_id.data) is None:
            abort(404)
        try:
            new_ids = quizzes.with_added(quiz, form.question_id.data)
        except quizzes.QuizError as error:
            flash(str(error), "error")
        else:
            page = _change_list(
                quiz,
                new_ids,
                regrading.ADDED,
                form.question_id.data,
                f"Add a question to “{quiz.title}”",
            )
            if page is not None:
                return page
            flash("Question added at the end of the quiz.", "success")
        return redirect(
            url_for(
                "quizzes.pick",
                quiz_id=quiz.id,
                section=request.args.get("section", ""),
                kind=request.args.get("kind", ""),
            )
        )
    sections = sections_for_picker()
    deck_sections = sections_of_decks(quiz_decks(current_user))
    section_id = request.args.get("section") or (sections[0].id if sections else "")
    if section_id and visible_section(current_user, section_id) is None:
        abort(404)
    kind = request.args.get("kind") or None
    rows = quizzes.bank_questions(section_id, kind) if section_id else []
    return render_template(
        "quizzes/pick.html",
        quiz=quiz,
        sections=sections,
        deck_sections=deck_sections,
        section_id=section_id,
        kind=kind or "",
        kinds=[(k, kind_label(k)) for k in quizzes.QUIZ_KINDS],
        rows=rows,
        form=form,
        chosen=set(quiz.question_ids),
        kind_views=content.KINDS,
    )


@bp.route("/quizzes/<int:quiz_id>/preview")
@role_required(Role.TEACHER)
def preview(quiz_id: int):
    quiz = owned_quiz(quiz_id)
    rows = quizzes.questions_of(quiz)
    if not rows:
        abort(404)
    position = request.args.get("q", "1")
    position = int(position) - 1 if position.isdecimal() and 1 <= int(position) <= len(rows) else 0
    question = quizzes.quiz_question(quiz, rows[position])
    if quiz.shuffle_choices:
        question = content.KINDS[question.kind].shuffled(question, 0)
    return render_template(
        "quizzes/preview.html",
        quiz=quiz,
        position=position,
        total=len(rows),
        question=question,
        kind_label=kind_label(question.kind),
        view=question_view(question),
        form=PositionedAnswerForm(question_id=question.id, position=position),
        answer_url="#",
    )


@bp.route("/quizzes/<int:quiz_id>/print")
@role_required(Role.TEACHER)
def print_view(quiz_id: int):
    """The quiz for paper, from the browser's Print: questions, then the answer key on its own page."""
    quiz = owned_quiz(quiz_id)
    return render_template("quizzes/print.html", quiz=quiz, questions=paper.paper_questions(quiz))


@bp.route("/quizzes/<int:quiz_id>/<any(assign, unassign, duplicate):action>", methods=["POST"])
@role_required(Role.TEACHER)
def quiz_action(quiz_id: int, action: str):
    quiz = owned_quiz(quiz_id)
    check_form(ActionForm())
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
    quiz_results.close_late_attempts(quiz, utcnow())
    db.session.commit()
    attempts = quiz_results.quiz_attempts(quiz)
    return render_template(
        "quizzes/results.html",
        quiz=quiz,
        attempts=attempts,
        stats=quiz_results.question_stats(quiz, attempts),
        reports=quiz_results.class_reports(quiz),
        not_started=quiz_results.not_started(quiz, attempts),
        points_of=quizzes.points,
        score_text=regrading.score_text,
        kind_views=content.KINDS,
        local=local_time,
        seconds_between=quiz_results.seconds_between,
    )


def teacher_attempt(quiz_id: int, attempt_id: int) -> QuizAttempt:
    """An attempt at a quiz the signed-in teacher owns (or any, for an admin); 404 otherwise."""
    quiz = owned_quiz(quiz_id)
    attempt = db.session.get(QuizAttempt, attempt_id)
    if attempt is None or attempt.quiz_id != quiz.id:
        abort(404)
    return attempt


def _override_form(position: int, **kwargs) -> OverrideForm:
    """An override form whose fields have ids of their own, as the sheet shows one per answer."""
    form = OverrideForm(**kwargs)
    for item in (form.points, form.reason):
        item.id = item.label.field_id = f"{item.name}-{position}"
    return form


def _sheet(attempt: QuizAttempt, failed: tuple[int, OverrideForm] | None = None, status: int = 200):
    forms = {}
    for answer in attempt.answers:
        form = _override_form(answer.position, formdata=None)
        form.points.data, form.reason.data = answer.score, answer.override_reason or ""
        forms[answer.position] = form
    if failed is not None:
        forms[failed[0]] = failed[1]
    lines = quiz_results.answer_sheet(attempt)
    return render_template(
        "quizzes/answer_sheet.html",
        quiz=attempt.quiz,
        attempt=attempt,
        lines=lines,
        points=sum(line.points for line in lines),
        answered=sum(1 for line in lines if line.answer is not None),
        notices=regrading.notices(attempt),
        forms=forms,
        failed_position=failed[0] if failed else None,
        kind_views=content.KINDS,
        local=local_time,
        seconds_between=quiz_results.seconds_between,
    ), status


@bp.route("/quizzes/<int:quiz_id>/attempts/<int:attempt_id>")
@role_required(Role.TEACHER)
def answer_sheet(quiz_id: int, attempt_id: int):
    """One learner's attempt as the teacher reads it: every question, the answer given and its mark."""
    attempt = teacher_attempt(quiz_id, attempt_id)
    if quizzes.close_if_late(attempt, utcnow()):
        db.session.commit()
    return _sheet(attempt)


@bp.route("/quizzes/<int:quiz_id>/attempts/<int:attempt_id>/answers/<int:position>/mark", methods=["POST"])
@role_required(Role.TEACHER)
def override_mark(quiz_id: int, attempt_id: int, position: int):
    """The teacher's own mark for one answer, with the reason; the attempt's score follows."""
    attempt = teacher_attempt(quiz_id, attempt_id)
    answer = next((a for a in attempt.answers if a.position == position), None)
    if answer is None:
        abort(404)
    form = _override_form(position)
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            abort(400)
        return _sheet(attempt, (position, form), 400)
    quizzes.override_mark(answer, float(form.points.data), form.reason.data.strip(), current_user, utcnow())
    db.session.commit()
    number = regrading.sheet_number(attempt, answer.question_id) or position + 1
    flash(f"Question {number}: mark changed to {float(form.points.data):g} of 1.", "success")
    return redirect(
        url_for(
            "quizzes.answer_sheet",
            quiz_id=quiz_id,
            attempt_id=attempt_id,
            _anchor=f"q{regrading.sheet_number(attempt, answer.question_id) or 1}",
        )
    )


def _quiz_row(quiz: Quiz, position: int) -> Question:
    """The bank row of the quiz's question at `position` (0-based); 404 when there is none."""
    if not 0 <= position < len(quiz.question_ids):
        abort(404)
    row = db.session.get(Question, quiz.question_ids[position])
    if row is None:
        abort(404)
    return row


def _regrade_page(quiz: Quiz, position: int, row: Question, error: str = "", status: int = 200):
    question = quizzes.quiz_question(quiz, row)
    item = next(
        item
        for item in quiz_results.question_stats(quiz, quiz_results.quiz_attempts(quiz))
        if item.row.id == row.id
    )
    return render_template(
        "quizzes/regrade.html",
        quiz=quiz,
        position=position,
        question=question,
        item=item,
        right=set(content.KINDS[question.kind].right_choices(question)),
        can_accept=question.kind in regrading.ACCEPTING_KINDS,
        can_fix_key=question.kind in regrading.KEY_KINDS,
        multiple=question.kind == "multi_select",
        kind_views=content.KINDS,
        error=error,
        action_form=ActionForm(),
    ), status


@bp.route("/quizzes/<int:quiz_id>/questions/<int:position>/regrade", methods=["GET", "POST"])
@role_required(Role.TEACHER)
def regrade(quiz_id: int, position: int):
    """Fix a question of the quiz (accept another answer, correct the key) and regrade every
    attempt's answer to it, after confirming what each learner's mark and score become."""
    quiz = owned_quiz(quiz_id)
    row = _quiz_row(quiz, position)
    if request.method == "GET":
        return _regrade_page(quiz, position, row)
    check_form(ActionForm())
    before = quizzes.quiz_question(quiz, row)
    try:
        if request.form.get("fix") == "accept":
            fixed = regrading.with_accepted(before, request.form.get("accepted", ""))
        elif request.form.get("fix") == "key":
            keys = request.form.getlist("key")
            fixed = regrading.with_key(before, keys if before.kind == "multi_select" else (keys or [""])[0])
        else:
            raise quizzes.QuizError("Choose how to fix the question.")
    except quizzes.QuizError as error:
        return _regrade_page(quiz, position, row, str(error), 400)
    if fixed == before:
        return _regrade_page(quiz, position, row, "That is already the question's answer.", 400)
    if request.form.get("confirm") != "yes":
        return render_template(
            "quizzes/confirm_change.html",
            quiz=quiz,
            what=f"Regrade question {position + 1}: {regrading.describe_fix(before, fixed)}",
            effects=regrading.plan_regrade(quiz, row, fixed),
            score_text=regrading.score_text,
            fields=[(name, value) for name, value in request.form.items(multi=True) if name != "csrf_token"],
            action_form=ActionForm(),
        )
    _change, effects = regrading.apply_regrade(quiz, row, fixed, current_user, utcnow())
    db.session.commit()
    kept = [effect.attempt.user.display_name for effect in effects if effect.override_kept]
    marks = sum(1 for effect in effects if effect.points_before != effect.points_after)
    message = f"Question {position + 1} regraded: {plural(marks, 'mark')} changed."
    if kept:
        message += f" Your own mark was kept for {', '.join(kept)}; change it on their answer sheet."
    flash(message, "success")
    return redirect(url_for("quizzes.results", quiz_id=quiz.id))


@bp.route("/quizzes/<int:quiz_id>/<any(results, items, answers):which>.csv")
@role_required(Role.TEACHER)
def results_csv(quiz_id: int, which: str):
    quiz = owned_quiz(quiz_id)
    quiz_results.close_late_attempts(quiz, utcnow())
    db.session.commit()
    attempts = quiz_results.quiz_attempts(quiz)
    if which == "results":
        text = quiz_results.results_csv(attempts)
    elif which == "answers":
        text = quiz_results.sheets_csv(attempts)
    else:
        text = quiz_results.items_csv(quiz_results.question_stats(quiz, attempts))
    return csv_download(text, f"quiz-{quiz.id}-{which}.csv")
