"""Today's study queue: due facts first by recall, then new facts, within the learner's limits."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from quizapp.srs.queue import (
    CardSnapshot,
    QueuedFact,
    StudyLimits,
    StudyQueue,
    build_study_queue,
    counts_against_review_limit,
)
from quizapp.srs.scheduler import MemoryState, relearn, retrievability, review

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)  # 10:00 in Berlin; the study day ends 03:00 UTC
BERLIN = "Europe/Berlin"
GENEROUS = StudyLimits(new_per_day=20, reviews_per_day=200)


def on_intervals(fact_id: str, stability: float, reviewed_days_ago: float, due_in: timedelta) -> CardSnapshot:
    """A fact on day-long intervals with a chosen memory, last seen `reviewed_days_ago` days ago."""
    return CardSnapshot(
        fact_id,
        MemoryState(
            state="review",
            step=None,
            stability=stability,
            difficulty=5.0,
            due=NOW + due_in,
            last_review=NOW - timedelta(days=reviewed_days_ago),
        ),
    )


def in_steps(fact_id: str, due_in: timedelta) -> CardSnapshot:
    """A fact in its learning steps (answered Good once), whose next step is `due_in` from NOW."""
    answered = NOW + due_in - timedelta(minutes=10)
    return CardSnapshot(fact_id, review(MemoryState.new(), 3, answered).after)


def queue(cards=(), unseen=(), reviews_done=0, new_done=0, limits=GENEROUS, now=NOW, zone=BERLIN):
    return build_study_queue(list(cards), list(unseen), reviews_done, new_done, limits, now, zone)


def test_due_reviews_come_first_lowest_recall_first_ties_by_fact_id():
    cards = [
        on_intervals("f-mild", stability=10, reviewed_days_ago=10, due_in=timedelta(hours=-1)),
        on_intervals("f-worst", stability=2, reviewed_days_ago=20, due_in=timedelta(days=-15)),
        on_intervals("f-tie-b", stability=5, reviewed_days_ago=8, due_in=timedelta(days=-3)),
        on_intervals("f-tie-a", stability=5, reviewed_days_ago=8, due_in=timedelta(days=-3)),
        on_intervals("f-not-due", stability=30, reviewed_days_ago=2, due_in=timedelta(days=20)),
    ]
    result = queue(cards, unseen=["n1", "n2"])
    assert [entry.fact_id for entry in result.order] == [
        "f-worst",
        "f-tie-a",
        "f-tie-b",
        "f-mild",
        "n1",
        "n2",
    ]
    recalls = [entry.retrievability for entry in result.order if entry.kind == "review"]
    assert recalls == sorted(recalls)
    assert recalls[0] == retrievability(cards[1].state, NOW)
    assert (result.next_fact_id, result.is_new, result.due_left, result.new_left) == ("f-worst", False, 4, 2)


def test_a_review_falling_due_later_today_is_due_now_but_not_one_due_after_4am():
    later_today = on_intervals("today", stability=5, reviewed_days_ago=5, due_in=timedelta(hours=17))
    tomorrow = on_intervals("tomorrow", stability=5, reviewed_days_ago=5, due_in=timedelta(hours=18))
    result = queue([later_today, tomorrow])
    assert [entry.fact_id for entry in result.order] == ["today"]


def test_whether_a_review_is_due_today_depends_on_the_learners_zone():
    # Due at 05:00 UTC on the 11th; it is 22:00 UTC on the 10th.
    now = datetime(2026, 3, 10, 22, 0, tzinfo=UTC)
    card = CardSnapshot(
        "f1",
        MemoryState(
            state="review",
            step=None,
            stability=5.0,
            difficulty=5.0,
            due=datetime(2026, 3, 11, 5, 0, tzinfo=UTC),
            last_review=now - timedelta(days=4),
        ),
    )
    assert queue([card], now=now, zone="Europe/Berlin").due_left == 0  # the day ends 03:00 UTC
    assert queue([card], now=now, zone="America/Los_Angeles").due_left == 1  # ends 11:00 UTC


def test_new_facts_follow_in_article_order_up_to_the_daily_limit():
    limits = StudyLimits(new_per_day=3, reviews_per_day=100)
    unseen = ["s1-f3", "s1-f1", "s2-f1", "s2-f2"]
    fresh = queue(unseen=unseen, limits=limits)
    assert [entry.fact_id for entry in fresh.order] == ["s1-f3", "s1-f1", "s2-f1"]
    assert (fresh.next_fact_id, fresh.is_new, fresh.new_left, fresh.due_left) == ("s1-f3", True, 3, 0)
    assert queue(unseen=unseen, new_done=2, limits=limits).new_left == 1
    spent = queue(unseen=unseen, new_done=3, limits=limits)
    assert (spent.next_fact_id, spent.is_new, spent.new_left, spent.order) == (None, False, 0, ())
    assert queue(unseen=unseen, new_done=9, limits=limits).new_left == 0
    assert queue(unseen=unseen[:1], limits=limits).new_left == 1


def test_the_review_limit_caps_reviews_and_says_how_many_wait():
    cards = [
        on_intervals(f"f{i}", stability=3, reviewed_days_ago=3 + i, due_in=timedelta(days=-i))
        for i in range(6)
    ]
    limits = StudyLimits(new_per_day=5, reviews_per_day=4)
    result = queue(cards, unseen=["n1"], reviews_done=1, limits=limits)
    assert [entry.fact_id for entry in result.order] == ["f5", "f4", "f3", "n1"]
    assert (result.due_left, result.reviews_held_back, result.new_left) == (3, 3, 1)
    done = queue(cards, reviews_done=4, limits=limits)
    assert (done.due_left, done.reviews_held_back, done.next_fact_id) == (0, 6, None)


def test_learning_steps_that_came_due_go_first_and_ignore_the_review_limit():
    cards = [
        on_intervals("review", stability=3, reviewed_days_ago=9, due_in=timedelta(days=-6)),
        in_steps("step-late", due_in=timedelta(minutes=-1)),
        in_steps("step-early", due_in=timedelta(minutes=-5)),
        in_steps("step-not-yet", due_in=timedelta(minutes=7)),
    ]
    result = queue(cards, unseen=["n1"])
    assert [(entry.fact_id, entry.kind) for entry in result.order] == [
        ("step-early", "learning"),
        ("step-late", "learning"),
        ("review", "review"),
        ("n1", "new"),
    ]
    capped = queue(cards, reviews_done=200)
    assert [entry.fact_id for entry in capped.order] == ["step-early", "step-late"]
    assert capped.due_left == 2


def test_when_nothing_is_due_the_queue_says_when_the_next_step_comes_due():
    # Steps more than the 20-minute learn-ahead limit away are waited for.
    cards = [
        in_steps("soon", due_in=timedelta(minutes=27)),
        in_steps("sooner", due_in=timedelta(minutes=23)),
        on_intervals("next-week", stability=9, reviewed_days_ago=2, due_in=timedelta(days=7)),
    ]
    result = queue(cards)
    assert (result.next_fact_id, result.due_left, result.order) == (None, 0, ())
    assert result.next_due_at == NOW + timedelta(minutes=23)
    assert result.next_review_at == NOW + timedelta(minutes=23)
    # A step that would come due after the 4 a.m. rollover is tomorrow's business.
    late_evening = datetime(2026, 3, 11, 2, 55, tzinfo=UTC)  # 03:55 in Berlin
    step = CardSnapshot("f", review(MemoryState.new(), 3, late_evening - timedelta(minutes=2)).after)
    assert queue([step], now=late_evening).next_due_at is None
    assert queue([], now=NOW).next_due_at is None


def test_a_fact_reset_for_relearning_is_due_first_and_uses_no_new_fact_allowance():
    changed = CardSnapshot("changed", relearn(on_intervals("changed", 40, 3, timedelta(days=30)).state, NOW))
    overdue = on_intervals("overdue", stability=1, reviewed_days_ago=30, due_in=timedelta(days=-29))
    result = queue([overdue, changed], unseen=["n1"], new_done=0, limits=StudyLimits(1, 10))
    assert [(entry.fact_id, entry.kind) for entry in result.order] == [
        ("changed", "learning"),
        ("overdue", "review"),
        ("n1", "new"),
    ]
    assert (result.due_left, result.new_left) == (2, 1)


def test_the_queue_is_a_pure_function_of_its_inputs():
    cards = [on_intervals(f"f{i}", 2 + i % 3, 5, timedelta(days=-1)) for i in range(10)]
    assert queue(cards, unseen=["a", "b"]) == queue(list(reversed(cards)), unseen=["a", "b"])


@pytest.mark.parametrize(
    ("cards", "unseen", "message"),
    [
        ([in_steps("f1", timedelta(0)), in_steps("f1", timedelta(0))], [], "twice"),
        ([in_steps("f1", timedelta(0))], ["f1"], "both seen and unseen"),
    ],
)
def test_inconsistent_inputs_are_refused(cards, unseen, message):
    with pytest.raises(ValueError, match=message):
        queue(cards, unseen)


def test_negative_limits_are_refused():
    with pytest.raises(ValueError, match="negative"):
        StudyLimits(new_per_day=-1, reviews_per_day=10)


def test_only_answers_to_facts_on_intervals_count_against_the_review_limit():
    new = MemoryState.new()
    stepping = review(new, 3, NOW).after
    on_days = review(stepping, 3, NOW + timedelta(minutes=10)).after
    assert [counts_against_review_limit(state) for state in (new, stepping, on_days)] == [
        False,
        False,
        True,
    ]


def test_with_first_moves_a_queued_fact_to_the_front_and_ignores_one_not_queued():
    order = (QueuedFact("a", "learning", 0.5), QueuedFact("b", "review", 0.8), QueuedFact("c", "new", None))
    queue = StudyQueue("a", False, 2, 1, None, 0, order)
    moved = queue.with_first("c")
    assert (moved.next_fact_id, moved.is_new) == ("c", True)
    assert [entry.fact_id for entry in moved.order] == ["c", "a", "b"]
    assert (moved.due_left, moved.new_left) == (2, 1)
    assert queue.with_first("z") is queue
