"""Prerequisites on constructed memories: a new fact waits until what it builds on is learned, and
a forgotten prerequisite (a lapse, or predicted recall under 70 %) puts what builds on it at risk.

Recall by hand from FSRS-6's curve (w20 = 0.1542, F = 0.98043): R(t, S) = (1 + F·t/S)^-w20.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from quizapp.srs import (
    AT_RISK_RECALL,
    MemoryState,
    at_risk,
    retrievability,
    review,
    waiting_for_prerequisites,
)

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
PRE = {"bert": ["transformer"], "llm-vs-fm": ["llm-def", "fm-def"]}


def on_intervals(stability: float, days_ago: int) -> MemoryState:
    return MemoryState(
        "review", None, stability, 5.0, NOW + timedelta(days=1), NOW - timedelta(days=days_ago)
    )


def begun_today() -> MemoryState:
    return review(MemoryState.new(), 3, NOW - timedelta(minutes=5)).after  # a learning step


def lapsed() -> MemoryState:
    return review(on_intervals(10, 10), 1, NOW - timedelta(minutes=5)).after  # relearning


def test_a_new_fact_waits_until_what_it_builds_on_is_learned():
    unseen = ["transformer", "bert", "llm-def", "fm-def", "llm-vs-fm"]
    everything = set(unseen)
    assert waiting_for_prerequisites(unseen, PRE, {}, everything) == {"bert", "llm-vs-fm"}
    # Begun today, the transformer is still in its learning steps: BERT waits.
    states = {"transformer": begun_today()}
    assert "bert" in waiting_for_prerequisites(["bert"], PRE, states, everything | {"transformer"})
    # Graduated to day-long intervals: BERT may begin.
    states = {"transformer": on_intervals(3, 1)}
    assert waiting_for_prerequisites(["bert"], PRE, states, everything) == set()
    # Forgotten and relearning: new facts built on it wait again.
    assert waiting_for_prerequisites(["bert"], PRE, {"transformer": lapsed()}, everything) == {"bert"}
    # One of two prerequisites learned is not enough.
    halfway = {"llm-def": on_intervals(3, 1)}
    assert waiting_for_prerequisites(["llm-vs-fm"], PRE, halfway, everything) == {"llm-vs-fm"}


def test_a_prerequisite_the_learner_cannot_study_now_holds_nothing_back():
    # Studying one section (or with the prerequisite suspended): it is not among the studyable facts.
    assert waiting_for_prerequisites(["bert"], PRE, {}, {"bert"}) == set()


def test_a_forgotten_prerequisite_puts_what_builds_on_it_at_risk():
    # R(30, 5) = (1 + 0.98043 × 6)^-0.1542 = 0.7430: not forgotten. R(60, 5) = 0.6752 < 0.7: forgotten.
    assert retrievability(on_intervals(5, 30), NOW) > AT_RISK_RECALL
    assert retrievability(on_intervals(5, 60), NOW) < AT_RISK_RECALL
    states = {
        "bert": on_intervals(20, 2),
        "transformer": on_intervals(5, 60),
        "llm-vs-fm": on_intervals(20, 2),
        "llm-def": lapsed(),
        "fm-def": on_intervals(5, 30),
    }
    assert at_risk(PRE, states, NOW) == {"bert": ("transformer",), "llm-vs-fm": ("llm-def",)}
    # Relearned and recalled well again: nothing at risk.
    states.update({"transformer": on_intervals(5, 1), "llm-def": on_intervals(3, 0)})
    assert at_risk(PRE, states, NOW) == {}


def test_only_facts_the_learner_has_seen_are_at_risk():
    assert at_risk(PRE, {"transformer": lapsed()}, NOW) == {}
