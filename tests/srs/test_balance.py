"""Load balancing and easy days (srs.balance), with hand-computed ranges and weights."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest

from quizapp.srs.balance import (
    MINIMUM,
    NORMAL,
    NORMAL_WEEK,
    REDUCED,
    CandidateDay,
    balanced,
    candidate_days,
    check_easy_days,
    day_weights,
    fuzz_range,
)
from quizapp.srs.scheduler import MemoryState

# Monday 2 March 2026, 09:00 UTC: study day 2 March in UTC (the day rolls over at 4 a.m.).
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TODAY = date(2026, 3, 2)


def reviewed(interval_days: int, state: str = "review") -> MemoryState:
    """A fact FSRS has just sent `interval_days` ahead."""
    return MemoryState(state, None, 10.0, 5.0, NOW + timedelta(days=interval_days), NOW)


@pytest.mark.parametrize(
    ("interval", "expected"),
    [
        # delta = 1 + 0.15 * (3 - 2.5) = 1.075: round(1.925) = 2, round(4.075) = 4
        (3, (2, 4)),
        # delta = 1 + 0.15 * 4.5 + 0.1 * (10 - 7) = 1.975: round(8.025) = 8, round(11.975) = 12
        (10, (8, 12)),
        # delta = 1 + 0.675 + 0.1 * 13 + 0.05 * (30 - 20) = 3.475: 26.525 -> 27, 33.475 -> 33
        (30, (27, 33)),
    ],
)
def test_the_range_is_py_fsrs_fuzz_range(interval, expected):
    assert fuzz_range(interval, 36500) == expected


def test_the_range_stops_at_the_maximum_interval():
    assert fuzz_range(30, 31) == (27, 31)


def test_candidates_are_the_study_days_of_the_range():
    candidates = candidate_days(reviewed(10), NOW, "UTC")
    assert [c.interval_days for c in candidates] == [8, 9, 10, 11, 12]
    assert candidates[0].day == date(2026, 3, 10) and candidates[-1].day == date(2026, 3, 14)


def test_a_learner_west_of_utc_counts_from_their_own_study_day():
    # 02:00 UTC on 2 March is 21:00 on 1 March in New York: their day 1 March, so 8 days on is 9 March.
    early = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
    state = MemoryState("review", None, 10.0, 5.0, early + timedelta(days=10), early)
    assert candidate_days(state, early, "America/New_York")[0].day == date(2026, 3, 9)


@pytest.mark.parametrize("interval", [1, 2, 91, 200])
def test_short_and_long_intervals_are_left_alone(interval):
    assert candidate_days(reviewed(interval), NOW, "UTC") == []


def test_facts_in_learning_steps_are_left_alone():
    assert candidate_days(reviewed(10, "relearning"), NOW, "UTC") == []


def test_weights_favour_empty_days_then_light_ones_then_earlier_ones():
    candidates = candidate_days(reviewed(10), NOW, "UTC")
    due = {TODAY + timedelta(days=d): n for d, n in {8: 4, 9: 0, 10: 2, 11: 1, 12: 3}.items()}
    assert day_weights(candidates, due) == pytest.approx(
        [1 / 16 / 8, 1.0, 1 / 4 / 10, 1 / 1 / 11, 1 / 9 / 12]  # (1 / due)^2 / interval; empty = 1
    )


def test_a_minimum_day_is_all_but_excluded():
    # 9 to 13 March 2026 are Monday to Friday; Wednesday 11 March is a Minimum day.
    candidates = [CandidateDay(i, TODAY + timedelta(days=i)) for i in range(7, 12)]
    week = (NORMAL, NORMAL, MINIMUM, NORMAL, NORMAL, NORMAL, NORMAL)
    weights = day_weights(candidates, {}, week)
    assert weights == pytest.approx([1.0, 1.0, 0.0001, 1.0, 1.0])


def test_a_reduced_day_takes_reviews_until_it_holds_half_the_others_average():
    candidates = [CandidateDay(i, TODAY + timedelta(days=i)) for i in range(7, 12)]  # Mon-Fri
    week = (NORMAL, NORMAL, REDUCED, NORMAL, NORMAL, NORMAL, NORMAL)
    others = {TODAY + timedelta(days=i): 4 for i in (7, 8, 10, 11)}  # average 4 on the other days
    wednesday = TODAY + timedelta(days=9)
    # 2 due on Wednesday: 2 / 0.5 = 4, not above 16 / 4 = 4, so it counts as a normal day.
    assert day_weights(candidates, {**others, wednesday: 2}, week)[2] == pytest.approx(1 / 4 / 9)
    # 3 due: 3 / 0.5 = 6 > 4, so it is treated as a Minimum day.
    assert day_weights(candidates, {**others, wednesday: 3}, week)[2] == pytest.approx(1 / 9 / 9 * 0.0001)


def test_the_pick_is_the_same_for_the_same_answer_and_lands_mostly_on_the_empty_day():
    candidates = candidate_days(reviewed(10), NOW, "UTC")
    due = {c.day: 5 for c in candidates}
    due[TODAY + timedelta(days=11)] = 0
    first = balanced(reviewed(10), candidates, due, "ada:bert-release:2026-03-02T09:00")
    assert balanced(reviewed(10), candidates, due, "ada:bert-release:2026-03-02T09:00") == first
    picks = Counter((balanced(reviewed(10), candidates, due, f"seed {n}").due - NOW).days for n in range(200))
    # Weights: 1 for day 11, 1/25/i (under 0.005) for the others: about 98 % on day 11.
    assert picks[11] >= 190 and set(picks) <= {8, 9, 10, 11, 12}


def test_only_the_due_date_moves():
    candidates = candidate_days(reviewed(10), NOW, "UTC")
    due = {c.day: 9 for c in candidates if c.interval_days != 8}
    moved = balanced(reviewed(10), candidates, due, "x")
    assert moved.due == NOW + timedelta(days=8)
    assert (moved.state, moved.stability, moved.difficulty, moved.last_review) == ("review", 10.0, 5.0, NOW)


def test_no_candidates_means_no_change():
    assert balanced(reviewed(2), [], {}, "x") == reviewed(2)


@pytest.mark.parametrize("bad", [(100,) * 6, (100, 100, 100, 100, 100, 100, 75), "1111111"])
def test_easy_days_must_be_seven_known_loads(bad):
    with pytest.raises(ValueError, match="easy days must be seven"):
        check_easy_days(bad)


def test_the_normal_week_is_all_normal():
    assert check_easy_days(NORMAL_WEEK) == (100,) * 7
