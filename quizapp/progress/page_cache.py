"""Each learner's progress figures, rendered once and kept in the worker's memory until they change.

Drawing /progress/ reads a year of the learner's answers and all their cards and lays out 365
heatmap cells: most of the page's time. quizapp/learner_pages.py says what the entry's key stands
for (the learner's writes, row, classes' quizzes and the bank); within a study day only the clock
is left, and the figures move with it only when a fact in learning steps comes due (the study
queue's `next_due_at`), a buried fact comes back early (after a time zone change) or an exam's day
begins. One entry per learner and viewer (the learner, or a teacher: the wording differs).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from markupsafe import Markup

from quizapp import srs
from quizapp.learner_pages import Entry, learner_key, page_cache
from quizapp.models import User

# About 70 kB of HTML each: a few hundred learners' pages stay within ~20 MB per worker.
MAX_ENTRIES = 300


def progress_figures(
    learner: User, for_teacher: bool, now: datetime, draw: Callable[[], tuple[str, datetime | None]]
) -> tuple[Markup, datetime]:
    """The learner's figures as HTML and until when they hold: kept from an earlier request when
    nothing they show has changed since, else drawn by `draw()`, which returns the HTML and the
    next moment before the day ends at which the clock alone changes them (None if none)."""
    cache, slot, key = page_cache("progress", MAX_ENTRIES), (learner.id, for_teacher), learner_key(learner)
    entry = cache.get(slot, key, now)
    if entry is not None:
        return Markup(entry.html), entry.good_until
    html, changes_at = draw()
    _day_start, day_end = srs.current_day_bounds(now, learner.time_zone)
    good_until = min(day_end, changes_at) if changes_at is not None else day_end
    figures = Markup(html)
    cache.put(slot, Entry(key, figures, now, good_until))
    return figures, good_until
