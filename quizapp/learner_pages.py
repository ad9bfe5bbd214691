"""Pages drawn for one learner, kept in the worker's memory until something they show changes.

The study page and the progress figures are the two pages a learner opens again and again without
changing anything in between (a reload, Back, a second look). Drawing them reads the learner's
cards and answers and renders a large template; serving them again from memory costs a dictionary
lookup. An entry is used only while everything it was drawn from is unchanged, which each part
of its key or lifetime stands for:

- the learner's answers, cards, fact marks, practice tests, class memberships and their classes'
  assigned quizzes (an exam date): the database bumps `user.progress_version` on every such write
  (triggers, migrations d5a8c3f1e7b2 and e4b7a2c9d1f6), and the version is read with the learner's
  row on every request (by the user loader, or for whole pages by the key read before it), so a
  write by any worker is seen by every worker at its next request;
- the learner's row itself: settings such as the time zone, retention, limits, fitted parameters
  (the whole row is in the key, so a setting added later is covered without a change here);
- the bank: a sync bumps the decks' version (bank_version.py);
- time: the caller says until when its page holds (`good_until`): the study day's end, a fact in
  learning steps coming due, a buried fact coming back.

One cache per kind of page and per app (two apps on two databases, as in the tests, never share
one); the least recently used entry goes beyond `max_entries`. Threads only swap whole entries
under a lock; two threads missing at once both draw, and the later one's entry stays.

A whole page (`kept_page`, `keep_page`) carries the CSRF token of the session it was drawn for:
served to the same session it is sent as it is (a token never expires within its session,
WTF_CSRF_TIME_LIMIT), to another of the learner's sessions with that session's token. A page drawn
with a one-off message (a flash) is never kept: `may_keep` is asked before drawing.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import datetime
from functools import wraps
from operator import attrgetter

from flask import current_app, g, request, session
from flask_wtf.csrf import generate_csrf
from sqlalchemy import bindparam, select
from sqlalchemy import inspect as sa_inspect
from werkzeug.local import LocalProxy

from quizapp.bank_version import VERSION_COLUMNS, bank_version
from quizapp.clock import utcnow
from quizapp.models import User
from quizapp.raw_sql import RawRead
from quizapp.signed_in import session_is_current, session_user


@dataclass(frozen=True)
class Entry:
    """A drawn page (or part of one). `extra`: what is kept beside it (for a whole page, the CSRF
    token it was drawn with and its session's own token)."""

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
_ROW_ATTRIBUTES = [
    attribute for attribute in sa_inspect(User).column_attrs if attribute.key not in _NOT_SHOWN
]
_ROW = attrgetter(*(attribute.key for attribute in _ROW_ATTRIBUTES))
# The same values read without the ORM, with what a session check and the bank's version need.
_ROW_BY_ID = select(
    *(attribute.columns[0] for attribute in _ROW_ATTRIBUTES),
    User.session_version,
    User.is_disabled,
    *VERSION_COLUMNS,
).where(User.id == bindparam("user_id"))


_PAGE_KEY = RawRead(_ROW_BY_ID)


def _page_key(user_id: int, session_version: int) -> tuple | None:
    """The key of the learner's whole pages as the database holds it now (the raw values of their
    row and the bank's version), or None when this session is not theirs any more."""
    row = _PAGE_KEY.first(user_id=user_id)
    if row is None:
        return None
    *values, user_session_version, is_disabled, bank_total, bank_decks = row
    if not session_is_current(session_version, user_session_version, bool(is_disabled)):
        return None
    return (tuple(values), (int(bank_total), int(bank_decks)), request.script_root)


def learner_key(learner: User) -> tuple:
    """Everything besides the clock and the caller's own choices that a learner's page depends on."""
    if isinstance(learner, LocalProxy):  # current_user: each attribute through the proxy costs a lookup
        learner = learner._get_current_object()
    return (_ROW(learner), bank_version(), request.script_root)


ONE_OFF_KEYS = ("_flashes",)
"""Session keys whose presence means the next page carries a message shown once."""
_RAW_TOKEN = "csrf_token"  # where Flask-WTF keeps the session's own token


def may_keep(*one_off_keys: str) -> bool:
    """Whether this request's page is the plain one: no flash, nor any of the caller's own one-off
    session keys (ask before drawing: drawing a page shows its flashes and forgets them)."""
    return not any(name in session for name in (*ONE_OFF_KEYS, *one_off_keys))


def _request_key(learner_id: int) -> tuple | None:
    """The whole-page key read at the start of this request (serve_kept_page), for this learner."""
    found = g.get("learner_page_key")
    return found[1] if found is not None and found[0] == learner_id else None


def kept_page(kind: str, max_entries: int, slot: Hashable, learner: User, now: datetime) -> str | None:
    """The page kept in `slot` for this learner if it still holds, with this session's CSRF token."""
    key = _request_key(learner.id)
    return None if key is None else _served(page_cache(kind, max_entries).get(slot, key, now))


def _served(entry: Entry | None) -> str | None:
    if entry is None:
        return None
    token, raw_token = entry.extra
    if session.get(_RAW_TOKEN) == raw_token:
        return entry.html
    return entry.html.replace(token, generate_csrf())


def keep_page(
    kind: str, max_entries: int, slot: Hashable, learner: User, now: datetime, html: str, good_until: datetime
) -> None:
    """Keep a page drawn in this request (with its CSRF token) until `good_until`, under the key
    read before it was drawn: a write landing while it was drawn makes the next request draw again
    rather than serve a page older than its key."""
    key = _request_key(learner.id)
    if key is None or good_until <= now:
        return
    entry = Entry(key, html, now, good_until, (generate_csrf(), session.get(_RAW_TOKEN)))
    page_cache(kind, max_entries).put(slot, entry)


def serve_kept_page(
    kind: str,
    max_entries: int,
    slot_of: Callable[[int], Hashable],
    one_off_keys: tuple[str, ...] = (),
    finish: Callable[[str, datetime], str] | None = None,
):
    """Decorate a view (above login_required) whose pages are kept whole.

    Before the view, and before anything loads the user, the signed-in learner's page key is read
    with one statement on a pooled connection (no ORM: loading the user through Flask-Login and the
    ORM session cost more than all the rest of a kept page) and left for `kept_page`/`keep_page`.
    A plain request (no query string, no one-off message) is then answered with the kept page if
    it holds; `finish` fills the page's own holes. Otherwise the view runs as usual, and a session
    that is not current any more (checked as auth.access checks it) finds no page at all.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            found = session_user(session.get("_user_id") or "")
            if found is None:
                return view(*args, **kwargs)
            user_id, session_version = found
            key = _page_key(user_id, session_version)
            if key is None:
                return view(*args, **kwargs)
            g.learner_page_key = (user_id, key)
            if request.args or not may_keep(*one_off_keys):
                return view(*args, **kwargs)
            now = utcnow()
            html = _served(page_cache(kind, max_entries).get(slot_of(user_id), key, now))
            if html is None:
                return view(*args, **kwargs)
            return finish(html, now) if finish is not None else html

        return wrapped

    return decorator
