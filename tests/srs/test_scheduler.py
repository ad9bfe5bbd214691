"""The FSRS adapter: what a learner's answers do to a fact's schedule, with an explicit clock."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone

import pytest

from quizapp.srs.scheduler import (
    MemoryState,
    ReviewOutcome,
    SchedulerSettings,
    format_interval,
    is_due,
    needs_relearn,
    next_intervals,
    relearn,
    retrievability,
    review,
)

START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def study_for(days: int, rating_for: Callable[[int, MemoryState], int]) -> list[ReviewOutcome]:
    """A learner who answers every time the fact comes due, for `days` days from START.

    `rating_for(answer_number, state)` gives each rating; returns every outcome in order.
    """
    state, now, outcomes = MemoryState.new(START), START, []
    while now < START + timedelta(days=days):
        outcome = review(state, rating_for(len(outcomes), state), now)
        outcomes.append(outcome)
        state = outcome.after
        now = max(state.due, now)
    return outcomes


def interval(outcome: ReviewOutcome) -> timedelta:
    return outcome.after.due - outcome.reviewed_at


def test_intervals_grow_while_every_answer_is_good():
    outcomes = study_for(60, lambda _n, _state: 3)
    graduated = [interval(o) for o in outcomes if o.after.state == "review"]
    assert len(graduated) >= 3
    assert graduated == sorted(graduated) and len(set(graduated)) == len(graduated)
    assert graduated[0] >= timedelta(days=1)


def test_an_again_shrinks_the_interval_and_the_fact_recovers_more_slowly():
    # Good throughout, except Again on the first review after day 10.
    lapse_at: list[int] = []

    def rating(n: int, state: MemoryState) -> int:
        if not lapse_at and state.state == "review" and state.due >= START + timedelta(days=10):
            lapse_at.append(n)
            return 1
        return 3

    outcomes = study_for(60, rating)
    n = lapse_at[0]
    before_lapse, lapse = outcomes[n - 1], outcomes[n]
    assert lapse.is_lapse and lapse.after.state == "relearning"
    assert interval(lapse) == timedelta(minutes=10)
    assert lapse.after.stability < lapse.before.stability
    recovered = next(o for o in outcomes[n + 1 :] if o.after.state == "review")
    assert interval(recovered) < interval(before_lapse)
    later = [interval(o) for o in outcomes[n + 1 :] if o.after.state == "review"]
    assert len(later) >= 3 and later == sorted(later)


def test_the_same_answers_at_the_same_times_give_the_same_schedule():
    pattern = [3, 3, 1, 3, 2, 3, 4, 3, 1, 3, 3]

    def rating(n: int, _state: MemoryState) -> int:
        return pattern[n % len(pattern)]

    first, second = study_for(60, rating), study_for(60, rating)
    assert first == second


def test_a_state_survives_json_storage_exactly():
    outcomes = study_for(30, lambda n, _state: 1 if n == 4 else 3)
    for outcome in outcomes:
        for state in (outcome.before, outcome.after):
            stored = json.loads(json.dumps(state.to_dict()))
            assert MemoryState.from_dict(stored) == state
    # The stored times are UTC ISO strings; the next review from a restored state is the same.
    restored = MemoryState.from_dict(json.loads(json.dumps(outcomes[-1].after.to_dict())))
    assert restored.to_dict()["due"].endswith("+00:00")
    when = outcomes[-1].after.due
    assert review(restored, 3, when) == review(outcomes[-1].after, 3, when)


def test_times_in_other_zones_are_normalised_to_utc_and_naive_times_refused():
    berlin_time = datetime(2026, 1, 5, 10, 0, tzinfo=timezone(timedelta(hours=1)))
    outcome = review(MemoryState.new(), 3, berlin_time)
    assert outcome.reviewed_at == START and outcome.reviewed_at.tzinfo == UTC
    with pytest.raises(ValueError, match="timezone-aware"):
        review(MemoryState.new(), 3, datetime(2026, 1, 5, 9, 0))
    stored = {"state": "review", "step": None, "stability": 1.0, "difficulty": 5.0, "last_review": None}
    with pytest.raises(ValueError, match="missing 'due'"):
        MemoryState.from_dict(stored)
    with pytest.raises(ValueError, match="due must be timezone-aware"):
        MemoryState.from_dict({**stored, "due": "2026-01-05T09:00:00"})


@pytest.mark.parametrize("rating", [0, 5, 2.5, True, "3"])
def test_a_rating_outside_1_to_4_is_refused(rating):
    with pytest.raises(ValueError, match="rating must be"):
        review(MemoryState.new(), rating, START)


def test_a_review_before_the_last_one_is_refused():
    after = review(MemoryState.new(), 3, START).after
    with pytest.raises(ValueError, match="before the last review"):
        review(after, 3, START - timedelta(seconds=1))


def test_button_intervals_are_ordered_and_match_the_review_they_announce():
    state = study_for(10, lambda _n, _s: 3)[-1].after
    now = state.due
    shown = next_intervals(state, now)
    assert list(shown) == [1, 2, 3, 4]
    assert shown[1] < shown[2] < shown[3] < shown[4]
    for rating, label in shown.items():
        assert review(state, rating, now).after.due - now == label
    new = next_intervals(MemoryState.new(), START)
    assert [format_interval(new[r]) for r in (1, 2, 3)] == ["1m", "6m", "10m"]


def test_a_higher_desired_retention_schedules_sooner():
    state = study_for(10, lambda _n, _s: 3)[-1].after
    relaxed = next_intervals(state, state.due, SchedulerSettings(desired_retention=0.8))
    strict = next_intervals(state, state.due, SchedulerSettings(desired_retention=0.95))
    assert strict[3] < relaxed[3]


def test_the_maximum_interval_caps_the_schedule():
    state = study_for(60, lambda _n, _s: 4)[-1].after
    capped = next_intervals(state, state.due, SchedulerSettings(maximum_interval_days=5))
    assert capped[4] == timedelta(days=5)


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"desired_retention": 1.0}, "desired_retention"),
        ({"desired_retention": 0.0}, "desired_retention"),
        ({"maximum_interval_days": 0}, "maximum_interval_days"),
        ({"parameters": (0.2,) * 19}, "Expected 21 parameters"),
        ({"parameters": (500.0,) * 21}, "out of bounds"),
    ],
)
def test_bad_settings_are_refused_when_made(settings, message):
    with pytest.raises(ValueError, match=message):
        SchedulerSettings(**settings)


def test_parameters_given_as_a_list_are_usable():
    from fsrs.scheduler import DEFAULT_PARAMETERS

    settings = SchedulerSettings(parameters=list(DEFAULT_PARAMETERS))
    assert settings == SchedulerSettings(parameters=tuple(DEFAULT_PARAMETERS))
    assert review(MemoryState.new(), 3, START, settings) == review(MemoryState.new(), 3, START)


@pytest.mark.parametrize(
    ("interval", "label"),
    [
        (timedelta(seconds=-5), "<1m"),
        (timedelta(seconds=30), "<1m"),
        (timedelta(minutes=1), "1m"),
        (timedelta(minutes=10), "10m"),
        (timedelta(minutes=59, seconds=50), "1h"),
        (timedelta(minutes=90), "1.5h"),
        (timedelta(days=1), "1d"),
        (timedelta(days=12), "12d"),
        (timedelta(days=105), "3.5mo"),
        (timedelta(days=360), "1y"),
        (timedelta(days=438), "1.2y"),
    ],
)
def test_interval_labels(interval, label):
    assert format_interval(interval) == label


def test_recall_is_unknown_for_a_new_fact_and_fades_with_time():
    assert retrievability(MemoryState.new(), START) is None
    state = study_for(20, lambda _n, _s: 3)[-1].after
    last = state.last_review
    figures = [retrievability(state, last + timedelta(days=d)) for d in (0, 1, 5, 30, 300)]
    assert figures[0] == pytest.approx(1.0)
    assert figures == sorted(figures, reverse=True) and len(set(figures)) == len(figures)
    # At its due date the fact has fallen to about the desired retention.
    assert retrievability(state, state.due) == pytest.approx(0.9, abs=0.02)


def test_a_review_fact_is_due_all_day_a_learning_step_only_once_its_time_has_come():
    review_state = study_for(10, lambda _n, _s: 3)[-1].after
    day_end = review_state.due + timedelta(hours=6)
    early = review_state.due - timedelta(hours=3)
    assert is_due(review_state, early, day_end)
    assert not is_due(review_state, early)
    learning = review(MemoryState.new(), 3, START).after  # next step in 10 minutes
    assert not is_due(learning, START + timedelta(minutes=9), START + timedelta(hours=12))
    assert is_due(learning, START + timedelta(minutes=10), START + timedelta(hours=12))


def test_a_changed_answer_makes_a_learner_who_knew_it_relearn_from_scratch():
    known = study_for(40, lambda _n, _s: 3)[-1].after
    changed_at = known.last_review + timedelta(days=2)
    assert needs_relearn(known, changed_at)
    assert not needs_relearn(known, None)
    assert not needs_relearn(known, known.last_review - timedelta(days=1))

    now = changed_at + timedelta(hours=5)
    fresh = relearn(known, now)
    assert fresh == MemoryState(state="learning", step=0, stability=None, difficulty=None, due=now)
    assert not needs_relearn(fresh, changed_at)  # done once, not again on every sync
    assert is_due(fresh, now) and retrievability(fresh, now) is None
    # The next answer starts the new memory as for a new fact: no trace of the old stability.
    assert review(fresh, 3, now).after.stability == review(MemoryState.new(), 3, now).after.stability
