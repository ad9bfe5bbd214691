"""The exam rule, on constructed memories with figures worked by hand from FSRS-6's curve
(published decay w20 = 0.1542, F = 0.9^(-1/w20) - 1 = 0.98043): R(t, S) = (1 + F·t/S)^-w20 over
whole days t, and the days until recall falls to r are S/F · (r^(-1/w20) - 1)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from quizapp.srs import (
    MemoryState,
    SchedulerSettings,
    exam_moment,
    fit_to_exam,
    intervals_before_exam,
    next_intervals,
    recall_on_exam,
    retrievability,
    review,
)
from quizapp.srs.exam import days_to_retention

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
AIM_90 = SchedulerSettings(desired_retention=0.9)
AIM_95 = SchedulerSettings(desired_retention=0.95)


def reviewed(stability: float, due_in_days: float) -> MemoryState:
    return MemoryState("review", None, stability, 5.0, T0 + timedelta(days=due_in_days), T0)


def test_the_exam_is_measured_at_the_start_of_its_study_day():
    assert exam_moment(date(2026, 3, 10), "Europe/Berlin") == datetime(2026, 3, 10, 3, 0, tzinfo=UTC)
    assert exam_moment(date(2026, 7, 10), "Europe/Berlin") == datetime(2026, 7, 10, 2, 0, tzinfo=UTC)


def test_days_until_recall_falls_to_a_target():
    assert days_to_retention(10.5, 0.9, AIM_90) == pytest.approx(10.5)  # t = S at 90 %, by definition
    # 10 / 0.98043 × (0.95^-6.48508 - 1) = 10.19961 × 0.394685 = 4.0256
    assert days_to_retention(10, 0.95, AIM_95) == pytest.approx(4.0256, abs=1e-3)


def test_a_review_set_for_a_lower_aim_is_brought_before_the_exam():
    # Scheduled at 90 %: due in 10 days. The learner now aims at 95 % with an exam in 8 days:
    # R(8, 10) = (1 + 0.98043 × 0.8)^-0.1542 = 0.9146 < 0.95, so the review comes after 4 whole
    # days (4.0256 floored), where recall is still at least 95 %.
    state = reviewed(10, 10)
    fitted = fit_to_exam(state, T0 + timedelta(days=8), AIM_95)
    assert fitted.due == T0 + timedelta(days=4)
    assert (fitted.stability, fitted.last_review, fitted.state) == (10, T0, "review")


def test_a_due_day_placed_later_than_fsrs_s_own_is_brought_before_the_exam():
    # Due in 13 days (spread to a quieter day), exam in 12: R(12, 10.5) = 0.8899 < 0.9, so the
    # review comes after floor(10.5) = 10 days.
    fitted = fit_to_exam(reviewed(10.5, 13), T0 + timedelta(days=12), AIM_90)
    assert fitted.due == T0 + timedelta(days=10)


@pytest.mark.parametrize(
    ("state", "exam_in_days", "why"),
    [
        (reviewed(10, 10), 3, "R(3, 10) = 0.9610 is at least 95 %"),
        (reviewed(10, 10), 12, "due before the exam: its review lands before it anyway"),
        (reviewed(10, 10), None, "no exam"),
        (MemoryState.new(T0), 8, "never learned"),
        (MemoryState("learning", 1, 3.2, 5.0, T0 + timedelta(days=20), T0), 8, "in learning steps"),
    ],
)
def test_facts_the_exam_does_not_concern_are_left_alone(state, exam_in_days, why):
    exam_at = None if exam_in_days is None else T0 + timedelta(days=exam_in_days)
    assert fit_to_exam(state, exam_at, AIM_95) == state, why


def test_the_rating_buttons_show_the_intervals_the_exam_leaves():
    """Each button's interval either ends before the exam or leaves recall on the day at the aim."""
    state = reviewed(10, 10)
    later = T0 + timedelta(days=10)
    exam_at = later + timedelta(days=9)
    plain = next_intervals(state, later, AIM_95)
    capped = intervals_before_exam(state, later, exam_at, AIM_95)
    assert capped[1] == plain[1]  # Again: a 10-minute step, before the exam
    for rating in (2, 3, 4):
        after = review(state, rating, later, AIM_95).after
        assert capped[rating] <= plain[rating]
        if later + capped[rating] > exam_at:
            assert retrievability(replace(after, due=later + capped[rating]), exam_at, AIM_95) >= 0.95
    # FSRS's own fresh intervals end where recall meets the aim, so none needs shortening here:
    # the rule bites on states scheduled under another aim or placed later (tests above).
    assert capped == plain
    assert intervals_before_exam(state, later, None, AIM_95) == plain


def test_recall_on_the_exam_day_by_section():
    # R(8, 10) = 0.91458 and R(8, 40) = (1 + 0.98043 × 0.2)^-0.1542 = 0.97277: mean 0.94368.
    groups = {"history": [reviewed(10, 10), reviewed(40, 40), None], "risks": [None]}
    found = recall_on_exam(groups, T0 + timedelta(days=8), AIM_95)
    history, risks = found
    assert (history.group, history.facts, history.learned, history.below_target) == ("history", 3, 2, 1)
    assert history.mean_recall == pytest.approx(0.94368, abs=1e-4)
    assert (risks.facts, risks.learned, risks.mean_recall, risks.below_target) == (1, 0, None, 0)
    # Aiming at 90 %, neither is under.
    assert recall_on_exam(groups, T0 + timedelta(days=8), AIM_90)[0].below_target == 0
