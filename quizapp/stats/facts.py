"""Per-fact figures: the hardest facts, one fact's memory now, and practice scores over time."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from quizapp.srs.day import DEFAULT_ROLLOVER_HOUR, study_day
from quizapp.srs.scheduler import DEFAULT_SETTINGS, MemoryState, SchedulerSettings, retrievability
from quizapp.stats.records import FactRecord, PracticeRecord


@dataclass(frozen=True, slots=True)
class HardFact:
    """A fact the learner keeps forgetting: its lapses and current stability (None if reset)."""

    fact_id: str
    subject: str
    section_id: str
    lapses: int
    stability: float | None


def hardest_facts(facts: Iterable[FactRecord], limit: int = 10) -> list[HardFact]:
    """The facts with the most lapses, then the lowest stability, at most `limit` of them.

    Only facts forgotten at least once are listed: a fact still in its first learning steps has not
    had the chance to be forgotten, and listing it as "hard" would only mean "new". Ties on lapses
    go to the less stable fact (the one closer to being forgotten again); a fact reset for
    relearning has no stability and sorts first among its ties. Then by id, so the order is stable.
    """
    forgotten = [
        (fact, memory.stability) for fact in facts if fact.lapses > 0 and (memory := fact.memory) is not None
    ]
    forgotten.sort(key=lambda pair: (-pair[0].lapses, -1.0 if pair[1] is None else pair[1], pair[0].fact_id))
    return [
        HardFact(fact.fact_id, fact.subject, fact.section_id, fact.lapses, stability)
        for fact, stability in forgotten[:limit]
    ]


@dataclass(frozen=True, slots=True)
class FactMemorySummary:
    """What a learner's memory of one fact looks like at `now`.

    state: "learning", "review" or "relearning". retrievability: predicted recall now, None without
    memory. due_day: the study day the fact is next due on; due_now: whether it is due already.
    """

    state: str
    stability: float | None
    difficulty: float | None
    retrievability: float | None
    due: datetime
    due_day: date
    due_now: bool
    last_review: datetime | None


def memory_summary(
    memory: MemoryState,
    now: datetime,
    time_zone: str,
    settings: SchedulerSettings = DEFAULT_SETTINGS,
    rollover_hour: int = DEFAULT_ROLLOVER_HOUR,
) -> FactMemorySummary:
    """The figures the fact page shows for one fact, at `now` in the learner's time zone."""
    due_day = study_day(memory.due, time_zone, rollover_hour)
    today = study_day(now, time_zone, rollover_hour)
    due_now = due_day <= today if memory.state == "review" else memory.due <= now
    return FactMemorySummary(
        state=memory.state,
        stability=memory.stability,
        difficulty=memory.difficulty,
        retrievability=retrievability(memory, now, settings),
        due=memory.due,
        due_day=due_day,
        due_now=due_now,
        last_review=memory.last_review,
    )


@dataclass(frozen=True, slots=True)
class ScorePoint:
    """One finished practice test on the study day it ended, scored 0 to 1 (test_id: to reopen it)."""

    finished_at: datetime
    day: date
    score: float
    question_count: int
    test_id: int = 0


def practice_scores(
    tests: Iterable[PracticeRecord], time_zone: str, rollover_hour: int = DEFAULT_ROLLOVER_HOUR
) -> list[ScorePoint]:
    """Finished practice tests in the order they ended, each with its study day."""
    return [
        ScorePoint(
            test.finished_at,
            study_day(test.finished_at, time_zone, rollover_hour),
            test.score,
            test.question_count,
            test.test_id,
        )
        for test in sorted(tests, key=lambda test: test.finished_at)
    ]


@dataclass(frozen=True, slots=True)
class ClassAnswer:
    """One answer of a class member to a fact (any page: study, practice, quiz), for class figures."""

    learner_id: int
    fact_id: str
    reviewed_at: datetime
    rating: int

    @property
    def recalled(self) -> bool:
        return self.rating > 1


@dataclass(frozen=True, slots=True)
class FactRecall:
    """How a class answered one fact: answers, how many recalled it, by how many learners, and
    how many of them got it wrong the last time they answered it."""

    fact_id: str
    answers: int
    recalled: int
    learners: int
    wrong_last_time: int

    @property
    def rate(self) -> float:
        return self.recalled / self.answers


def least_known_facts(answers: Iterable[ClassAnswer], limit: int = 10) -> list[FactRecall]:
    """The facts the class recalled least often in `answers`, at most `limit` of them.

    Figures come from the answers given, quiz answers included, so a fact half the class just got
    wrong in a quiz is listed as half forgotten, whatever the schedule predicts. Order: lowest share
    recalled, then most learners wrong on their latest answer, then most answers, then fact id.
    Facts nobody got wrong are left out: they are not weak spots, however few answered them.
    """
    by_fact: dict[str, list[ClassAnswer]] = {}
    for answer in answers:
        by_fact.setdefault(answer.fact_id, []).append(answer)
    figures = []
    for fact_id, given in by_fact.items():
        latest: dict[int, ClassAnswer] = {}
        for answer in sorted(given, key=lambda a: a.reviewed_at):
            latest[answer.learner_id] = answer
        recalled = sum(1 for answer in given if answer.recalled)
        if recalled == len(given):
            continue
        figures.append(
            FactRecall(
                fact_id,
                len(given),
                recalled,
                len(latest),
                sum(1 for answer in latest.values() if not answer.recalled),
            )
        )
    figures.sort(key=lambda f: (f.rate, -f.wrong_last_time, -f.answers, f.fact_id))
    return figures[:limit]
