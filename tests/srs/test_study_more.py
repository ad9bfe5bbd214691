"""Studying when nothing is due: learning steps shown up to 20 minutes early (Anki's learn-ahead
limit), when the next review comes, study ahead (soonest or weakest) and a cram's order.

Recall figures are worked by hand from FSRS-6's forgetting curve with the published decay
w20 = 0.1542: R(t, S) = (1 + F·t/S)^-w20 with F = 0.9^(-1/w20) - 1, so R = 0.9 when t = S.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from quizapp.srs.queue import (
    LEARN_AHEAD,
    CardSnapshot,
    StudyLimits,
    build_study_queue,
    cram_order,
    study_ahead_order,
)
from quizapp.srs.scheduler import MemoryState, review

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)  # 10:00 in Berlin; the study day ends 03:00 UTC on the 11th
BERLIN = "Europe/Berlin"
GENEROUS = StudyLimits(new_per_day=20, reviews_per_day=200)
DECAY = 0.1542
FACTOR = 0.9 ** (-1 / DECAY) - 1


def recall(elapsed_days: float, stability: float) -> float:
    return (1 + FACTOR * elapsed_days / stability) ** -DECAY


def on_intervals(fact_id: str, stability: float, reviewed_days_ago: int, due_in: timedelta) -> CardSnapshot:
    state = MemoryState(
        state="review",
        step=None,
        stability=stability,
        difficulty=5.0,
        due=NOW + due_in,
        last_review=NOW - timedelta(days=reviewed_days_ago),
    )
    return CardSnapshot(fact_id, state)


def in_steps(fact_id: str, due_in: timedelta) -> CardSnapshot:
    """Answered Good once as a new fact: py-fsrs's second step is 10 minutes later."""
    return CardSnapshot(fact_id, review(MemoryState.new(), 3, NOW + due_in - timedelta(minutes=10)).after)


def queue(cards=(), unseen=(), reviews_done=0, limits=GENEROUS):
    return build_study_queue(list(cards), list(unseen), reviews_done, 0, limits, NOW, BERLIN)


def test_the_learn_ahead_limit_is_anki_s_twenty_minutes():
    assert LEARN_AHEAD == timedelta(minutes=20)


def test_with_nothing_else_left_steps_due_within_20_minutes_are_shown_earliest_first():
    cards = [
        in_steps("in-19", timedelta(minutes=19)),
        in_steps("in-5", timedelta(minutes=5)),
        in_steps("in-20", timedelta(minutes=20)),  # exactly at the limit: shown
        in_steps("in-21", timedelta(minutes=21)),  # just beyond: waited for
        on_intervals("next-week", 9, 2, timedelta(days=7)),
    ]
    result = queue(cards)
    assert [(entry.fact_id, entry.kind) for entry in result.order] == [
        ("in-5", "learning"),
        ("in-19", "learning"),
        ("in-20", "learning"),
    ]
    assert (result.next_fact_id, result.due_left) == ("in-5", 3)
    assert result.next_due_at == NOW + timedelta(minutes=21)


def test_steps_are_not_learnt_ahead_while_anything_else_is_left():
    cards = [in_steps("in-5", timedelta(minutes=5)), on_intervals("due", 3, 9, timedelta(days=-6))]
    assert [entry.fact_id for entry in queue(cards).order] == ["due"]
    assert [entry.fact_id for entry in queue(cards[:1], unseen=["new"]).order] == ["new"]
    # Reviews held back by the daily limit leave nothing to do: the step is learnt ahead.
    capped = queue(cards, reviews_done=200, limits=GENEROUS)
    assert [entry.fact_id for entry in capped.order] == ["in-5"] and capped.reviews_held_back == 1


def test_next_review_is_the_earliest_fact_not_queued_whatever_the_day():
    cards = [
        on_intervals("in-3-days", 9, 2, timedelta(days=3)),
        on_intervals("in-30-days", 40, 2, timedelta(days=30)),
        on_intervals("due", 3, 9, timedelta(days=-6)),  # queued: not the next review
    ]
    assert queue(cards).next_review_at == NOW + timedelta(days=3)
    # Held back by the limit, "due" is due already: the next one to come is still in 3 days.
    assert queue(cards, reviews_done=200).next_review_at == NOW + timedelta(days=3)
    assert queue([]).next_review_at is None


def test_study_ahead_soonest_orders_facts_not_due_today_by_due_time():
    cards = [
        on_intervals("in-9-days", 10, 1, timedelta(days=9)),
        on_intervals("in-2-days", 20, 18, timedelta(days=2)),
        on_intervals("later-today", 5, 5, timedelta(hours=12)),  # due today: the queue's, not ahead
        in_steps("step", timedelta(minutes=30)),  # learning steps are never studied ahead
        on_intervals("reviewed-today", 20, 0, timedelta(days=1)),  # already studied this study day
    ]
    order = study_ahead_order(cards, NOW, BERLIN, "soonest")
    assert [(entry.fact_id, entry.kind) for entry in order] == [
        ("in-2-days", "ahead"),
        ("in-9-days", "ahead"),
    ]
    # S = 20 after 18 days and S = 10 after 1 day, by the curve.
    assert order[0].retrievability == pytest.approx(recall(18, 20), abs=1e-9)
    assert order[1].retrievability == pytest.approx(recall(1, 10), abs=1e-9)


def test_study_ahead_weakest_orders_by_predicted_recall_now():
    cards = [
        on_intervals("strong", 100, 10, timedelta(days=2)),  # R(10, 100) ≈ 0.988
        on_intervals("at-ninety", 10, 10, timedelta(days=8)),  # t = S: R = 0.9 exactly
        on_intervals("weak", 4, 6, timedelta(days=5)),  # R(6, 4) = (1 + 0.98043 × 1.5)^-0.1542 ≈ 0.8698
    ]
    order = study_ahead_order(cards, NOW, BERLIN, "weakest")
    assert [entry.fact_id for entry in order] == ["weak", "at-ninety", "strong"]
    assert order[1].retrievability == pytest.approx(0.9, abs=1e-9)
    assert order[0].retrievability == pytest.approx(0.8698, abs=1e-4)
    with pytest.raises(ValueError, match="soonest"):
        study_ahead_order(cards, NOW, BERLIN, "random")  # type: ignore[arg-type]


def test_a_cram_goes_weakest_first_then_unseen_in_article_order_until_each_is_recalled():
    states = {
        "strong": on_intervals("strong", 100, 10, timedelta(days=90)).state,
        "weak": on_intervals("weak", 4, 6, timedelta(days=5)).state,
        "done": on_intervals("done", 4, 6, timedelta(days=5)).state,
    }
    article_order = ["unseen-b", "strong", "done", "weak", "unseen-a"]
    order = cram_order(article_order, states, {"done"}, NOW)
    assert [(entry.fact_id, entry.kind) for entry in order] == [
        ("weak", "cram"),
        ("strong", "cram"),
        ("unseen-b", "cram"),
        ("unseen-a", "cram"),
    ]
    assert order[0].retrievability == pytest.approx(recall(6, 4), abs=1e-9)
    assert cram_order(article_order, states, set(article_order), NOW) == ()
