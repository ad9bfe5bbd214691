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
from quizapp.library.forms import CardImportForm, DeckActionForm, DeckUploadForm, MarkForm, ReportForm
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
from quizapp.library.sharing import decks_shared_with, delete_deck, share_deck, shares_of, unshare_deck
from quizapp.library.uploads import UploadResult, copy_deck, decks_of, upload_deck
from quizapp.library.visibility import can_edit_deck, can_see_deck, visible_deck, visible_question
from quizapp.models import FLAG_NAMES, Fact, QuestionReport, QuizAttempt, Role
from quizapp.ratelimits import failed_per_address
from quizapp.routing import parse_database_id
from quizapp.sharing import ShareForm, share_from_form


@bp.route("/")
def index():
    deck = builtin_deck()
    sections = library_sections(deck) if deck else []
    teacher = current_user.is_authenticated and current_user.is_teacher
    return render_template(
        "library/index.html",
        deck=deck,
        sections=sections,
        own_decks=decks_of(current_user) if teacher else [],
        shared_decks=decks_shared_with(current_user) if teacher else [],
        exports=export_links(deck) if deck and teacher else [],
    )


@bp.route("/decks/<int:deck_id>")
def deck(deck_id: int):
    deck = visible_deck(current_user, deck_id)
    if deck is None:
        abort(404)
    return _deck_page(deck, ShareForm(formdata=None))


def _deck_page(deck, share_form: ShareForm, status: int = 200):
    """A deck's page: its sections and exports; for its owner the shares, for a teacher it is
    shared with the copy button."""
    editable = can_edit_deck(current_user, deck)
    return render_template(
        "library/index.html",
        deck=deck,
        sections=library_sections(deck),
        own_decks=[],
        shared_decks=[],
        exports=export_links(deck),
        editable=editable,
        fact_links=fact_edit_links(deck) if editable else [],
        shares=shares_of(deck) if editable else [],
        share_form=share_form,
        action_form=DeckActionForm(),
        may_copy=deck.owner_id is not None and current_user.is_teacher,
    ), status


def editable_deck(deck_id: int):
    """The deck if the signed-in teacher owns it (may share, unshare, delete it); 404 for those who
    may not see it, 403 for those who may (a teacher it is shared with, an admin)."""
    deck = visible_deck(current_user, deck_id)
    if deck is None or deck.owner_id is None:
        abort(404)
    if not can_edit_deck(current_user, deck):
        abort(403)
    return deck


@bp.route("/decks/<int:deck_id>/shares", methods=["POST"])
@failed_per_address("SHARE_LIMIT")  # each refused address costs: no listing accounts through this form
@role_required(Role.TEACHER)
def share(deck_id: int):
    deck = editable_deck(deck_id)
    form = ShareForm()
    gives = "they can use it and copy it."
    if share_from_form(form, current_user, lambda teacher: share_deck(deck, teacher, utcnow()), gives):
        db.session.commit()
        return redirect(url_for("library.deck", deck_id=deck.id, _anchor="sharing"))
    return _deck_page(deck, form, 400)


@bp.route("/decks/<int:deck_id>/shares/<int:share_id>/remove", methods=["POST"])
@role_required(Role.TEACHER)
def unshare(deck_id: int, share_id: int):
    deck = editable_deck(deck_id)
    if not DeckActionForm().validate_on_submit():
        abort(400)
    removed = unshare_deck(deck, share_id)
    if removed is None:
        abort(404)
    db.session.commit()
    flash(
        f"No longer shared with {removed.teacher.display_name}. Quizzes they already built keep their questions.",
        "success",
    )
    return redirect(url_for("library.deck", deck_id=deck.id, _anchor="sharing"))


@bp.route("/decks/<int:deck_id>/delete", methods=["POST"])
@role_required(Role.TEACHER)
def delete_deck_route(deck_id: int):
    deck = editable_deck(deck_id)
    if not DeckActionForm().validate_on_submit():
        abort(400)
    delete_deck(deck, utcnow())
    db.session.commit()
    flash(f"Deleted “{deck.title}”. Quizzes that hold its questions keep them, and their results.", "success")
    return redirect(url_for("library.index"))


@bp.route("/decks/<int:deck_id>/copy", methods=["POST"])
@reads_before_writing  # read first, then written in parts like an upload
@role_required(Role.TEACHER)
def copy(deck_id: int):
    """Copy to edit: the deck becomes the signed-in teacher's own, tied to the original no more."""
    deck = visible_deck(current_user, deck_id)
    if deck is None or deck.owner_id is None:
        abort(404)
    if not DeckActionForm().validate_on_submit():
        abort(400)
    result = copy_deck(deck, current_user, f"{deck.title} (copy)"[:200])
    if result.problems or result.deck is None:
        flash(" ".join(result.problems), "error")
        return redirect(url_for("library.deck", deck_id=deck_id))
    flash(f"Copied as “{result.deck.title}”: this one is yours to change.", "success")
    return redirect(url_for("library.deck", deck_id=result.deck.id))


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
        copy_links=copy_links(fact),
    )


def copy_links(fact: Fact) -> list[tuple[str, str]]:
    """(deck title, url) of each of the teacher's own decks a fact they do not own can be copied
    into, to change it there (the article's facts and shared ones are read-only where they are)."""
    if not (current_user.is_authenticated and current_user.is_teacher):
        return []
    return [
        (deck.title, url_for("editor.new_fact", deck_id=deck.id, copy=fact.id))
        for deck in decks_of(current_user)
        if deck.id != fact.deck_id
    ]


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


def _own_attempt_questions() -> tuple[str, ...]:
    """The questions of the signed-in learner's quiz attempt the form names (none if it names
    none, or someone else's)."""
    attempt_id = parse_database_id(request.form.get("attempt"))
    attempt = db.session.get(QuizAttempt, attempt_id) if attempt_id is not None else None
    return tuple(attempt.question_ids) if attempt is not None and attempt.user_id == current_user.id else ()


@bp.route("/questions/<path:question_id>/report", methods=["POST"])
@login_required
def report_question(question_id: str):
    """A learner flags a question they think is wrong; their teacher sees it in the quiz results."""
    question = visible_question(current_user, question_id, quiz_question_ids=_own_attempt_questions())
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
