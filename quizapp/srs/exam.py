"""An exam date: every fact's predicted recall on that date at least the desired retention.

FSRS sets a fact's next review where its predicted recall (retrievability) falls to the desired
retention, so a fact that comes due after the exam would be recalled at the exam at least that
well, had the interval been exact. It is not always: py-fsrs rounds intervals to whole days (up as
well as down), and a longest-interval cap or a scheduler that spreads reviews over neighbouring
days may place the due day later still. When such a fact's recall on the exam day would be below
the desired retention, `fit_to_exam` brings its review forward to the last whole day on which its
recall is still at least that, which is before the exam: a review lands before it. Facts that come
due before the exam, or whose recall on the day is high enough, are left as FSRS set them.

The exam moment is the start of the exam's study day (the 4 a.m. rollover in the learner's zone),
the same instant a review "due that day" is measured against. Elapsed time counts in whole days,
as py-fsrs counts it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from quizapp.srs.day import DEFAULT_ROLLOVER_HOUR, day_bounds
from quizapp.srs.scheduler import (
    DEFAULT_SETTINGS,
    RATINGS,
    MemoryState,
    SchedulerSettings,
    as_utc,
    effective_parameters,
    retrievability,
    review,
)


def exam_moment(day: date, time_zone: str, rollover_hour: int = DEFAULT_ROLLOVER_HOUR) -> datetime:
    """The instant an exam on study day `day` is measured at: that day's start (UTC)."""
    return day_bounds(day, time_zone, rollover_hour)[0]


def days_to_retention(stability: float, retention: float, settings: SchedulerSettings) -> float:
    """Days after a review until predicted recall falls to `retention` (FSRS-6's curve, exact).

    R(t) = (1 + F·t/S)^(-w20) with F = 0.9^(-1/w20) - 1, so t = S/F · (retention^(-1/w20) - 1).
    """
    decay = effective_parameters(settings)[20]
    factor = 0.9 ** (-1 / decay) - 1
    return float(stability / factor * (retention ** (-1 / decay) - 1))


def fit_to_exam(
    state: MemoryState, exam_at: datetime | None, settings: SchedulerSettings = DEFAULT_SETTINGS
) -> MemoryState:
    """`state` with its review moved before `exam_at` when recall there would fall short.

    Only facts on day-long intervals with a memory are touched, and only when due after the exam
    with predicted recall at the exam below the desired retention. The new due is the last review
    plus the whole days (at least one) during which recall stays at or above the target.
    """
    if exam_at is None or state.state != "review" or not state.has_memory or state.stability is None:
        return state
    exam_at = as_utc(exam_at, "exam_at")
    if state.due <= exam_at or state.last_review is None or state.last_review >= exam_at:
        return state
    recall = retrievability(state, exam_at, settings)
    if recall is None or recall >= settings.desired_retention:
        return state
    days = max(1, math.floor(days_to_retention(state.stability, settings.desired_retention, settings)))
    return replace(state, due=min(state.due, state.last_review + timedelta(days=days)))


def intervals_before_exam(
    state: MemoryState,
    now: datetime,
    exam_at: datetime | None,
    settings: SchedulerSettings = DEFAULT_SETTINGS,
) -> dict[int, timedelta]:
    """`next_intervals` with the exam rule applied: what the rating buttons show and answers do."""
    now = as_utc(now)
    return {
        rating: fit_to_exam(review(state, rating, now, settings).after, exam_at, settings).due - now
        for rating in RATINGS
    }


@dataclass(frozen=True, slots=True)
class ExamRecall:
    """One group's (a section's) predicted recall on the exam day.

    facts: live facts in the group. learned: those with a memory. mean_recall: the average
    predicted recall at the exam over the learned facts if no review came before it (None when
    none is learned). below_target: learned facts predicted under the desired retention then,
    which the schedule brings back before the exam.
    """

    group: str
    facts: int
    learned: int
    mean_recall: float | None
    below_target: int


def recall_on_exam(
    groups: dict[str, list[MemoryState | None]],
    exam_at: datetime,
    settings: SchedulerSettings = DEFAULT_SETTINGS,
) -> list[ExamRecall]:
    """Predicted recall at `exam_at` for each group of facts (None: a fact never learned), in the
    groups' order. A fact reviewed after `exam_at` (an exam already past) counts at recall 1."""
    exam_at = as_utc(exam_at, "exam_at")
    found = []
    for group, states in groups.items():
        recalls = []
        for state in states:
            if state is None or not state.has_memory:
                continue
            reviewed_after = state.last_review is not None and state.last_review > exam_at
            recalls.append(1.0 if reviewed_after else retrievability(state, exam_at, settings))
        learned = [recall for recall in recalls if recall is not None]
        found.append(
            ExamRecall(
                group,
                len(states),
                len(learned),
                sum(learned) / len(learned) if learned else None,
                sum(recall < settings.desired_retention for recall in learned),
            )
        )
    return found
