"""Mastery by section: how much of each part of the article the learner knows for the long term.

A fact counts as mastered when its FSRS stability is at least `MASTERY_STABILITY_DAYS` (21 days).
Stability is the number of days until the chance of recalling the fact falls to 90%, so a mastered
fact would still be recalled nine times in ten three weeks after its last review. 21 days is also
Anki's line between "young" and "mature" cards, a threshold many learners already know. A figure
from stability rather than from recent answers does not drop because a review is merely due, and
does not rise because a fact was answered right twice in one sitting.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from quizapp.srs.scheduler import MemoryState
from quizapp.stats.records import FactRecord, SectionRecord

MASTERY_STABILITY_DAYS = 21.0
"""Stability (in days) at or above which a fact counts as mastered; see the module docstring."""


def is_mastered(memory: MemoryState | None, threshold_days: float = MASTERY_STABILITY_DAYS) -> bool:
    """Whether a memory state is stable enough to count as mastered (none: never seen, not mastered)."""
    if memory is None or not memory.has_memory or memory.stability is None:
        return False
    return memory.stability >= threshold_days


@dataclass(frozen=True, slots=True)
class SectionMastery:
    """One section's figures: facts in it, how many mastered, how many seen but not yet mastered
    ("learning"), and how many never answered."""

    section_id: str
    title: str
    facts: int
    mastered: int
    never_seen: int

    @property
    def learning(self) -> int:
        return self.facts - self.mastered - self.never_seen

    @property
    def mastered_share(self) -> float:
        return self.mastered / self.facts if self.facts else 0.0

    @property
    def learning_share(self) -> float:
        return self.learning / self.facts if self.facts else 0.0

    @property
    def never_seen_share(self) -> float:
        return self.never_seen / self.facts if self.facts else 0.0


def mastery_by_section(
    sections: Sequence[SectionRecord],
    facts: Iterable[FactRecord],
    threshold_days: float = MASTERY_STABILITY_DAYS,
) -> list[SectionMastery]:
    """Mastery for each section, in the order given; sections without facts are left out.

    A fact whose memory was reset for relearning (its answer changed) has no stability, so it
    counts as seen but not mastered: the learner has work to do on it, but it is not new to them.
    """
    totals = {section.section_id: [0, 0, 0] for section in sections}
    for fact in facts:
        counts = totals.get(fact.section_id)
        if counts is None:
            continue
        counts[0] += 1
        if fact.memory is None:
            counts[2] += 1
        elif is_mastered(fact.memory, threshold_days):
            counts[1] += 1
    return [
        SectionMastery(section.section_id, section.title, *totals[section.section_id])
        for section in sections
        if totals[section.section_id][0]
    ]
