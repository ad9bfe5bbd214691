"""The editor's pages: a new empty deck, a fact written or changed with its questions previewed,
a fact removed. Only the deck's owner changes it; anyone else who can see it reads it."""

from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from quizapp.auth.access import role_required
from quizapp.content import KINDS
from quizapp.content.drafts import DraftCheck, draft_fields
from quizapp.database import reads_before_writing
from quizapp.editor import bp
from quizapp.editor.forms import (
    EDITOR_KINDS,
    NUMBER_KINDS,
    TEXT_KINDS,
    DeckForm,
    FactForm,
    RemoveFactForm,
    fact_form,
)
from quizapp.errors import render_error
from quizapp.extensions import db
from quizapp.library.deck_edits import (
    StoredDeck,
    check_fact,
    copied_fields,
    create_deck,
    remove_fact,
    save_fact,
    stored_deck,
)
from quizapp.library.sync import SyncSummary
from quizapp.library.visibility import can_edit_deck, visible_deck, visible_fact
from quizapp.models import Role
from quizapp.progress.charts import plural

READ_ONLY = (
    "This deck is read-only for you: only its owner changes its facts. The article's own facts are "
    "the repository's fact base, changed in its files."
)


def _editable(deck_id: int, *, for_update: bool = False) -> StoredDeck | Response:
    """The deck to edit, or the refusal: 404 when `current_user` may not see it, 403 when they may
    see but not change it."""
    deck = visible_deck(current_user, deck_id)
    if deck is None:
        abort(404)
    if not can_edit_deck(current_user, deck):
        return render_error(403, READ_ONLY)
    return stored_deck(deck, for_update=for_update)


@bp.route("/new", methods=["GET", "POST"])
@role_required(Role.TEACHER)
def new_deck():
    form = DeckForm()
    if form.validate_on_submit():
        deck = create_deck(current_user, form.title.data)
        db.session.commit()
        flash(f"Created “{deck.title}”. Add its first fact.", "success")
        return redirect(url_for("editor.new_fact", deck_id=deck.id))
    return render_template("editor/new_deck.html", form=form), 400 if form.errors else 200


@bp.route("/<int:deck_id>/facts/new", methods=["GET", "POST"])
@login_required
def new_fact(deck_id: int):
    return _edit(deck_id, None)


@bp.route("/<int:deck_id>/facts/<fact_id>/edit", methods=["GET", "POST"])
@login_required
def edit_fact(deck_id: int, fact_id: str):
    return _edit(deck_id, fact_id)


def _edit(deck_id: int, fact_id: str | None):
    stored = _editable(deck_id, for_update=request.method == "POST")
    if not isinstance(stored, StoredDeck):
        return stored
    key = _fact_key(stored, fact_id)
    existing = stored.bank.get_fact(key) if key is not None else None
    if existing is not None and existing.kind not in EDITOR_KINDS:
        return render_template("editor/file_only.html", deck=stored.deck, fact=existing, fact_id=fact_id)
    form = fact_form(stored.bank.sections)
    check: DraftCheck | None = None
    copy_note = False
    if form.is_submitted():
        if not form.validate():  # the CSRF token alone: every field is the validator's
            abort(400)
        check = check_fact(stored, form.fields(), key)
        if form.save.data and check.ok:
            summary = save_fact(stored, check)
            db.session.commit()
            flash(_saved_message(check, summary), "success")
            return redirect(url_for("library.deck", deck_id=deck_id))
    elif existing is not None:
        form.process(data={"section": existing.section_id, **draft_fields(existing)})
        check = check_fact(stored, form.fields(), key)  # the stored fact's questions, as it stands
    elif request.args.get("copy"):
        copied = _copy_of(request.args["copy"])
        copy_note = True
        form.process(
            data={**copied, "section": form.section.choices[0].value if form.section.choices else ""}
        )
        check = check_fact(stored, form.fields(), None)
    return _page(stored, form, fact_id, check, copy_note)


def _copy_of(fact_id: str) -> dict[str, str]:
    """A visible fact's fields to start a new fact from ("copy to my deck"): nothing is saved until
    the teacher saves it here, checked like any other; 404 for a fact they may not see."""
    row = visible_fact(current_user, fact_id)
    fields = copied_fields(row) if row is not None else None
    if fields is None:
        abort(404)
    return fields


