"""Library pages: sections, a section's facts, one fact with its questions."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.utils import secure_filename

from quizapp.auth.access import is_safe_next, role_required
from quizapp.clock import utcnow
from quizapp.database import reads_before_writing
from quizapp.extensions import db
from quizapp.library import bp
from quizapp.library.exports import FORMATS, anki_deck_of, stored_deck, write_export
from quizapp.library.forms import CardImportForm, DeckUploadForm, MarkForm, ReportForm
from quizapp.library.imports import import_cards
from quizapp.library.marks import MarkView, mark_of, mark_view, marks_for
from quizapp.library.queries import (
    KIND_LABELS,
    builtin_deck,
    deck_facts,
    fact_with_questions,
    library_sections,
    live_questions,
    prerequisites_for,
    section_with_facts,
)
from quizapp.library.search import SearchRefused, SearchResults, search_bank
from quizapp.library.uploads import UploadResult, decks_of, upload_deck
from quizapp.library.visibility import can_edit_deck, can_see_deck, visible_deck, visible_question
from quizapp.models import FLAG_NAMES, Fact, QuestionReport, Role


@bp.route("/")
def index():
    deck = builtin_deck()
    sections = library_sections(deck) if deck else []
    own_decks = decks_of(current_user) if current_user.is_authenticated and current_user.is_teacher else []
    exports = export_links(deck) if deck and current_user.is_authenticated and current_user.is_teacher else []
    return render_template(
        "library/index.html", deck=deck, sections=sections, own_decks=own_decks, exports=exports
    )


@bp.route("/decks/<int:deck_id>")
def deck(deck_id: int):
    deck = visible_deck(current_user, deck_id)
    if deck is None:
        abort(404)
    return render_template(
        "library/index.html",
        deck=deck,
        sections=library_sections(deck),
        own_decks=[],
        exports=export_links(deck),
        editable=can_edit_deck(current_user, deck),
        fact_links=fact_edit_links(deck) if can_edit_deck(current_user, deck) else [],
    )


def fact_edit_links(deck) -> list[tuple[Fact, str]]:
    """(fact, its editor's url) for each live fact of the deck's page."""
    return [
        (fact, url_for("editor.edit_fact", deck_id=deck.id, fact_id=fact.id)) for fact in deck_facts(deck)
    ]


def export_links(deck) -> list[tuple[str, str]]:
    """(label, url) of each download of `deck`, for the deck's page."""
    return [
        (kind.label, url_for("library.export_deck", deck_id=deck.id, export_format=name))
        for name, kind in FORMATS.items()
    ]


@bp.route("/decks/<int:deck_id>/export/<export_format>")
def export_deck(deck_id: int, export_format: str):
    """The deck in one of the export formats: the article's for anyone, a teacher's for its owner."""
    deck = visible_deck(current_user, deck_id)
    if deck is None or export_format not in FORMATS:
        abort(404)
    loaded, changed = stored_deck(deck)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export"
        write_export(export_format, loaded, path, changed, utcnow(), anki_deck=anki_deck_of(deck))
        data = path.read_bytes()
    kind = FORMATS[export_format]
    filename = f"{secure_filename(deck.title) or deck.slug}.{kind.extension}"
    return Response(
        data, mimetype=kind.mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )


@bp.route("/upload", methods=["GET", "POST"])
@reads_before_writing  # a large upload is parsed without the write lock, then written in parts
@role_required(Role.TEACHER)
def upload():
    form = DeckUploadForm()
    return _new_deck(
        form, lambda: upload_deck(current_user, form.title.data, form.facts_file.data), "Uploaded"
    )


@bp.route("/import", methods=["GET", "POST"])
@reads_before_writing  # read and checked without the write lock, then written in parts
@role_required(Role.TEACHER)
def import_deck():
    form = CardImportForm()
    return _new_deck(
        form, lambda: import_cards(current_user, form.title.data, form.cards_file.data), "Imported"
    )


def _new_deck(form, make: Callable[[], UploadResult], done: str):
    """A deck from a file (upload or import): stored and shown when sound, else every problem and
    nothing saved."""
    problems: list[str] = []
    if form.validate_on_submit():
        result = make()
        deck, summary = result.deck, result.summary
        if result.problems or deck is None or summary is None:
            db.session.rollback()
            problems = result.problems
        else:
            flash(
                f"{done} “{deck.title}”: {summary.facts.added} facts, {summary.questions.added} questions.",
                "success",
            )
            return redirect(url_for("library.deck", deck_id=deck.id))
    status = 400 if (form.errors or problems) else 200
    template = "library/import.html" if isinstance(form, CardImportForm) else "library/upload.html"
    return render_template(template, form=form, problems=problems), status


@bp.route("/sections/<section_id>")
def section(section_id: str):
    found = section_with_facts(section_id)
    if found is None:
        abort(404)
    section, facts = found
    if not can_see_deck(current_user, section.deck):
        abort(404)
    return render_template("library/section.html", section=section, facts=facts)


@bp.route("/facts/<fact_id>")
def fact(fact_id: str):
    fact = fact_with_questions(fact_id)
    if fact is None or not can_see_deck(current_user, fact.section.deck):
        abort(404)
    # The learner's own schedule settings (imported here: the answering package reaches this
    # package's visibility rules, so a module-level import could close a cycle).
    from quizapp import srs
    from quizapp.answering.cards import scheduler_settings

    signed_in = current_user.is_authenticated
    now = utcnow()
    settings = scheduler_settings(current_user) if signed_in else srs.DEFAULT_SETTINGS
    prerequisites = prerequisites_for(fact, current_user, now, settings)
    return render_template(
        "library/fact.html",
        prerequisites=prerequisites,
        at_risk=any(prerequisite.forgotten for prerequisite in prerequisites),
        fact=fact,
        questions=live_questions(fact),
        kind_labels=KIND_LABELS,
        marks=mark_view(mark_of(current_user, fact.id), utcnow()) if signed_in else None,
        mark_form=MarkForm() if signed_in else None,
        flag_names=FLAG_NAMES,
    )


@bp.route("/search")
def search():
    """Facts and questions of the decks the visitor may see, by words; each result links to the fact's
    notes and, for the article's sections, to studying that section."""
    text = request.args.get("q", "")
    problem = ""
    try:
        results = search_bank(current_user, text)
    except SearchRefused as refused:
        results, problem = SearchResults([], [], False), str(refused)
    signed_in = current_user.is_authenticated
    marks = marks_for(current_user, [hit.fact.id for hit in results.hits], utcnow()) if signed_in else {}
    return render_template(
        "library/search.html",
        text=text[:200],
        results=results,
        problem=problem,
        marks=marks,
        no_marks=MarkView(False, False, None),
        mark_form=MarkForm() if signed_in else None,
        flag_names=FLAG_NAMES,
        back=request.full_path,
    ), (400 if problem else 200)


@bp.route("/questions/<path:question_id>/report", methods=["POST"])
@login_required
def report_question(question_id: str):
    """A learner flags a question they think is wrong; their teacher sees it in the quiz results."""
    question = visible_question(current_user, question_id)
    if question is None:
        abort(404)
    form = ReportForm()
    back = (
        form.next.data if is_safe_next(form.next.data) else url_for("library.fact", fact_id=question.fact_id)
    )
    if form.validate_on_submit():
        db.session.add(
            QuestionReport(
                question_id=question.id, user_id=current_user.id, message=form.message.data.strip()
            )
        )
        db.session.commit()
        flash("Thank you: the report is saved, and your teacher can see it.", "success")
    else:
        flash(" ".join(form.message.errors) or "The report could not be sent; try again.", "error")
    return redirect(back)
