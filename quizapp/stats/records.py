"""The plain records the progress figures are computed from; the web layer builds them from rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from quizapp.srs.scheduler import MemoryState, as_utc


@dataclass(frozen=True, slots=True)
class AnswerRecord:
    """One answer from the review log.

    reviewed_at: when it was given (UTC).
    rating: 1 Again, 2 Hard, 3 Good, 4 Easy.
    state_before: the fact's scheduling state just before the answer ("learning", "review",
        "relearning"), or None for the first answer to a fact.
    affects_schedule: False for answers that did not move the schedule (practice answers logged
        under the old rule; every answer moves it now, see srs.EARLY_ANSWER_RULE).
    fact_id: which fact; empty when a figure does not need it.
    last_review: when the fact was reviewed before this answer (None if never or unknown).
    seconds_taken: how long the answer took (None when unknown, as for a page left open an hour).
    """

    reviewed_at: datetime
    rating: int
    state_before: str | None = None
    affects_schedule: bool = True
    fact_id: str = ""
    last_review: datetime | None = None
    seconds_taken: float | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "reviewed_at", as_utc(self.reviewed_at, "reviewed_at"))
        if self.last_review is not None:
            object.__setattr__(self, "last_review", as_utc(self.last_review, "last_review"))

    @classmethod
    def from_log(
        cls,
        reviewed_at: datetime,
        rating: int,
        state_before: dict[str, Any] | None,
        affects_schedule: bool = True,
        fact_id: str = "",
        seconds_taken: float | None = None,
    ) -> AnswerRecord:
        """A record from a review-log row's columns; `state_before` is the stored memory JSON."""
        before = state_before or {}
        last = before.get("last_review")
        return cls(
            reviewed_at,
            rating,
            before.get("state"),
            affects_schedule,
            fact_id,
            datetime.fromisoformat(last) if last else None,
            seconds_taken,
        )

    @property
    def began_fact(self) -> bool:
        """The learner's first answer to the fact: a new fact learned (an answer that moved no
        schedule began nothing)."""
        return self.affects_schedule and self.state_before is None

    @property
    def elapsed(self) -> timedelta | None:
        """Time since the fact's previous review, None without one."""
        return None if self.last_review is None else self.reviewed_at - self.last_review

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
    """A finished practice test: when it ended (UTC), its score from 0 to 1, and its id (0 when a
    figure has no page to link it to)."""

    finished_at: datetime
    score: float
    question_count: int = 0
    test_id: int = 0

    def __post_init__(self) -> None:
        object.__setattr__(self, "finished_at", as_utc(self.finished_at, "finished_at"))
