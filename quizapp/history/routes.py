"""Your answers, their downloads, and "Optimize my schedule". Thin: call the service, render."""

from __future__ import annotations

import tempfile
from pathlib import Path

from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    stream_with_context,
    url_for,
)
from flask_login import current_user, login_required

from quizapp import content, srs
from quizapp.answering.cards import scheduler_settings
from quizapp.clock import utcnow
from quizapp.content.imports import ImportRefused, read_anki_answers
from quizapp.extensions import db
from quizapp.history import bp
from quizapp.history.anki_import import NothingToImport, import_anki_answers
from quizapp.history.exports import AnkiLearner, deck_apkg, review_log_csv
from quizapp.history.fit_view import fit_summary, recent_fit_summaries
from quizapp.history.forms import AnkiHistoryForm, OptimizeForm, ResetParametersForm
from quizapp.history.personalise import personalise_learner
from quizapp.history.service import (
    deck_facts,
    deck_reviews,
    history_page,
    review_log_rows,
    use_default_parameters,
)
from quizapp.spreadsheet import csv_download
from quizapp.srs.day import learner_zone, study_day
from quizapp.srs.optimize import MIN_REVIEWS_FOR_FIT
from quizapp.srs.personalise import REFIT_AFTER_NEW_REVIEWS
from quizapp.study.feedback import result_class, result_label
from quizapp.study.practice import practice_rows, recent_tests


def kind_label(kind: str) -> str:
    known = content.KINDS.get(kind)
    return known.label if known else kind.replace("_", " ").capitalize()


@bp.route("/")
@login_required
def index():
    return _index_page()


def _index_page(
    anki_form: AnkiHistoryForm | None = None, problems: list[str] | None = None, status: int = 200
):
    page = history_page(current_user)
    zone = learner_zone(current_user.time_zone)
    return render_template(
        "history/index.html",
        page=page,
        zone=zone,
        result_label=result_label,
        result_class=result_class,
        kind_label=kind_label,
        min_reviews=MIN_REVIEWS_FOR_FIT,
        retention_percent=f"{current_user.desired_retention:.0%}",
        optimize_form=OptimizeForm(),
        reset_form=ResetParametersForm(),
        anki_form=anki_form or AnkiHistoryForm(),
        anki_problems=problems or [],
        fits=recent_fit_summaries(current_user.id, desired_retention=current_user.desired_retention),
        refit_after=REFIT_AFTER_NEW_REVIEWS,
        practice_tests=practice_rows(recent_tests(current_user), current_user.time_zone),
    ), status


@bp.route("/anki", methods=["POST"])
@login_required
def import_anki():
    """The learner's Anki answers for facts that came from quizapp, replayed into their schedule."""
    form = AnkiHistoryForm()
    if not form.validate_on_submit():
        # The file's own errors show at its field; a missing token has no field to show at.
        return _index_page(form, list(form.errors.get("csrf_token", [])), 400)
    upload = form.anki_file.data
    filename = Path(upload.filename or "anki.apkg").name
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    try:
        note_guids, answers = read_anki_answers(upload.stream.read(limit + 1), filename)
        done = import_anki_answers(current_user, note_guids, answers, utcnow())
    except ImportRefused as refused:
        db.session.rollback()
        return _index_page(form, refused.problems, 400)
    except NothingToImport as nothing:
        db.session.rollback()
        return _index_page(form, [f"{filename}: {nothing}"], 400)
    db.session.commit()
    flash(" ".join(done.sentences()), "success")
    return redirect(url_for("history.index"))


def _dated_filename(stem: str, extension: str) -> str:
    return f"{stem}-{study_day(utcnow(), current_user.time_zone).isoformat()}.{extension}"


@bp.route("/reviews.csv")
@login_required
def reviews_csv():
    lines = review_log_csv(review_log_rows(current_user.id))
    filename = _dated_filename("quizapp-reviews", "csv")
    return csv_download(stream_with_context(lines), filename)


@bp.route("/deck.apkg")
@login_required
def deck():
    facts = deck_facts(current_user)
    learner = AnkiLearner(
        current_user.time_zone,
        current_user.desired_retention,
        srs.effective_parameters(scheduler_settings(current_user)),
    )
    with tempfile.TemporaryDirectory() as folder:
        written = deck_apkg(
            facts, deck_reviews(current_user.id), learner, Path(folder) / "deck.apkg", utcnow()
        )
        package = written.path.read_bytes()
    filename = _dated_filename("quizapp-deck", "apkg")
    return Response(
        package,
        mimetype="application/octet-stream",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.route("/optimize", methods=["POST"])
@login_required
def optimize():
    """The learner asks for a fit now: the same fit, held-out check and record as the automatic one."""
    if not OptimizeForm().validate_on_submit():
        abort(400)
    back = redirect(url_for("history.index"))
    attempt = personalise_learner(current_user.id, utcnow(), "button", keep_unfitted=False)
    if attempt is None:
        flash("Your schedule is being personalised right now. Look again in a minute.", "info")
    elif attempt.old_log_loss is None:
        flash(f"{fit_summary(attempt).detail} Your schedule is unchanged.", "info")
    else:
        flash(fit_summary(attempt).sentence, "success" if attempt.applied else "info")
    return back


@bp.route("/parameters/default", methods=["POST"])
@login_required
def default_parameters():
    if not ResetParametersForm().validate_on_submit():
        abort(400)
    had = use_default_parameters(current_user)
    db.session.commit()
    flash(
        "Your schedule uses the default parameters again."
        if had
        else "You already use the default parameters.",
        "success" if had else "info",
    )
    return redirect(url_for("history.index"))
