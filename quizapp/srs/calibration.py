"""Calibrated retention: aim FSRS where the learner's own record says it delivers what they asked for.

FSRS schedules a review for the day its predicted recall falls to the desired retention. If the
learner's memory does not forget the way FSRS's curve says, even with weights fitted to them,
reviews come when recall is already under (or still over) the target: in the simulation
(bench/simulated_learners.py) learners asked for 80 % and recalled 74-76 %.

So each personalisation also measures what the schedule delivered: on the repeat reviews since the
last measurement (a day or more after the fact's previous answer: the reviews the schedule timed),
the share recalled against the retention they were scheduled for, as one shift on the log-odds
scale:

    recalled = sigmoid(logit(aimed at) + offset)

A window of a few reviews says little, so the offset measured is weighed against the previous one
as if that had PRIOR_REVIEWS reviews behind it. Reviews are then scheduled for the predicted recall
that this shift turns into the desired one:

    scheduled = sigmoid(logit(desired) - offset)

kept within SCHEDULED_RANGE (widened to hold the desired retention itself), so a wild measurement
can neither flood the learner with reviews nor space them out past usefulness. An offset of 0 (or
none measured yet) schedules at the desired retention itself.

An earlier version measured the shift between the fitted weights' predictions and the outcomes of
the held-out reviews; it left the 80 % learners 3.0-3.6 points short, because the weights predict
held-out reviews better than the schedule made with them lands (README, Learning efficiency).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from quizapp.srs.rating import AGAIN

PRIOR_REVIEWS = 50
"""How many reviews the previous shift counts for against a new window's."""

MAX_OFFSET = 1.5
"""The largest shift measured, in log-odds (predicted 0.90 read as 0.67 or 0.98 at most)."""

SCHEDULED_RANGE = (0.70, 0.97)
"""The predicted recall reviews may be scheduled for, whatever the desired retention and offset."""

_EDGE = 1e-6


def logit(p: float) -> float:
    p = min(max(p, _EDGE), 1 - _EDGE)
    return math.log(p / (1 - p))


def sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x))


class Answer(Protocol):
    """One schedule-changing answer (srs.optimize.ReviewRecord has these)."""

    @property
    def fact_id(self) -> str: ...
    @property
    def rating(self) -> int: ...
    @property
    def reviewed_at(self) -> datetime: ...


def repeat_reviews_since(answers: Iterable[Answer], since: datetime | None) -> list[bool]:
    """Whether each repeat review after `since` (all, if None) was recalled (rated above Again):
    the answers a day or more after the fact's previous answer, which the schedule timed.
    Same-day learning steps are left out, as FSRS leaves them out of its retention."""
    previous: dict[str, datetime] = {}
    recalled = []
    for answer in sorted(answers, key=lambda answer: answer.reviewed_at):
        before = previous.get(answer.fact_id)
        previous[answer.fact_id] = answer.reviewed_at
        if before is None or (since is not None and answer.reviewed_at <= since):
            continue
        if answer.reviewed_at - before >= timedelta(days=1):
            recalled.append(answer.rating > AGAIN)
    return recalled


def measured_offset(recalled: Sequence[bool], aimed_at: float, previous_offset: float | None) -> float:
    """The log-odds shift from the retention reviews were scheduled for (`aimed_at`) to the share
    recalled, weighed against the previous shift (None: 0) as if it had PRIOR_REVIEWS reviews;
    clamped to +-MAX_OFFSET. No reviews: the previous shift stands.

    The share is (recalled + 1/2) / (reviews + 1), so a window recalled in full has a finite shift.
    """
    previous = previous_offset or 0.0
    if not recalled:
        return previous
    count = len(recalled)
    share = (sum(recalled) + 0.5) / (count + 1)
    shift = logit(share) - logit(aimed_at)
    blended = (count * shift + PRIOR_REVIEWS * previous) / (count + PRIOR_REVIEWS)
    return min(max(blended, -MAX_OFFSET), MAX_OFFSET)


@dataclass(frozen=True)
class Measured:
    """What one measurement found: `reviews` repeat reviews, scheduled for `aimed_at`, of which
    the share `recalled` was recalled (None without reviews); the `offset` to schedule with now."""

    aimed_at: float
    reviews: int
    recalled: float | None
    offset: float


def measure(
    answers: Iterable[Answer], since: datetime | None, desired_retention: float, previous_offset: float | None
) -> Measured:
    """Measure what the schedule delivered since `since` (the last measurement; None: ever) and the
    offset to schedule with from now on. The reviews are taken to have been aimed at what the
    previous offset made of today's desired retention (a changed setting counts from its change's
    next measurement)."""
    recalled = repeat_reviews_since(answers, since)
    aimed_at = scheduled_retention(desired_retention, previous_offset)
    return Measured(
        aimed_at,
        len(recalled),
        sum(recalled) / len(recalled) if recalled else None,
        measured_offset(recalled, aimed_at, previous_offset),
    )


def scheduled_retention(desired_retention: float, offset: float | None) -> float:
    """The predicted recall to schedule for so that, by the learner's offset, recall is the desired one."""
    if not offset:
        return desired_retention
    low, high = min(SCHEDULED_RANGE[0], desired_retention), max(SCHEDULED_RANGE[1], desired_retention)
    return min(max(sigmoid(logit(desired_retention) - offset), low), high)
