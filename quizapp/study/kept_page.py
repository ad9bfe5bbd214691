"""The study page, kept per learner between requests while the question it shows cannot change.

A learner reloads, goes Back, opens the page in a second tab: each time the page would read all
their cards, count today's answers and render the question again, to show the same question.
The page depends on the learner's writes, row and classes and on the bank (quizapp/learner_pages.py
keys the entry on them), on the sections and mode asked for, and on the clock only through the
study day and the moment a fact in learning steps comes due; an entry is used until then, and
never longer than KEPT_FOR, so a rating button's interval ("3 days") is never more than that old.

Three things differ on every showing and are left as holes, filled per request: the submission
key (each showing gets its own, so two showings are two answers), the time shown (how long the
answer took, and whether another tab answered meanwhile) and the CSRF token (the session's,
learner_pages.kept_page).
Pages that carry a one-off message (a flash, an undo just made, another tab's answer) are never
kept, nor is "All done" (it counts down to the next review).
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from quizapp import srs
from quizapp.learner_pages import keep_page, kept_page, serve_kept_page
from quizapp.models import User

KEPT_FOR = timedelta(seconds=60)
# About 10 kB each: the learners studying at once on one worker.
MAX_ENTRIES = 1000
SUBMISSION_KEY_HOLE = "qz-hole-submission-key"
SHOWN_AT_HOLE = "qz-hole-shown-at"


def _slot(learner_id: int, sections: list[str] | tuple[str, ...] = (), mode: str = "") -> tuple:
    return learner_id, tuple(sections), mode


def serve_kept_study_page(one_off_keys: tuple[str, ...]):
    """The day's study page (no sections or mode chosen), kept, served before the user is loaded."""
    return serve_kept_page("study", MAX_ENTRIES, _slot, one_off_keys, fill_holes)


def kept_study_page(learner: User, sections: list[str], mode: str, now: datetime) -> str | None:
    """The kept page with its holes filled for this request, or None when none holds."""
    html = kept_page("study", MAX_ENTRIES, _slot(learner.id, sections, mode), learner, now)
    return None if html is None else fill_holes(html, now)


def keep_study_page(
    learner: User, sections: list[str], mode: str, now: datetime, html: str, changes_at: datetime | None
) -> None:
    """Keep a page rendered with the holes until `changes_at`, the study day's end or KEPT_FOR
    from now, whichever comes first."""
    _start, day_end = srs.current_day_bounds(now, learner.time_zone)
    good_until = min(moment for moment in (day_end, changes_at, now + KEPT_FOR) if moment is not None)
    keep_page("study", MAX_ENTRIES, _slot(learner.id, sections, mode), learner, now, html, good_until)


def fill_holes(html: str, now: datetime) -> str:
    """The page as this request shows it: a new submission key and the time now."""
    return html.replace(SUBMISSION_KEY_HOLE, uuid.uuid4().hex).replace(SHOWN_AT_HOLE, now.isoformat())
