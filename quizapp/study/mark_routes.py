"""Suspend, bury and flag a fact, and the list of facts set aside or flagged. Thin: parse, call
quizapp.library.marks, go back to the page the learner came from."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from quizapp.auth.access import is_safe_next
from quizapp.clock import utcnow
from quizapp.errors import render_error
from quizapp.extensions import db
from quizapp.library.forms import MarkForm
from quizapp.library.marks import LIST_FILTERS, MarkError, marked_facts, set_mark
from quizapp.library.visibility import visible_fact
from quizapp.models import FLAG_NAMES
from quizapp.study import bp

DONE_MESSAGES = {
    "suspend": "Suspended “{subject}”: it stays out of your study until you unsuspend it.",
    "unsuspend": "“{subject}” is back in your study.",
    "bury": "Buried “{subject}” for today: it comes back after your day rolls over at 4 a.m.",
    "unbury": "“{subject}” is back in today's study.",
    "flag": "Flagged “{subject}” {flag}.",
    "unflag": "Took the flag off “{subject}”.",
}


def parse_action(text: str) -> tuple[str, int | None]:
    """("flag", 2) from the button "flag-2"; any other action as it is, without a flag."""
    name, _, number = text.partition("-")
    if name == "flag" and number.isdecimal() and len(number) < 3:
        return name, int(number)
    return text[:40], None


@bp.route("/facts/<path:fact_id>/mark", methods=["POST"])
@login_required
def mark_fact(fact_id: str):
    form = MarkForm()
    if not form.validate_on_submit():
        return render_error(400)
    fact = visible_fact(current_user, fact_id)
    if fact is None:
        return render_error(404)
    action, flag = parse_action(form.mark.data or "")
    try:
        set_mark(current_user, fact, action, utcnow(), flag)
    except MarkError as problem:
        return render_error(400, str(problem))
    db.session.commit()
    flash(
        DONE_MESSAGES[action].format(subject=fact.subject, flag=FLAG_NAMES.get(flag or 0, "").lower()), "info"
    )
    back = form.next.data if is_safe_next(form.next.data) else url_for("study.marked")
    return redirect(back)


@bp.route("/marked")
@login_required
def marked():
    """Suspended, buried and flagged facts, to find again or take back; filtered by kind and flag."""
    show = request.args.get("show", "all")
    show = show if show in LIST_FILTERS else "all"
    flag = request.args.get("flag", type=int)
    flag = flag if flag in FLAG_NAMES else None
    if flag is not None:
        show = "flagged"
    return render_template(
        "study/marked.html",
        facts=marked_facts(current_user, utcnow(), show, flag),
        show=show,
        flag=flag,
        filters=LIST_FILTERS,
        flag_names=FLAG_NAMES,
        mark_form=MarkForm(),
        here=request.full_path.rstrip("?"),
    )
