"""Each learner's progress figures, rendered once and kept in the worker's memory until they change.

Drawing /progress/ reads a year of the learner's answers and all their cards and lays out 365
heatmap cells: most of the page's time. Those figures change only when one of these does, and
each is part of the entry's key or its lifetime:

- the learner's answers, cards, fact marks or practice tests: the database bumps
  `user.progress_version` on every such write (triggers, migration d5a8c3f1e7b2), and the version
  arrives with the user row that Flask-Login loads anyway, so an answer taken by any worker is
  seen by every worker at its next request, at no extra query;
- the bank: a sync bumps the decks' version (study/bank_cache.py);
- the learner's row: settings such as the time zone, retention, limits, fitted parameters (the
  whole row is part of the key, so a setting added later is covered without a change here);
- time: the study day rolling over, or within the day a fact in learning steps coming due (the
  study queue's `next_due_at`) or a buried fact coming back early (after a time zone change).
  Nothing else on the page moves within a study day.

One entry per learner and viewer (the learner, or a teacher: the wording differs), the least
recently used dropped beyond MAX_ENTRIES. The cache belongs to the app, so two apps on two
databases (tests) never share one. Threads only swap whole entries under a lock; two threads
missing at once both draw, and the later one's entry stays.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import datetime

from flask import current_app, request
from markupsafe import Markup
from sqlalchemy import inspect as sa_inspect

from quizapp import srs
from quizapp.models import User
from quizapp.study.bank_cache import bank_snapshot

# About 70 kB of HTML each: a few hundred learners' pages stay within ~20 MB per worker.
MAX_ENTRIES = 300


@dataclass(frozen=True)
class _Entry:
    key: Hashable
    html: Markup
    drawn_at: datetime
    good_until: datetime


class _PageCache:
    def __init__(self) -> None:
        self._entries: OrderedDict[Hashable, _Entry] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, slot: Hashable) -> _Entry | None:
        with self._lock:
            entry = self._entries.get(slot)
            if entry is not None:
                self._entries.move_to_end(slot)
            return entry

    def put(self, slot: Hashable, entry: _Entry) -> None:
        with self._lock:
            self._entries[slot] = entry
            self._entries.move_to_end(slot)
            while len(self._entries) > MAX_ENTRIES:
                self._entries.popitem(last=False)


def _cache() -> _PageCache:
    cache = current_app.extensions.get("quizapp.progress_pages")
    if cache is None:
        cache = current_app.extensions.setdefault("quizapp.progress_pages", _PageCache())
    return cache


# The learner's row, less what no figure shows and what changes often for other reasons (a
# sign-in, the schedule fitter's lease): those would only cost a redraw. No copy of the password hash.
_NOT_SHOWN = {"password_hash", "last_sign_in_at", "schedule_fit_claimed_until"}
_ROW = tuple(column.key for column in sa_inspect(User).column_attrs if column.key not in _NOT_SHOWN)


def _key(learner: User) -> Hashable:
    """Everything besides the clock that the figures depend on."""
    return (tuple(getattr(learner, name) for name in _ROW), bank_snapshot().version, request.script_root)


def progress_figures(
    learner: User, for_teacher: bool, now: datetime, draw: Callable[[], tuple[str, datetime | None]]
) -> Markup:
    """The learner's figures as HTML: kept from an earlier request when nothing they show has
    changed since, else drawn by `draw()`, which returns the HTML and the next moment before the
    day ends at which the clock alone changes them (None if none)."""
    cache, slot, key = _cache(), (learner.id, for_teacher), _key(learner)
    entry = cache.get(slot)
    if entry is not None and entry.key == key and entry.drawn_at <= now < entry.good_until:
        return entry.html
    html, changes_at = draw()
    _day_start, day_end = srs.current_day_bounds(now, learner.time_zone)
    good_until = min(day_end, changes_at) if changes_at is not None else day_end
    figures = Markup(html)
    cache.put(slot, _Entry(key, figures, now, good_until))
    return figures
