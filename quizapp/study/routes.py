"""The study page, answering, feedback and undo. Thin: parse, call the service, render."""

from __future__ import annotations

from datetime import datetime

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from quizapp import content, srs
from quizapp.answering.cards import scheduler_settings
from quizapp.answering.rating import CRAM, STUDY
from quizapp.answering.record import (
    StoredAnswer,
    answered_since_shown,
    can_rerate,
    existing_review,
    rerate_answer,
    undo_last_answer,
)
from quizapp.answering.service import (
    RATING_LABELS,
    Submission,
    is_submission_key,
    seconds_taken,
    shown_time,
    take_answer,
)
from quizapp.answering.views import question_view, read_response
from quizapp.clock import utcnow
from quizapp.database import reads_before_writing
from quizapp.extensions import db
from quizapp.learner_pages import may_keep
from quizapp.library.forms import MarkForm
from quizapp.library.marks import MarkView
from quizapp.library.visibility import question_to_answer, visible_section_ids
from quizapp.models import FLAG_NAMES, Question, ReviewLog
from quizapp.study import bp, feedback
from quizapp.study.forms import RerateForm, StudyAnswerForm, UndoForm
from quizapp.study.kept_page import (
    SHOWN_AT_HOLE,
    SUBMISSION_KEY_HOLE,
    fill_holes,
    keep_study_page,
    kept_study_page,
    serve_kept_study_page,
)
from quizapp.study.service import (
    STUDY_MORE_MODES,
    has_study_answers,
    next_item,
    sections_for_picker,
    today_summary,
)
from quizapp.study.timing import refresh_after, shown_from, when_next_review

UNDONE_FACT_KEY = "study_undone_fact"
"""Session key: the fact whose answer was just undone, shown next by the study page."""
OTHER_TAB_KEY = "study_other_tab_answer"
"""Session key: an answer (log id) given in a stale tab after another tab had answered the same fact;
the next page says so and offers to undo it."""


def chosen_sections(raw: list[str] | str | None) -> list[str]:
    """Section ids from the query or a hidden field, keeping only ones that exist and the user may see."""
    if isinstance(raw, str):
        raw = [part for part in raw.split(",") if part]
    wanted = [part for part in (raw or []) if len(part) <= 80]
    if not wanted:
        return []
    known = visible_section_ids(current_user, wanted)
    return [section_id for section_id in wanted if section_id in known]


def chosen_mode(raw: str | None) -> str:
    """The study mode asked for: "" (today's queue) or one of STUDY_MORE_MODES; anything else is ""."""
    return raw if raw in STUDY_MORE_MODES else ""


def study_url(sections: list[str], mode: str = "") -> str:
    return url_for("study.study", section=sections or None, mode=mode or None)


