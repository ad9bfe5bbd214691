"""The forecast: how many facts come due on each of the coming study days.

It lets a learner see a busy day coming (after a week of many new facts, say) and plan for it.
Every fact the learner has begun counts on the study day its due time falls in; facts already
overdue count today, since that is when they will be asked. Facts never seen are not counted: when
they enter depends on the daily new-fact allowance, not on the schedule.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from quizapp.srs.day import DEFAULT_ROLLOVER_HOUR, study_day
from quizapp.srs.scheduler import MemoryState
from quizapp.stats.activity import DayCount


def due_forecast(
    memories: Iterable[MemoryState],
    now: datetime,
    time_zone: str,
    days: int = 30,
    rollover_hour: int = DEFAULT_ROLLOVER_HOUR,
) -> list[DayCount]:
    """Facts due on each of `days` study days from today (today first, overdue included in it).

    Facts due after the last day are not shown; the list always has `days` entries.
    """
    if days < 1:
        raise ValueError(f"days must be at least 1, got {days}")
    today = study_day(now, time_zone, rollover_hour)
    last = today + timedelta(days=days - 1)
    counts: Counter[date] = Counter()
    for memory in memories:
        day = max(today, study_day(memory.due, time_zone, rollover_hour))
        if day <= last:
            counts[day] += 1
    return [
        DayCount(today + timedelta(days=offset), counts.get(today + timedelta(days=offset), 0))
        for offset in range(days)
    ]
