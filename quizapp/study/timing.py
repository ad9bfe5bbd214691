"""When the next review comes, in words, and when an "All done" page should look again.

Pure functions of the queue and the clock, so the page and its tests read the same figures.
"""

from __future__ import annotations

import math
from datetime import datetime

from quizapp import srs
from quizapp.srs.day import learner_zone


def when_next_review(queue: srs.StudyQueue, now: datetime, time_zone: str) -> str | None:
    """ "at 14:35" (later this study day), "tomorrow", or "on Friday 13 March (in 3 days)".

    A review on day-long intervals is due for its whole study day, so only a time today is given
    to the minute. None when something is queued now or the learner has nothing scheduled.
    """
    at = queue.next_review_at
    if queue.order or at is None:
        return None
    today = srs.study_day(now, time_zone)
    day = srs.study_day(at, time_zone)
    if day <= today:
        return "at " + at.astimezone(learner_zone(time_zone)).strftime("%H:%M")
    days = (day - today).days
    if days == 1:
        return "tomorrow"
    return f"on {day:%A} {day.day} {day:%B} (in {days} days)"


def refresh_after(queue: srs.StudyQueue, now: datetime, time_zone: str) -> int | None:
    """Seconds until an "All done" page should reload itself, or None while something is queued.

    It looks again when the next learning step enters the learn-ahead window (a step is shown
    LEARN_AHEAD before it is due, Anki's learn-ahead limit), and at the latest when the study day
    ends: the new day brings its reviews and new facts, and a page left open overnight would
    otherwise still say "All done" in the morning.
    """
    if queue.order:
        return None
    _start, day_end = srs.current_day_bounds(now, time_zone)
    wake = day_end
    if queue.next_due_at is not None:
        wake = min(wake, queue.next_due_at - srs.LEARN_AHEAD)
    return max(1, math.ceil((wake - now).total_seconds()))


def shown_from(queue: srs.StudyQueue) -> datetime | None:
    """When the next learning step starts being shown: LEARN_AHEAD before it is due."""
    return queue.next_due_at - srs.LEARN_AHEAD if queue.next_due_at else None
