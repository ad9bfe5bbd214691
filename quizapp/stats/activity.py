"""How much the learner studied each day (the calendar heatmap) and their streak.

Both count every answer the learner gave (study and practice alike): the heatmap shows effort,
and a day with any answer is a day studied. Days are study days in the learner's time zone that
roll over at 4 a.m., so an answer at 03:30 local time counts for the evening before.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from quizapp.srs.day import DEFAULT_ROLLOVER_HOUR, study_day
from quizapp.stats.records import AnswerRecord


@dataclass(frozen=True, slots=True)
class DayCount:
    """A study day and a count for it (answers given, or reviews coming due)."""

    day: date
    count: int


@dataclass(frozen=True, slots=True)
class Streak:
    """current: consecutive study days with an answer, ending today or, if today has none yet,
    yesterday (the day is not over, so not having studied yet does not break the streak).
    longest: the longest such run among the answers given. studied_today: whether today counts yet.
    """

    current: int
    longest: int
    studied_today: bool


def days_studied(
    answers: Iterable[AnswerRecord], time_zone: str, rollover_hour: int = DEFAULT_ROLLOVER_HOUR
) -> Counter[date]:
    """How many answers fell on each study day."""
    return Counter(study_day(answer.reviewed_at, time_zone, rollover_hour) for answer in answers)


def answers_per_day(
    answers: Iterable[AnswerRecord],
    now: datetime,
    time_zone: str,
    days: int = 365,
    rollover_hour: int = DEFAULT_ROLLOVER_HOUR,
) -> list[DayCount]:
    """One entry for each of the last `days` study days, oldest first, today last; zeros included,
    so a chart can draw every day without guessing the gaps."""
    if days < 1:
        raise ValueError(f"days must be at least 1, got {days}")
    today = study_day(now, time_zone, rollover_hour)
    counts = days_studied(answers, time_zone, rollover_hour)
    first = today.toordinal() - (days - 1)
    return [DayCount(day, counts.get(day, 0)) for day in map(date.fromordinal, range(first, first + days))]


def study_streak(
    answers: Iterable[AnswerRecord],
    now: datetime,
    time_zone: str,
    rollover_hour: int = DEFAULT_ROLLOVER_HOUR,
) -> Streak:
    """The learner's current and longest streak of study days (see `Streak`)."""
    today = study_day(now, time_zone, rollover_hour)
    studied = {day for day in days_studied(answers, time_zone, rollover_hour) if day <= today}
    studied_today = today in studied
    current = 0
    day = today if studied_today else today - timedelta(days=1)
    while day in studied:
        current += 1
        day -= timedelta(days=1)
    longest = 0
    for day in studied:
        if day - timedelta(days=1) in studied:
            continue  # not the start of a run
        length = 1
        while day + timedelta(days=length) in studied:
            length += 1
        longest = max(longest, length)
    return Streak(current=current, longest=longest, studied_today=studied_today)
