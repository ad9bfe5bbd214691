"""The plain records the progress figures are computed from; the web layer builds them from rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from quizapp.srs.scheduler import MemoryState, as_utc


@dataclass(frozen=True, slots=True)
class AnswerRecord:
    """One answer from the review log.

    reviewed_at: when it was given (UTC).
    rating: 1 Again, 2 Hard, 3 Good, 4 Easy.
    state_before: the fact's scheduling state just before the answer ("learning", "review",
        "relearning"), or None for the first answer to a fact.
    affects_schedule: False for answers that did not move the schedule (some practice answers).
    fact_id: which fact; empty when a figure does not need it.
    """

    reviewed_at: datetime
    rating: int
    state_before: str | None = None
    affects_schedule: bool = True
    fact_id: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "reviewed_at", as_utc(self.reviewed_at, "reviewed_at"))

    @property
    def recalled(self) -> bool:
        """Anything but Again counts as remembered, as in FSRS's and Anki's retention figures."""
        return self.rating > 1


@dataclass(frozen=True, slots=True)
class FactRecord:
    """One live fact of the bank and the learner's memory of it.

    memory: the learner's current state, or None if they have never answered it.
    lapses: how often they forgot it after it had reached day-long intervals.
    """

    fact_id: str
    section_id: str
    subject: str = ""
    memory: MemoryState | None = None
    lapses: int = 0


@dataclass(frozen=True, slots=True)
class SectionRecord:
    """A section of the article, in article order."""

    section_id: str
    title: str


@dataclass(frozen=True, slots=True)
class PracticeRecord:
    """A finished practice test: when it ended (UTC) and its score from 0 to 1."""

    finished_at: datetime
    score: float
    question_count: int = 0

    def __post_init__(self) -> None:
        object.__setattr__(self, "finished_at", as_utc(self.finished_at, "finished_at"))
