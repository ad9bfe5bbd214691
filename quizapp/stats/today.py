"""Today in one look: how much the learner did this study day, against the daily goal they set.

"Today" is the study day (rolling over at 4 a.m. local time, `quizapp.srs.day`), the same day the
study page's limits count in. Retention today is true retention (`stats.retention`) over today's
answers alone: the share of spaced reviews remembered; None when there was none yet.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from quizapp.srs.day import DEFAULT_ROLLOVER_HOUR, study_day
from quizapp.stats.records import AnswerRecord
from quizapp.stats.retention import counts_for_retention


@dataclass(frozen=True, slots=True)
class TodaySummary:
    """answers: every answer given today (study, practice, quizzes); seconds: the time they took,
    where known; new_facts: facts answered for the first time; reviews/recalled: today's spaced
    reviews and those remembered; goal: answers a day the learner aims for (0: no goal)."""

    answers: int
    seconds: float
    new_facts: int
    reviews: int
    recalled: int
    goal: int

    @property
    def retention(self) -> float | None:
        return self.recalled / self.reviews if self.reviews else None

    @property
    def goal_left(self) -> int:
        return max(0, self.goal - self.answers)

    @property
    def goal_met(self) -> bool:
        return self.goal > 0 and self.answers >= self.goal

    @property
    def goal_share(self) -> float:
        """How far towards the goal, 0 to 1 (1 without a goal once anything was answered)."""
        if self.goal <= 0:
            return 1.0 if self.answers else 0.0
        return min(1.0, self.answers / self.goal)

    @property
    def minutes(self) -> int:
        """Time studied in whole minutes, rounded to the nearest (a few seconds count as 0)."""
        return round(self.seconds / 60)


def today_summary(
    answers: Iterable[AnswerRecord],
    now: datetime,
    time_zone: str,
    goal: int,
    rollover_hour: int = DEFAULT_ROLLOVER_HOUR,
) -> TodaySummary:
    """The summary of the study day containing `now`, from the learner's answers (any period:
    those of other days are left out)."""
    if goal < 0:
        raise ValueError(f"a daily goal cannot be negative, got {goal}")
    today = study_day(now, time_zone, rollover_hour)
    count = new = reviews = recalled = 0
    seconds = 0.0
    for answer in answers:
        if answer.reviewed_at > now or study_day(answer.reviewed_at, time_zone, rollover_hour) != today:
            continue
        count += 1
        seconds += answer.seconds_taken or 0.0
        new += answer.began_fact
        if counts_for_retention(answer):
            reviews += 1
            recalled += answer.recalled
    return TodaySummary(count, seconds, new, reviews, recalled, goal)
