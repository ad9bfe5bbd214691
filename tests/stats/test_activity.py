"""Answers per study day and the streak, across time zones and the 4 a.m. rollover."""

from __future__ import annotations

from datetime import date

import pytest

from quizapp.stats import DayCount, Streak, answers_per_day, study_streak
from tests.stats.conftest import answer, utc


def test_heatmap_has_every_day_with_counts_on_study_days():
    now = utc(2026, 3, 10, 12)
    answers = [
        answer(utc(2026, 3, 10, 8)),
        answer(utc(2026, 3, 10, 9)),
        answer(utc(2026, 3, 10, 3, 30)),  # 03:30: still March 9
        answer(utc(2026, 3, 8, 20), before=None, schedule=False),  # every answer counts
        answer(utc(2026, 3, 1, 12)),  # before the window
    ]
    days = answers_per_day(answers, now, "UTC", days=5)
    assert days == [
        DayCount(date(2026, 3, 6), 0),
        DayCount(date(2026, 3, 7), 0),
        DayCount(date(2026, 3, 8), 1),
        DayCount(date(2026, 3, 9), 1),
        DayCount(date(2026, 3, 10), 2),
    ]


def test_a_year_of_days_ends_today():
    days = answers_per_day([], utc(2026, 3, 10, 12), "UTC")
    assert len(days) == 365
    assert days[-1].day == date(2026, 3, 10)
    assert days[0].day == date(2025, 3, 11)


def test_heatmap_days_are_local():
    # 22:30 UTC on March 9 is 07:30 on March 10 in Tokyo (UTC+9) but March 9 in UTC.
    answers = [answer(utc(2026, 3, 9, 22, 30))]
    now = utc(2026, 3, 10, 12)
    assert answers_per_day(answers, now, "UTC", days=2)[-2:] == [
        DayCount(date(2026, 3, 9), 1),
        DayCount(date(2026, 3, 10), 0),
    ]
    assert answers_per_day(answers, now, "Asia/Tokyo", days=2) == [
        DayCount(date(2026, 3, 9), 0),
        DayCount(date(2026, 3, 10), 1),
    ]


def test_streak_counts_consecutive_days_ending_today():
    now = utc(2026, 3, 10, 12)
    answers = [answer(utc(2026, 3, d, 9)) for d in (10, 9, 8, 5, 4, 3, 2)]
    streak = study_streak(answers, now, "UTC")
    assert (streak.current, streak.longest, streak.studied_today) == (3, 4, True)


def test_today_not_yet_studied_does_not_break_the_streak():
    now = utc(2026, 3, 10, 12)
    answers = [answer(utc(2026, 3, d, 9)) for d in (9, 8)]
    streak = study_streak(answers, now, "UTC")
    assert (streak.current, streak.longest, streak.studied_today) == (2, 2, False)


def test_a_missed_day_ends_the_streak():
    now = utc(2026, 3, 10, 12)
    answers = [answer(utc(2026, 3, d, 9)) for d in (8, 7)]  # nothing on the 9th
    assert study_streak(answers, now, "UTC").current == 0
    assert study_streak(answers, now, "UTC").longest == 2


def test_a_0330_answer_keeps_the_previous_days_streak_alive():
    # Berlin, winter (UTC+1). Studied on March 8 at 20:00, then at 03:30 local on March 10
    # (02:30 UTC): that is still study day March 9, so the streak is March 8-9 = 2 days,
    # and on March 10 at noon the learner has not studied "today" yet.
    now = utc(2026, 3, 10, 11)
    answers = [answer(utc(2026, 3, 8, 19)), answer(utc(2026, 3, 10, 2, 30))]
    streak = study_streak(answers, now, "Europe/Berlin")
    assert (streak.current, streak.studied_today) == (2, False)
    # The same instants for a learner in UTC: 02:30 UTC is also before 4 a.m., March 9. Same.
    assert study_streak(answers, now, "UTC").current == 2
    # In New York (UTC-5) 02:30 UTC is 21:30 on March 9 and 19:00 UTC on March 8 is 14:00 on
    # March 8; at 11:00 UTC it is 06:00 on March 10: a 2-day streak too, today not yet studied.
    assert study_streak(answers, now, "America/New_York").current == 2


@pytest.mark.parametrize(
    ("zone", "current", "studied_today"),
    [
        # 23:00 UTC on March 9 then 23:00 UTC on March 10; "now" is 23:30 UTC on March 10.
        ("UTC", 2, True),  # March 9, March 10
        ("Asia/Tokyo", 2, True),  # 08:00 Mar 10, 08:00 Mar 11; now 08:30 Mar 11
        ("America/Los_Angeles", 2, True),  # 16:00 Mar 9 (PDT from Mar 8), 16:00 Mar 10; now 16:30
    ],
)
def test_streak_in_other_zones(zone, current, studied_today):
    answers = [answer(utc(2026, 3, 9, 23)), answer(utc(2026, 3, 10, 23))]
    streak = study_streak(answers, utc(2026, 3, 10, 23, 30), zone)
    assert (streak.current, streak.studied_today) == (current, studied_today)


def test_the_same_answers_make_different_streaks_in_different_zones():
    # 03:00 and 05:00 UTC on March 10; "now" is 12:00 UTC on March 10.
    answers = [answer(utc(2026, 3, 10, 3)), answer(utc(2026, 3, 10, 5))]
    now = utc(2026, 3, 10, 12)
    # UTC: 03:00 is before the rollover (March 9), 05:00 is March 10 -> 2 days, studied today.
    assert study_streak(answers, now, "UTC") == Streak(current=2, longest=2, studied_today=True)
    # Tokyo (UTC+9): 12:00 and 14:00 on March 10 -> one day.
    assert study_streak(answers, now, "Asia/Tokyo") == Streak(current=1, longest=1, studied_today=True)
    # Honolulu (UTC-10): 17:00 and 19:00 on March 9; now is 02:00 March 10 local, still study day
    # March 9 -> one day, studied "today".
    assert study_streak(answers, now, "Pacific/Honolulu") == Streak(current=1, longest=1, studied_today=True)
    # Kolkata (UTC+5:30): 08:30 and 10:30 on March 10 -> one day.
    assert study_streak(answers, now, "Asia/Kolkata").current == 1
    # Only one answer, in Kolkata at 03:59 local on March 10 (22:29 UTC March 9): the evening before.
    late = [answer(utc(2026, 3, 9, 22, 29))]
    streak = study_streak(late, utc(2026, 3, 10, 6), "Asia/Kolkata")
    assert (streak.current, streak.studied_today) == (1, False)


def test_no_answers_no_streak():
    streak = study_streak([], utc(2026, 3, 10, 12), "UTC")
    assert (streak.current, streak.longest, streak.studied_today) == (0, 0, False)
