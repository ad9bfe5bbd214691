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


def refresh_after(queue: srs.StudyQueue, now: datetime) -> int | None:
    """Seconds until the page should reload to show the next learning step, or None.

    A step is shown LEARN_AHEAD before it is due (Anki's learn-ahead limit), so the page looks
    again then rather than at the due time itself.
    """
    if queue.order or queue.next_due_at is None:
        return None
    wait = (queue.next_due_at - srs.LEARN_AHEAD - now).total_seconds()
    return max(1, math.ceil(wait))


def shown_from(queue: srs.StudyQueue) -> datetime | None:
    """When the next learning step starts being shown: LEARN_AHEAD before it is due."""
    return queue.next_due_at - srs.LEARN_AHEAD if queue.next_due_at else None
