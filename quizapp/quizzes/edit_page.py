"""The teacher's quiz page, rendered after a GET or a refused form (settings, sharing)."""

from __future__ import annotations

from flask import render_template, request

from quizapp import content
from quizapp.models import Quiz
from quizapp.quizzes import results as quiz_results
from quizapp.quizzes import service as quizzes
from quizapp.quizzes.forms import ActionForm, SettingsForm, StartLiveForm
from quizapp.quizzes.lookup import in_local_zone, local_time
from quizapp.quizzes.reuse import reuse_context


def settings_form(quiz: Quiz) -> SettingsForm:
    """The settings form filled from the quiz, times in the teacher's zone."""
    form = SettingsForm(obj=quiz)
    form.opens_at.data = in_local_zone(quiz.opens_at).replace(tzinfo=None) if quiz.opens_at else None
    form.closes_at.data = in_local_zone(quiz.closes_at).replace(tzinfo=None) if quiz.closes_at else None
    return form


def class_learners(quiz: Quiz) -> list:
    return sorted((e.user for e in quiz.classroom.enrollments), key=lambda u: u.display_name.lower())


def render_edit(quiz: Quiz, form: SettingsForm | None = None, status: int = 200, **reuse):
    """The quiz page; `form` a refused settings form to show again, `reuse` a refused share form."""
    form = form or settings_form(quiz)
    learners = class_learners(quiz)
    # After a refused save the extra minutes typed come back as typed, not as stored.
    extra_shown = {
        learner.id: (
            request.form.get(f"extra-{learner.id}", "")
            if request.method == "POST" and "share_form" not in reuse
            else quiz.extra_minutes(learner.id) or ""
        )
        for learner in learners
    }
    rows = quizzes.questions_of(quiz)
    return render_template(
        "quizzes/edit.html",
        quiz=quiz,
        form=form,
        action_form=ActionForm(),
        learners=learners,
        extra_shown=extra_shown,
        questions=[(row, quizzes.quiz_question(quiz, row)) for row in rows],
        kind_views=content.KINDS,
        counts=quiz_results.quiz_counts(quiz),
        local=local_time,
        start_live_form=StartLiveForm(),
        live_sessions=quizzes.live_sessions(quiz),
        **reuse_context(quiz, **reuse),
    ), status
