"""Pages drawn for one learner, kept in the worker's memory until something they show changes.

The study page and the progress figures are the two pages a learner opens again and again without
changing anything in between (a reload, Back, a second look). Drawing them reads the learner's
cards and answers and renders a large template; serving them again from memory costs a dictionary
lookup. An entry is used only while everything it was drawn from is unchanged, which each part
of its key or lifetime stands for:

- the learner's answers, cards, fact marks, practice tests, class memberships and their classes'
  assigned quizzes (an exam date): the database bumps `user.progress_version` on every such write
  (triggers, migrations d5a8c3f1e7b2 and e4b7a2c9d1f6), and the version arrives with the user row
  Flask-Login loads anyway, so a write by any worker is seen by every worker at its next request;
- the learner's row itself: settings such as the time zone, retention, limits, fitted parameters
  (the whole row is in the key, so a setting added later is covered without a change here);
- the bank: a sync bumps the decks' version (study/bank_cache.py);
- time: the caller says until when its page holds (`good_until`): the study day's end, a fact in
  learning steps coming due, a buried fact coming back.

One cache per kind of page and per app (two apps on two databases, as in the tests, never share
one); the least recently used entry goes beyond `max_entries`. Threads only swap whole entries
under a lock; two threads missing at once both draw, and the later one's entry stays.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from operator import attrgetter
from collections.abc import Hashable
from dataclasses import dataclass
from datetime import datetime

from flask import current_app, request
from sqlalchemy import inspect as sa_inspect
from werkzeug.local import LocalProxy

from quizapp.models import User
from quizapp.study.bank_cache import bank_snapshot


@dataclass(frozen=True)
class Entry:
    """A drawn page (or part of one). `extra`: what the caller keeps beside it (e.g. the holes
    it must fill on every request)."""

    key: Hashable
    html: str
    drawn_at: datetime
    good_until: datetime
    extra: tuple = ()


class LearnerPageCache:
    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[Hashable, Entry] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, slot: Hashable, key: Hashable, now: datetime) -> Entry | None:
        """The entry in `slot` if it was drawn from `key` and still holds at `now`."""
        with self._lock:
            entry = self._entries.get(slot)
            if entry is None or entry.key != key or not entry.drawn_at <= now < entry.good_until:
                return None
            self._entries.move_to_end(slot)
            return entry

    def put(self, slot: Hashable, entry: Entry) -> None:
        with self._lock:
            self._entries[slot] = entry
            self._entries.move_to_end(slot)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)


def page_cache(name: str, max_entries: int) -> LearnerPageCache:
    """This app's cache for one kind of page."""
    slot = f"quizapp.pages.{name}"
    cache = current_app.extensions.get(slot)
    if cache is None:
        cache = current_app.extensions.setdefault(slot, LearnerPageCache(max_entries))
    return cache


# The learner's row, less what no page shows and what changes often for other reasons (a sign-in,
# the schedule fitter's lease): those would only cost a redraw. No copy of the password hash.
_NOT_SHOWN = {"password_hash", "last_sign_in_at", "schedule_fit_claimed_until"}
_ROW = attrgetter(*(column.key for column in sa_inspect(User).column_attrs if column.key not in _NOT_SHOWN))


def learner_key(learner: User) -> tuple:
    """Everything besides the clock and the caller's own choices that a learner's page depends on."""
    if isinstance(learner, LocalProxy):  # current_user: each attribute through the proxy costs a lookup
        learner = learner._get_current_object()
    return (_ROW(learner), bank_snapshot().version, request.script_root)
