"""Today's summary from a constructed log, figures worked out by hand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from quizapp.stats import AnswerRecord, today_summary

# Tuesday 3 March 2026, 10:00 in Berlin (UTC+1): the study day began at 04:00 local, 03:00 UTC.
NOW = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)
ZONE = "Europe/Berlin"


def answer(at: datetime, rating: int, before: str | None, seconds: float | None, days_since: float = 3):
    last = None if before is None else at - timedelta(days=days_since)
    return AnswerRecord(at, rating, before, True, "f", last, seconds)


def test_a_constructed_day_against_a_goal_of_ten():
    log = [
        # Monday, 23:30 local and 03:59 local on Tuesday's calendar date: both Monday's study day.
        answer(datetime(2026, 3, 2, 22, 30, tzinfo=UTC), 3, "review", 10.0),
        answer(datetime(2026, 3, 3, 2, 59, tzinfo=UTC), 3, "review", 10.0),
        # Tuesday's study day from 04:00 local (03:00 UTC):
        answer(datetime(2026, 3, 3, 3, 0, tzinfo=UTC), 3, None, 30.0),  # a new fact
        answer(datetime(2026, 3, 3, 3, 1, tzinfo=UTC), 1, "learning", 12.0, days_since=0.001),
        answer(datetime(2026, 3, 3, 5, 0, tzinfo=UTC), 3, "review", 20.0),  # remembered
        answer(datetime(2026, 3, 3, 5, 1, tzinfo=UTC), 1, "review", 25.0),  # forgotten
        answer(datetime(2026, 3, 3, 5, 2, tzinfo=UTC), 4, "review", None),  # remembered, time unknown
        answer(datetime(2026, 3, 3, 5, 3, tzinfo=UTC), 3, "review", 33.0, days_since=0.5),  # same-day repeat
        answer(datetime(2026, 3, 3, 6, 0, tzinfo=UTC), 2, None, 40.0),  # a second new fact
    ]
    today = today_summary(log, NOW, ZONE, goal=10)
    assert today.answers == 7
    assert today.seconds == 30 + 12 + 20 + 25 + 33 + 40  # 160 s
    assert today.minutes == 3  # 2 min 40 s, to the nearest minute
    assert today.new_facts == 2
    assert (today.reviews, today.recalled) == (3, 2)  # the same-day repeat and the learning step don't count
    assert today.retention == pytest.approx(2 / 3)
    assert (today.goal_left, today.goal_met, today.goal_share) == (3, False, 0.7)


def test_the_goal_met_and_a_day_without_reviews():
    log = [answer(NOW - timedelta(minutes=m), 3, None, 5.0) for m in range(12)]
    today = today_summary(log, NOW, ZONE, goal=12)
    assert (today.answers, today.goal_left, today.goal_met, today.goal_share) == (12, 0, True, 1.0)
    assert today.retention is None and today.reviews == 0
    nothing = today_summary([], NOW, ZONE, goal=0)
    assert (nothing.answers, nothing.goal_met, nothing.goal_share, nothing.minutes) == (0, False, 0.0, 0)
    with pytest.raises(ValueError):
        today_summary([], NOW, ZONE, goal=-1)
