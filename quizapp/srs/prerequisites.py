"""Facts that build on others (the fact base's `builds_on:`): new ones wait, forgotten ones warn.

- A never-seen fact waits while a fact it builds on is not learned yet: learned means on day-long
  intervals ("review"), so a prerequisite begun today, or forgotten and back in relearning steps,
  holds it back. Only prerequisites the learner could study now count (in the sections chosen, not
  suspended): one outside them would hold a fact back with no way forward.
- A fact the learner knows is "at risk" when a fact it builds on was forgotten: back in relearning
  steps after a lapse, or predicted recall below AT_RISK_RECALL.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime

from quizapp.srs.scheduler import DEFAULT_SETTINGS, MemoryState, SchedulerSettings, retrievability

AT_RISK_RECALL = 0.7
"""Predicted recall under which a prerequisite counts as forgotten: below the lowest desired
retention the app lets a learner choose (70 %), so no schedule would let a fact sink that low."""


def is_learned(state: MemoryState | None) -> bool:
    """Whether a fact is learned well enough to build on: on day-long intervals."""
    return state is not None and state.state == "review"


def waiting_for_prerequisites(
    unseen_fact_ids: Sequence[str],
    prerequisites: Mapping[str, Sequence[str]],
    states: Mapping[str, MemoryState],
    studyable: Collection[str],
) -> set[str]:
    """The never-seen facts that must wait: some fact they build on, studyable now, is not learned.

    states: the learner's memory of each fact they have seen. studyable: every fact the learner
    could study now (seen or not), so prerequisites outside it do not hold anything back.
    """
    waiting = set()
    for fact_id in unseen_fact_ids:
        for other in prerequisites.get(fact_id, ()):
            if other in studyable and not is_learned(states.get(other)):
                waiting.add(fact_id)
                break
    return waiting


def is_forgotten(state: MemoryState, now: datetime, settings: SchedulerSettings = DEFAULT_SETTINGS) -> bool:
    """A lapse not yet relearned, or predicted recall under AT_RISK_RECALL."""
    if state.state == "relearning":
        return True
    recall = retrievability(state, now, settings)
    return recall is not None and recall < AT_RISK_RECALL


def at_risk(
    prerequisites: Mapping[str, Sequence[str]],
    states: Mapping[str, MemoryState],
    now: datetime,
    settings: SchedulerSettings = DEFAULT_SETTINGS,
) -> dict[str, tuple[str, ...]]:
    """Each fact the learner has seen that builds on a forgotten fact, with the forgotten ones."""
    found: dict[str, tuple[str, ...]] = {}
    for fact_id, named in prerequisites.items():
        if fact_id not in states:
            continue
        forgotten = tuple(
            other for other in named if other in states and is_forgotten(states[other], now, settings)
        )
        if forgotten:
            found[fact_id] = forgotten
    return found
