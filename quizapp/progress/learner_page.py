"""One learner's progress page, rendered for the learner (routes) or for their teacher (class_routes)."""

from __future__ import annotations

from datetime import datetime

from flask import render_template

from quizapp.clock import utcnow
from quizapp.learner_pages import keep_page, kept_page, may_keep, serve_kept_page
from quizapp.library.marks import next_unburied_at
from quizapp.progress import charts
from quizapp.progress.page_cache import progress_figures
from quizapp.progress.queries import progress_page
from quizapp.stats import MASTERY_STABILITY_DAYS

# The learner's own page, kept whole (learner_pages): opened again and again between answers.
KEPT_PAGES = 300
serve_kept_progress_page = serve_kept_page("progress-page", KEPT_PAGES, lambda learner_id: learner_id)
"""Decorates the learner's own progress view (above login_required)."""


def render_progress(learner, classroom=None):
    """A learner's progress page: their own (kept whole between requests while nothing on it
    changes), or one a teacher opens from a class (`classroom`; its figures are kept)."""
    now = utcnow()
    for_teacher = classroom is not None
    keep = not for_teacher and may_keep()
    if keep and (kept := kept_page("progress-page", KEPT_PAGES, learner.id, learner, now)) is not None:
        return kept
    figures, good_until = progress_figures(
        learner, for_teacher, now, lambda: _draw_figures(learner, for_teacher, now)
    )
    html = render_template("progress/index.html", learner=learner, classroom=classroom, figures=figures)
    if keep:
        keep_page("progress-page", KEPT_PAGES, learner.id, learner, now, html, good_until)
    return html


def _draw_figures(learner, for_teacher: bool, now: datetime) -> tuple[str, datetime | None]:
    """The page's figures as HTML, and when the clock alone next changes them: a fact in learning
    steps or a buried fact coming back (see page_cache)."""
    page = progress_page(learner, now)
    html = render_template(
        "progress/_figures.html",
        learner=learner,
        for_teacher=for_teacher,
        page=page,
        heatmap=charts.calendar_heatmap(page.heatmap),
        forecast=charts.forecast_chart(page.forecast),
        scores=charts.score_chart(page.scores),
        mastery=charts.mastery_bars(page.mastery),
        section_titles={section.section_id: section.title for section in page.mastery},
        threshold=int(MASTERY_STABILITY_DAYS),
        day_label=charts.day_label,
        exam_day_label=f"{page.exam.day:%A} {page.exam.day.day} {page.exam.day:%B %Y}" if page.exam else "",
    )
    # The exam table goes once the exam's day has begun.
    exam_at = page.exam.at if page.exam else None
    changes = [
        moment for moment in (page.queue.next_due_at, next_unburied_at(learner, now), exam_at) if moment
    ]
    return html, min(changes, default=None)