def _page(
    stored: StoredDeck, form: FactForm, fact_id: str | None, check: DraftCheck | None, copy_note: bool = False
):
    refused = check is not None and not check.ok and bool(form.save.data)
    problems = dict(check.field_problems) if check else {}
    other = list(check.other_problems) if check else []
    if len(form.section.choices) < 2:  # a deck of one section shows no section field
        other += problems.pop("section", [])
    for name, messages in problems.items():
        form[name].errors = list(messages)
    return render_template(
        "editor/fact.html",
        deck=stored.deck,
        form=form,
        fact_id=fact_id,
        problems=problems,
        other_problems=other,
        copy_note=copy_note,
        preview=_preview(check),
        refused=refused,
        number_kinds=NUMBER_KINDS,
        text_kinds=TEXT_KINDS,
    ), (400 if refused else 200)


@bp.route("/<int:deck_id>/preview", methods=["POST"])
@reads_before_writing  # it only reads: the preview never saves
@login_required
def preview(deck_id: int):
    """The questions the posted draft would make, and its problems by field, for the editor's
    script (the page's Preview button does the same without it)."""
    stored = _editable(deck_id)
    if not isinstance(stored, StoredDeck):
        return stored
    form = fact_form(stored.bank.sections)
    if not form.validate():
        abort(400)
    check = check_fact(stored, form.fields(), _fact_key(stored, request.form.get("fact_id") or None))
    return jsonify(
        preview=render_template("editor/_preview.html", preview=_preview(check)),
        fields=check.field_problems,
        other=check.other_problems,
    )


def _fact_key(stored: StoredDeck, fact_id: str | None) -> str | None:
    """The id a stored fact (`fact_id`, as in every URL) has in its deck's bank; None for a new
    fact; 404 when it is no live fact of this deck."""
    if fact_id is None:
        return None
    key = fact_id.removeprefix(stored.prefix)
    if key == fact_id or stored.bank.get_fact(key) is None:
        abort(404)
    return key


@bp.route("/<int:deck_id>/facts/<fact_id>/remove", methods=["GET", "POST"])
@login_required
def remove(deck_id: int, fact_id: str):
    """Removing asks first (a page of its own, no script needed); the fact is then retired as a
    re-upload without it would retire it: learners' answers to it stay readable."""
    stored = _editable(deck_id, for_update=request.method == "POST")
    if not isinstance(stored, StoredDeck):
        return stored
    key = _fact_key(stored, fact_id)
    fact = stored.bank.fact(key or "")
    form = RemoveFactForm()
    if form.validate_on_submit():
        if stored.problems:
            return render_error(409, " ".join(stored.problems))
        remove_fact(stored, fact.id)
        db.session.commit()
        flash(f"Removed “{fact.statement}”. Answers already given to it stay in the results.", "success")
        return redirect(url_for("library.deck", deck_id=deck_id))
    return render_template("editor/remove.html", deck=stored.deck, fact=fact, fact_id=fact_id, form=form)


def _preview(check: DraftCheck | None) -> dict | None:
    """What the preview shows of a check: each question with its key, or why there is none."""
    if check is None:
        return None
    questions = [
        {
            "label": KINDS[q.kind].label if q.kind in KINDS else q.kind,
            "prompt": q.prompt,
            "left": list(q.items),
            "choices": [(choice, choice in KINDS[q.kind].right_choices(q)) for choice in q.choices],
            "answer": q.answer_text,
            "accepted": list(q.accepted),
            "explanation": q.explanation,
        }
        for q in check.questions
    ]
    return {
        "ok": check.ok,
        "count": plural(len(questions), "question"),
        "questions": questions,
        "other": check.other_problems,
    }


def _saved_message(check: DraftCheck, summary: SyncSummary) -> str:
    fact = check.fact
    subject = fact.subject if fact else ""
    counts = summary.questions
    line = f"Saved the fact about “{subject}”: {plural(len(check.questions), 'question')}"
    changes = f" ({counts.added} new, {counts.updated} changed, {counts.retired} retired)."
    if summary.answers_changed:
        return line + changes + " Its answer changed, so learners will relearn it."
    return line + changes + " Learners keep their progress on it."
