"""The study day rolls over at 4 a.m. local time, in any zone, across daylight saving changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from quizapp.srs.day import current_day_bounds, day_bounds, study_day


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone", "instant", "day"),
    [
        # UTC: the day turns at 04:00 UTC.
        ("UTC", utc(2026, 5, 10, 3, 59), date(2026, 5, 9)),
        ("UTC", utc(2026, 5, 10, 4, 0), date(2026, 5, 10)),
        # Berlin in summer (UTC+2): 4 a.m. local is 02:00 UTC; midnight to 4 a.m. is "yesterday".
        ("Europe/Berlin", utc(2026, 7, 1, 1, 59), date(2026, 6, 30)),
        ("Europe/Berlin", utc(2026, 7, 1, 2, 0), date(2026, 7, 1)),
        ("Europe/Berlin", utc(2026, 6, 30, 22, 30), date(2026, 6, 30)),  # 00:30 local on July 1
        # New York in winter (UTC-5): 4 a.m. local is 09:00 UTC.
        ("America/New_York", utc(2026, 1, 15, 8, 59), date(2026, 1, 14)),
        ("America/New_York", utc(2026, 1, 15, 9, 0), date(2026, 1, 15)),
        # India (UTC+5:30): a half-hour offset.
        ("Asia/Kolkata", utc(2026, 2, 1, 22, 29), date(2026, 2, 1)),
        ("Asia/Kolkata", utc(2026, 2, 1, 22, 30), date(2026, 2, 2)),
        # Kiritimati (UTC+14, east of UTC+12): the study day is a calendar day ahead of UTC's.
        ("Pacific/Kiritimati", utc(2026, 6, 15, 13, 59), date(2026, 6, 15)),
        ("Pacific/Kiritimati", utc(2026, 6, 15, 14, 0), date(2026, 6, 16)),
        # Berlin, spring forward on 2026-03-29 at 02:00 -> 03:00: 4 a.m. that day is already CEST.
        ("Europe/Berlin", utc(2026, 3, 29, 1, 59), date(2026, 3, 28)),
        ("Europe/Berlin", utc(2026, 3, 29, 2, 0), date(2026, 3, 29)),
        # New York, fall back on 2026-11-01 at 02:00 -> 01:00: 4 a.m. that day is EST.
        ("America/New_York", utc(2026, 11, 1, 5, 30), date(2026, 10, 31)),  # 01:30 EDT
        ("America/New_York", utc(2026, 11, 1, 6, 30), date(2026, 10, 31)),  # 01:30 EST, again
        ("America/New_York", utc(2026, 11, 1, 8, 59), date(2026, 10, 31)),
        ("America/New_York", utc(2026, 11, 1, 9, 0), date(2026, 11, 1)),
    ],
)
def test_study_day_turns_at_4am_local(zone, instant, day):
    assert study_day(instant, zone) == day
    start, end = day_bounds(day, zone)
    assert start <= instant < end


@pytest.mark.parametrize(
    ("zone", "day", "start", "hours"),
    [
        ("Europe/Berlin", date(2026, 3, 27), utc(2026, 3, 27, 3, 0), 24),
        # The night of the spring change belongs to the day that started on the 28th.
        ("Europe/Berlin", date(2026, 3, 28), utc(2026, 3, 28, 3, 0), 23),
        ("Europe/Berlin", date(2026, 3, 29), utc(2026, 3, 29, 2, 0), 24),
        ("America/New_York", date(2026, 10, 31), utc(2026, 10, 31, 8, 0), 25),
        ("America/New_York", date(2026, 11, 1), utc(2026, 11, 1, 9, 0), 24),
        ("Pacific/Kiritimati", date(2026, 6, 16), utc(2026, 6, 15, 14, 0), 24),
        ("Australia/Lord_Howe", date(2026, 4, 4), utc(2026, 4, 3, 17, 0), 24.5),  # 30-minute DST
    ],
)
def test_day_bounds_are_exact_utc_instants_and_a_dst_day_is_23_or_25_hours(zone, day, start, hours):
    bounds = day_bounds(day, zone)
    assert bounds[0] == start and bounds[0].tzinfo == UTC
    assert bounds[1] - bounds[0] == timedelta(hours=hours)
    assert day_bounds(day + timedelta(days=1), zone)[0] == bounds[1]  # days tile time


def test_a_different_rollover_hour_moves_the_boundary():
    instant = utc(2026, 5, 10, 0, 30)  # 02:30 in Berlin
    assert study_day(instant, "Europe/Berlin", rollover_hour=4) == date(2026, 5, 9)
    assert study_day(instant, "Europe/Berlin", rollover_hour=0) == date(2026, 5, 10)
    assert current_day_bounds(instant, "Europe/Berlin", rollover_hour=0)[0] == utc(2026, 5, 9, 22, 0)
    with pytest.raises(ValueError, match="rollover_hour"):
        study_day(instant, "Europe/Berlin", rollover_hour=24)


@pytest.mark.parametrize("zone", ["Mars/Olympus_Mons", "", "../../etc/passwd", "CEST"])
def test_an_unknown_zone_is_a_clear_error(zone):
    with pytest.raises(ValueError, match="unknown time zone .*IANA name"):
        study_day(utc(2026, 1, 1, 12, 0), zone)
    with pytest.raises(ValueError, match="unknown time zone"):
        day_bounds(date(2026, 1, 1), zone)


def test_a_naive_time_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        study_day(datetime(2026, 1, 1, 12, 0), "UTC")


@pytest.mark.parametrize(
    "zone",
    [
        "Europe/Berlin",
        "America/New_York",
        "Pacific/Kiritimati",
        "Australia/Lord_Howe",
        "America/Santiago",
        "Asia/Kathmandu",
    ],
)
def test_every_instant_of_a_year_lies_in_its_own_study_day(zone):
    instant, end_of_year, seen = utc(2026, 1, 1, 0, 15), utc(2027, 1, 1), set()
    while instant < end_of_year:
        day = study_day(instant, zone)
        start, end = day_bounds(day, zone)
        assert start <= instant < end, (zone, instant, day)
        seen.add(day)
        instant += timedelta(minutes=47)  # co-prime with the hour: every minute offset occurs
    assert len(seen) == 366  # the last day of 2025 (before 4 a.m.) and every day of 2026