@bp.route("/")
@serve_kept_study_page(one_off_keys=(UNDONE_FACT_KEY, OTHER_TAB_KEY))
@login_required
def study():
    sections = chosen_sections(request.args.getlist("section"))
    mode = chosen_mode(request.args.get("mode"))
    if mode == "cram" and not sections:
        flash("Choose the sections to cram.", "info")
        return redirect(url_for("study.study"))
    now = utcnow()
    plain_page = may_keep(UNDONE_FACT_KEY, OTHER_TAB_KEY)
    if plain_page and (kept := kept_study_page(current_user, sections, mode, now)) is not None:
        return kept
    item = next_item(current_user, sections, now, session.pop(UNDONE_FACT_KEY, None), mode)
    context = {
        "queue": item.queue,
        "question": item.question,
        "all_sections": sections_for_picker(),
        "chosen_sections": sections,
        "sections_value": ",".join(sections),
        "scope_label": f"{len(sections)} section{'s' if len(sections) != 1 else ''}" if sections else "",
        "undo_form": UndoForm(),
        "can_undo": has_study_answers(current_user, CRAM if mode == "cram" else STUDY),
        "next_due_label": _local_time(item.queue.next_due_at) if item.queue.next_due_at else None,
        "next_review_label": when_next_review(item.queue, now, current_user.time_zone),
        "refresh_after": refresh_after(item.queue, now, current_user.time_zone)
        if item.question is None and not mode
        else None,
        "shown_from_label": _local_time(shown_from(item.queue)) if item.queue.next_due_at else None,
        "mode": mode,
        "more_left": item.more_left,
        "ahead_left": item.ahead_left,
        "today_url": study_url(sections),
        "other_tab_answer": _other_tab_answer(),
    }
    if item.question is None:
        context["today"] = today_summary(current_user, now)
    else:
        question = content.Question.from_dict(item.question.data)
        context.update(
            question=question,
            fact_id=item.question.fact_id,
            marks=MarkView(False, False, item.flag),
            mark_form=MarkForm(),
            flag_names=FLAG_NAMES,
            back_url=study_url(sections, mode),
            kind_label=content.KINDS[question.kind].label,
            answer_url=url_for("study.answer"),
            view=_view_model(question, item.state, now, mode, item.exam_at),
            form=StudyAnswerForm(
                question_id=question.id,
                submission_key=SUBMISSION_KEY_HOLE,
                shown_at=SHOWN_AT_HOLE,
                sections=",".join(sections),
                mode=mode,
            ),
        )
    html = render_template("study/study.html", **context)
    if plain_page and item.question is not None:
        keep_study_page(current_user, sections, mode, now, html, item.queue.next_due_at)
    return fill_holes(html, now)


def _other_tab_answer(log_id: int | None = None) -> bool:
    """True (once) when the answer just given repeated another tab's, and it is still the learner's
    last study answer, so "Undo" takes back that one. `log_id`: only for this answer (its result page)."""
    stale = session.get(OTHER_TAB_KEY)
    if stale is None or (log_id is not None and stale != log_id):
        return False
    session.pop(OTHER_TAB_KEY)
    last = db.session.scalar(
        select(ReviewLog.id)
        .where(ReviewLog.user_id == current_user.id, ReviewLog.source == "study")
        .order_by(ReviewLog.reviewed_at.desc(), ReviewLog.id.desc())
        .limit(1)
    )
    return last == stale


def _view_model(question, state, now, mode: str = "", exam_at: datetime | None = None) -> dict:
    model = question_view(question)
    if not content.KINDS[question.kind].auto_graded:
        # Self-rated: each rating button says when the fact would come back (a cram moves nothing).
        intervals = srs.intervals_before_exam(
            state or srs.MemoryState.new(now), now, exam_at, scheduler_settings(current_user)
        )
        model["ratings"] = [
            {
                "value": r,
                "label": RATING_LABELS[r],
                "interval": "" if mode == "cram" else srs.format_interval(intervals[r]),
            }
            for r in (1, 2, 3, 4)
        ]
    return model


def _local_time(moment: datetime) -> str:
    from zoneinfo import ZoneInfo

    return moment.astimezone(ZoneInfo(current_user.time_zone)).strftime("%H:%M")


@bp.route("/answer", methods=["POST"])
@reads_before_writing  # read and graded first; take_answer takes the write lock for the store alone
@login_required
def answer():
    form = StudyAnswerForm()
    if not form.validate_on_submit():
        abort(400)
    key = form.submission_key.data or ""
    if not is_submission_key(key):
        abort(400)
    sections = chosen_sections(form.sections.data)
    mode = chosen_mode(form.mode.data)
    already = existing_review(current_user, key)
    if already is not None:
        return _after_answer(already, sections, mode)
    row = question_to_answer(current_user, form.question_id.data or "")
    if row is None:
        abort(404)
    if row.retired_at is not None:
        flash("That question was just updated; here is the next one.", "info")
        return redirect(study_url(sections, mode))
    question = content.Question.from_dict(row.data)
    now = utcnow()
    try:
        response = read_response(question, request.form)
    except content.BadAnswer as problem:
        flash(str(problem), "error")
        return redirect(study_url(sections, mode))
    source = CRAM if mode == "cram" else STUDY
    answered = take_answer(
        Submission(
            current_user, row, question, response, source, key, now, seconds_taken(form.shown_at.data, now)
        )
    )
    if answered_since_shown(answered.log, shown_time(form.shown_at.data)):
        session[OTHER_TAB_KEY] = answered.log.id
    db.session.commit()
    return _after_answer(answered.log, sections, mode)


