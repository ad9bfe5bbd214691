"""Mastery by section, the due forecast, the hardest facts, one fact's memory and practice scores."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from quizapp.srs import MemoryState, review
from quizapp.stats import (
    MASTERY_STABILITY_DAYS,
    ClassAnswer,
    DayCount,
    FactRecord,
    PracticeRecord,
    SectionRecord,
    due_forecast,
    hardest_facts,
    least_known_facts,
    mastery_by_section,
    memory_summary,
    practice_scores,
)
from tests.stats.conftest import memory, utc

NOW = utc(2026, 4, 1, 12)
SECTIONS = [
    SectionRecord("history", "History"),
    SectionRecord("risks", "Risks"),
    SectionRecord("empty", "Empty"),
]


def test_mastery_threshold_is_three_weeks_of_stability():
    assert MASTERY_STABILITY_DAYS == 21


def test_mastery_by_section():
    facts = [
        FactRecord("h1", "history", memory=memory(21.0, NOW)),  # exactly at the line: mastered
        FactRecord("h2", "history", memory=memory(20.99, NOW)),  # just below: learning
        FactRecord("h3", "history", memory=memory(80.0, NOW)),  # mastered
        FactRecord("h4", "history"),  # never seen
        FactRecord("r1", "risks", memory=memory(None, NOW, state="learning")),  # reset: seen
        FactRecord("r2", "risks"),
        FactRecord("x1", "elsewhere", memory=memory(50.0, NOW)),  # not a listed section: ignored
    ]
    history, risks = mastery_by_section(SECTIONS, facts)
    assert (history.section_id, history.facts, history.mastered, history.learning, history.never_seen) == (
        "history",
        4,
        2,
        1,
        1,
    )
    assert (history.mastered_share, history.learning_share, history.never_seen_share) == (0.5, 0.25, 0.25)
    assert (risks.facts, risks.mastered, risks.learning, risks.never_seen) == (2, 0, 1, 1)
    assert risks.never_seen_share == 0.5


def test_a_new_learner_has_seen_nothing():
    facts = [FactRecord("h1", "history"), FactRecord("r1", "risks")]
    assert [(m.title, m.mastered_share, m.never_seen_share) for m in mastery_by_section(SECTIONS, facts)] == [
        ("History", 0.0, 1.0),
        ("Risks", 0.0, 1.0),
    ]


def test_forecast_counts_due_facts_per_study_day():
    memories = [
        memory(3.0, utc(2026, 3, 20, 9)),  # overdue: today
        memory(3.0, utc(2026, 4, 1, 20)),  # today
        memory(
            None, utc(2026, 4, 1, 12, 10), state="learning", last_review=utc(2026, 4, 1, 12)
        ),  # a step: today
        memory(3.0, utc(2026, 4, 2, 3, 59)),  # 03:59 April 2 is still study day April 1
        memory(3.0, utc(2026, 4, 2, 4, 0)),  # April 2
        memory(9.0, utc(2026, 4, 4, 10)),  # April 4
        memory(60.0, utc(2026, 4, 4, 3, 0)),  # April 3 (before the rollover)
        memory(90.0, utc(2026, 6, 1, 10)),  # beyond the window
    ]
    days = due_forecast(memories, NOW, "UTC", days=4)
    assert days == [
        DayCount(date(2026, 4, 1), 4),
        DayCount(date(2026, 4, 2), 1),
        DayCount(date(2026, 4, 3), 1),
        DayCount(date(2026, 4, 4), 1),
    ]


def test_forecast_days_are_local():
    # 22:00 UTC on April 2 is 07:00 on April 3 in Tokyo.
    memories = [memory(5.0, utc(2026, 4, 2, 22))]
    assert [d.count for d in due_forecast(memories, NOW, "UTC", days=3)] == [0, 1, 0]
    assert [d.count for d in due_forecast(memories, NOW, "Asia/Tokyo", days=3)] == [0, 0, 1]


def test_forecast_is_thirty_days_by_default_even_when_empty():
    days = due_forecast([], NOW, "UTC")
    assert len(days) == 30 and sum(d.count for d in days) == 0
    assert days[-1].day == date(2026, 4, 30)


def test_hardest_facts_most_lapses_then_least_stable():
    facts = [
        FactRecord("a", "history", "A", memory(10.0, NOW), lapses=1),
        FactRecord("b", "history", "B", memory(2.0, NOW), lapses=3),
        FactRecord("c", "risks", "C", memory(1.5, NOW), lapses=1),
        FactRecord("d", "risks", "D", memory(0.5, NOW), lapses=0),  # never forgotten: not listed
        FactRecord("e", "risks", "E", memory(None, NOW, state="learning"), lapses=1),  # reset: least stable
        FactRecord("f", "risks", "F"),  # never seen
    ]
    hardest = hardest_facts(facts)
    assert [(h.fact_id, h.lapses) for h in hardest] == [("b", 3), ("e", 1), ("c", 1), ("a", 1)]
    assert [h.fact_id for h in hardest_facts(facts, limit=2)] == ["b", "e"]


def test_memory_summary_of_a_reviewed_fact():
    start = utc(2026, 4, 1, 9)
    first = review(MemoryState.new(start), 3, start)  # Good: 10-minute step
    second = review(first.after, 3, start + timedelta(minutes=10))  # graduates to days
    state = second.after
    assert state.state == "review"
    summary = memory_summary(state, NOW, "UTC")
    assert summary.stability == state.stability and summary.difficulty == state.difficulty
    assert state.due.hour == 9  # due at 09:10 UTC some day later: that calendar day is its study day
    assert summary.due_day == state.due.date() > date(2026, 4, 1)
    assert summary.due_now is False
    assert 0.9 < summary.retrievability <= 1.0
    # On the due day, a review-state fact is due all day long.
    on_due_day = memory_summary(state, state.due.replace(hour=23), "UTC")
    assert on_due_day.due_now is True


def test_memory_summary_of_a_reset_fact_has_no_recall_figure():
    summary = memory_summary(
        MemoryState(state="learning", step=0, stability=None, difficulty=None, due=NOW), NOW, "UTC"
    )
    assert summary.retrievability is None and summary.due_now is True


def test_practice_scores_in_order_with_their_local_day():
    tests = [
        PracticeRecord(utc(2026, 4, 2, 10), 0.8, 10),
        PracticeRecord(utc(2026, 4, 1, 2, 0), 0.5, 4),  # 02:00 UTC: study day March 31
    ]
    points = practice_scores(tests, "UTC")
    assert [(p.day, p.score, p.question_count) for p in points] == [
        (date(2026, 3, 31), 0.5, 4),
        (date(2026, 4, 2), 0.8, 10),
    ]


def test_naive_times_are_refused():
    from datetime import datetime

    with pytest.raises(ValueError, match="timezone-aware"):
        PracticeRecord(datetime(2026, 4, 1), 0.5)


def test_least_known_facts_come_from_the_answers_given():
    day = utc(2026, 4, 1, 9)
    answers = [
        # "a": two learners right by flashcard, then both wrong in a quiz an hour later: 2 of 4.
        ClassAnswer(1, "a", day, 4),
        ClassAnswer(2, "a", day, 4),
        ClassAnswer(1, "a", day + timedelta(hours=1), 1),
        ClassAnswer(2, "a", day + timedelta(hours=1), 1),
        # "b": wrong once, then right: 2 of 3, nobody wrong on their latest answer.
        ClassAnswer(1, "b", day, 1),
        ClassAnswer(1, "b", day + timedelta(hours=1), 3),
        ClassAnswer(2, "b", day, 3),
        # "c": always right: not a weak spot, not listed.
        ClassAnswer(1, "c", day, 3),
    ]
    figures = least_known_facts(answers)
    assert [(f.fact_id, f.recalled, f.answers, f.learners, f.wrong_last_time) for f in figures] == [
        ("a", 2, 4, 2, 2),
        ("b", 2, 3, 2, 0),
    ]
    assert figures[0].rate == 0.5
    assert least_known_facts(answers, limit=1)[0].fact_id == "a"
