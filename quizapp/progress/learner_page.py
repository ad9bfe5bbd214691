"""One learner's progress page, rendered for the learner (routes) or for their teacher (class_routes)."""

from __future__ import annotations

from flask import render_template

from quizapp.clock import utcnow
from quizapp.progress import charts
from quizapp.progress.queries import progress_page
from quizapp.stats import MASTERY_STABILITY_DAYS


def render_progress(learner, classroom=None):
    """A learner's progress page: their own, or one a teacher opens from a class (`classroom`)."""
    now = utcnow()
    page = progress_page(learner, now)
    return render_template(
        "progress/index.html",
        learner=learner,
        classroom=classroom,
        page=page,
        heatmap=charts.calendar_heatmap(page.heatmap),
        forecast=charts.forecast_chart(page.forecast),
        scores=charts.score_chart(page.scores),
        mastery=charts.mastery_bars(page.mastery),
        section_titles={section.section_id: section.title for section in page.mastery},
        threshold=int(MASTERY_STABILITY_DAYS),
        day_label=charts.day_label,
    )