def _after_answer(log: StoredAnswer, sections: list[str], mode: str = ""):
    if not content.KINDS[log.kind].auto_graded:
        return redirect(study_url(sections, mode))
    return redirect(url_for("study.result", log_id=log.id, section=sections, mode=mode or None))


def _own_log(log_id: int) -> ReviewLog:
    log = db.session.get(ReviewLog, log_id)
    if log is None or log.user_id != current_user.id:
        abort(404)
    return log


@bp.route("/answers/<int:log_id>")
@login_required
def result(log_id: int):
    log = _own_log(log_id)
    row = db.session.get(Question, log.question_id)
    question = content.Question.from_dict(row.data)
    sections = chosen_sections(request.args.getlist("section"))
    mode = chosen_mode(request.args.get("mode"))
    next_interval = None
    if log.state_after:
        after = srs.MemoryState.from_dict(log.state_after)
        next_interval = srs.format_interval(after.due - log.reviewed_at)
    app_rating = log.auto_rating if log.rerated else log.rating
    said = feedback.verdict(log.kind, log.correct, log.score, log.rating, log.auto_rating)
    return render_template(
        "study/result.html",
        log=log,
        question=question,
        fact=row.fact,
        kind_label=content.KINDS[question.kind].label,
        answer_text=question.answer_text,
        next_interval=next_interval,
        continue_url=study_url(sections, mode),
        sections_value=",".join(sections),
        mode=mode,
        crammed=log.source == CRAM,
        undo_form=UndoForm(),
        heading="Not quite" if said == "Wrong" else said,
        tone={"Right": "right", "Partly right": "partly"}.get(said, "wrong"),
        rating_sentence=feedback.rating_sentence(log.kind, log.correct, log.score, app_rating),
        slow_detail=feedback.slow_detail(
            log.kind, log.correct, log.seconds_taken, log.score, app_rating, current_user.slow_answer_percent
        ),
        marks=feedback.item_marks(question, log.response) if not log.correct else [],
        rating_label=RATING_LABELS[log.rating],
        app_rating_label=RATING_LABELS[app_rating],
        can_rerate=can_rerate(log),
        rating_choices=feedback.rating_choices(log.rating),
        rerate_form=RerateForm(sections=",".join(sections)),
        other_tab_answer=_other_tab_answer(log.id),
    )


@bp.route("/answers/<int:log_id>/rating", methods=["POST"])
@login_required
def rerate(log_id: int):
    """The learner overrides the app's rating of an answer ("I was right", or a rating they pick)."""
    form = RerateForm()
    if not form.validate_on_submit():
        abort(400)
    log = _own_log(log_id)
    sections = chosen_sections(form.sections.data)
    if not can_rerate(log):
        flash("Only answers the app graded on the study page or a practice test can be re-rated.", "error")
        return redirect(url_for("study.result", log_id=log.id, section=sections))
    rating = form.rating.data
    rerate_answer(current_user, log, rating, utcnow())
    db.session.commit()
    if log.rerated:
        message = f"Re-rated {RATING_LABELS[rating]}: your schedule for this fact now follows your rating."
    else:
        message = f"Back to the app's rating, {RATING_LABELS[rating]}."
    flash(message, "info")
    return redirect(url_for("study.result", log_id=log.id, section=sections))


@bp.route("/undo", methods=["POST"])
@login_required
def undo():
    form = UndoForm()
    if not form.validate_on_submit():
        abort(400)
    sections = chosen_sections(request.form.get("sections"))
    mode = chosen_mode(request.form.get("mode"))
    undone = undo_last_answer(current_user, CRAM if mode == "cram" else STUDY)
    db.session.commit()
    if undone is not None:
        session[UNDONE_FACT_KEY] = undone.fact_id
    flash("Your last answer was undone." if undone else "There is no answer to undo.", "info")
    return redirect(study_url(sections, mode))
