"""True retention: the share of spaced reviews not rated Again, per window of study days."""

from __future__ import annotations

import pytest

from quizapp.stats import AnswerRecord, true_retention
from tests.stats.conftest import answer, utc

NOW = utc(2026, 6, 30, 12, 0)  # study day 2026-06-30 in UTC


def by_days(windows):
    return {window.days: window for window in windows}


def test_counts_only_answers_to_facts_on_day_long_intervals():
    answers = [
        answer(utc(2026, 6, 30, 9), rating=3),  # review, recalled
        answer(utc(2026, 6, 30, 9, 5), rating=1),  # review, forgotten
        answer(utc(2026, 6, 30, 9, 6), rating=1, before="relearning"),  # a step: not counted
        answer(utc(2026, 6, 30, 9, 7), rating=3, before="learning"),  # a step: not counted
        answer(utc(2026, 6, 30, 9, 8), rating=3, before=None),  # first sight: not counted
        answer(utc(2026, 6, 29, 9), rating=2),  # Hard is remembered
        answer(utc(2026, 6, 29, 9, 1), rating=4, schedule=False),  # logged under the old rule: not counted
    ]
    week = by_days(true_retention(answers, NOW, "UTC", 0.9))[7]
    # Counted: Good, Again, Hard -> 2 recalled out of 3.
    assert (week.reviews, week.recalled) == (3, 2)
    assert week.rate == pytest.approx(2 / 3)
    assert week.desired == 0.9
    assert week.gap == pytest.approx(2 / 3 - 0.9)


def test_early_answers_count_right_and_wrong_but_same_day_repeats_do_not():
    """srs.EARLY_ANSWER_RULE: a practice answer days before the fact is due is a review like any
    other; an answer within a day of the fact's last review measures nothing spaced."""
    last = utc(2026, 6, 27, 9)
    answers = [
        AnswerRecord(utc(2026, 6, 29, 9), 3, "review", True, "a", last),  # two days on, early: counts
        AnswerRecord(utc(2026, 6, 29, 9), 1, "review", True, "b", last),  # early and wrong: counts
        AnswerRecord(utc(2026, 6, 29, 9, 30), 3, "review", True, "a", utc(2026, 6, 29, 9)),  # same day
        AnswerRecord(utc(2026, 6, 29, 8, 59), 3, "review", True, "c", utc(2026, 6, 28, 9)),  # 23h59
    ]
    week = by_days(true_retention(answers, NOW, "UTC", 0.9))[7]
    assert (week.reviews, week.recalled) == (2, 1)


def test_a_record_reads_the_stored_memory_of_a_log_row():
    record = AnswerRecord.from_log(
        utc(2026, 6, 29, 9), 3, {"state": "review", "last_review": "2026-06-27T09:00:00+00:00"}
    )
    assert (record.state_before, record.last_review, record.elapsed.days) == (
        "review",
        utc(2026, 6, 27, 9),
        2,
    )
    assert AnswerRecord.from_log(utc(2026, 6, 29, 9), 3, None).state_before is None


def test_windows_are_study_days_ending_today():
    answers = [
        answer(utc(2026, 6, 24, 4, 0), rating=3),  # 7th day back (June 24): in the week
        answer(utc(2026, 6, 24, 3, 59), rating=1),  # before 4 a.m.: June 23, outside the week
        answer(utc(2026, 6, 1, 12), rating=1),  # 30th day back: in the month
        answer(utc(2026, 5, 31, 12), rating=3),  # 31st day back: only in the year
        answer(utc(2025, 7, 1, 12), rating=3),  # 365th day back: in the year
        answer(utc(2025, 6, 30, 12), rating=1),  # 366th day back: nowhere
    ]
    windows = by_days(true_retention(answers, NOW, "UTC", 0.85))
    assert (windows[7].reviews, windows[7].recalled) == (1, 1)
    assert (windows[30].reviews, windows[30].recalled) == (3, 1)
    assert (windows[365].reviews, windows[365].recalled) == (5, 3)
    assert windows[365].rate == pytest.approx(0.6)


def test_windows_follow_the_learners_time_zone():
    # 2026-06-23 23:30 UTC is 01:30 on June 24 in Berlin: before 4 a.m., so Berlin's June 23.
    answers = [answer(utc(2026, 6, 23, 23, 30), rating=3)]
    assert by_days(true_retention(answers, NOW, "UTC", 0.9))[7].reviews == 0  # UTC: June 23
    assert by_days(true_retention(answers, NOW, "Europe/Berlin", 0.9))[7].reviews == 0  # Berlin: June 23 too
    # 02:30 UTC on June 24 is 04:30 in Berlin (June 24, in the week) but 02:30 in UTC (June 23).
    later = [answer(utc(2026, 6, 24, 2, 30), rating=3)]
    assert by_days(true_retention(later, NOW, "UTC", 0.9))[7].reviews == 0
    assert by_days(true_retention(later, NOW, "Europe/Berlin", 0.9))[7].reviews == 1


def test_no_reviews_means_no_rate_rather_than_zero():
    windows = true_retention([], NOW, "UTC", 0.9)
    assert [window.days for window in windows] == [7, 30, 365]
    assert all(window.rate is None and window.gap is None for window in windows)


def test_a_window_must_be_a_day_or_more():
    with pytest.raises(ValueError, match="at least one day"):
        true_retention([], NOW, "UTC", 0.9, windows=(0,))
