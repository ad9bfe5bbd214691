"""The study day: the learner's local calendar day, rolling over at 4 a.m. rather than midnight.

A learner who studies past midnight is still on "today"; daily limits, counts and "due today" all
use this day. Days are computed in the learner's IANA time zone, so a day that contains a daylight
saving change is 23 or 25 hours long, and its bounds are exact UTC instants.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from quizapp.srs.scheduler import as_utc

DEFAULT_ROLLOVER_HOUR = 4


def learner_zone(time_zone: str) -> ZoneInfo:
    """The ZoneInfo for an IANA name, or a ValueError that names the bad value."""
    try:
        return ZoneInfo(time_zone)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise ValueError(
            f"unknown time zone {time_zone!r}: expected an IANA name such as 'Europe/Berlin'"
        ) from None


def _check_rollover(rollover_hour: int) -> None:
    if not 0 <= rollover_hour <= 23:
        raise ValueError(f"rollover_hour must be 0-23, got {rollover_hour}")


def _day_start(day: date, zone: ZoneInfo, rollover_hour: int) -> datetime:
    # fold=0: a rollover time that occurs twice (clocks back) starts the day at its first
    # occurrence; one skipped by clocks going forward maps to the instant of the change.
    return datetime.combine(day, time(rollover_hour), tzinfo=zone).astimezone(UTC)


def day_bounds(
    day: date, time_zone: str, rollover_hour: int = DEFAULT_ROLLOVER_HOUR
) -> tuple[datetime, datetime]:
    """The UTC instants [start, end) of study day `day`: local `rollover_hour` to the next one.

    The span is 24 hours except on a daylight saving change (23 or 25 hours).
    """
    _check_rollover(rollover_hour)
    zone = learner_zone(time_zone)
    return (
        _day_start(day, zone, rollover_hour),
        _day_start(day + timedelta(days=1), zone, rollover_hour),
    )


def study_day(now: datetime, time_zone: str, rollover_hour: int = DEFAULT_ROLLOVER_HOUR) -> date:
    """The study day that instant `now` falls in, for a learner in `time_zone`.

    Before `rollover_hour` local time it is still the previous calendar day. The result always
    agrees with `day_bounds`: `now` lies in `day_bounds(study_day(now))`, even around clock changes.
    """
    return _study_day(now, time_zone, rollover_hour)


# Remembered: the progress figures (heatmap, streak, retention, today) each ask the day of every
# answer of the year, four times per answer in one drawing of the page.
@lru_cache(maxsize=32_768)
def _study_day(now: datetime, time_zone: str, rollover_hour: int) -> date:
    _check_rollover(rollover_hour)
    zone = learner_zone(time_zone)
    now = as_utc(now)
    local = now.astimezone(zone)
    day = local.date() - timedelta(days=1) if local.hour < rollover_hour else local.date()
    # Wall-clock hours repeat or vanish around a clock change; the bounds are the definition.
    if now < _day_start(day, zone, rollover_hour):
        day -= timedelta(days=1)
    elif now >= _day_start(day + timedelta(days=1), zone, rollover_hour):
        day += timedelta(days=1)
    return day


def current_day_bounds(
    now: datetime, time_zone: str, rollover_hour: int = DEFAULT_ROLLOVER_HOUR
) -> tuple[datetime, datetime]:
    """The UTC bounds of the study day containing `now` (what "today" means for counts and limits)."""
    return day_bounds(study_day(now, time_zone, rollover_hour), time_zone, rollover_hour)
