"""The progress pages. Thin: load through `queries`, shape the charts, render."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flask import abort, render_template
from flask_login import current_user, login_required

from quizapp.clock import utcnow
from quizapp.library.queries import KIND_LABELS
from quizapp.library.visibility import can_see_deck
from quizapp.progress import bp, charts
from quizapp.progress.learner_page import render_progress, serve_kept_progress_page
from quizapp.progress.queries import fact_progress_page, fact_with_deck
from quizapp.stats import MASTERY_STABILITY_DAYS
from quizapp.study.feedback import result_class, result_label


@bp.route("/")
@serve_kept_progress_page
@login_required
def index():
    return render_progress(current_user)


@bp.route("/facts/<fact_id>")
@login_required
def fact(fact_id: str):
    found = fact_with_deck(fact_id)
    if found is None or not can_see_deck(current_user, found.section.deck):
        abort(404)
    now = utcnow()
    return render_template(
        "progress/fact.html",
        page=fact_progress_page(current_user, found, now),
        zone=ZoneInfo(current_user.time_zone),
        now=now,
        kind_labels=KIND_LABELS,
        result_label=result_label,
        result_class=result_class,
        day_label=charts.day_label,
        threshold=int(MASTERY_STABILITY_DAYS),
    )
