"""What the progress pages show, one function per page, each a fixed number of queries.

The rows are turned into the records of `quizapp.stats` here; every figure is computed there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import bindparam, func, select

from quizapp import srs, stats
from quizapp.answering.cards import current_memory, scheduler_settings
from quizapp.answering.exam import Exam, exam_for
from quizapp.extensions import db
from quizapp.models import Card, Fact, PracticeAnswer, PracticeTest, Question, ReviewLog, User
from quizapp.study.bank_cache import bank_snapshot
from quizapp.study.service import answers_since, build_queue

# The log is read back this far: the heatmap's and the longest window's year, plus room for a
# streak that began before it. A streak longer than this is shown as this long.
HISTORY_DAYS = 400
HARDEST_LIMIT = 10
# The fact page lists this many answers, newest first; the full list is on "Your answers".
FACT_ANSWERS_SHOWN = 50


@dataclass(frozen=True)
class UnfinishedTest:
    """The learner's latest practice test left part-way, to resume."""

    test_id: int
    answered: int
    question_count: int


@dataclass(frozen=True)
class ProgressPage:
    """Everything /progress/ shows for one learner at one moment."""

    queue: srs.StudyQueue
    answer_count: int
    streak: stats.Streak
    heatmap: list[stats.DayCount]
    retention: list[stats.RetentionWindow]
    mastery: list[stats.SectionMastery]
    forecast: list[stats.DayCount]
    scores: list[stats.ScorePoint]
    hardest: list[stats.HardFact]
    facts_total: int
    facts_seen: int
    facts_mastered: int
    today: stats.TodaySummary
    unfinished_test: UnfinishedTest | None = None
    exam: Exam | None = None
    exam_recall: list[srs.ExamRecall] = field(default_factory=list)
    at_risk: list[AtRisk] = field(default_factory=list)


@dataclass(frozen=True)
class AtRisk:
    """A fact the learner knows that builds on facts they have forgotten (srs.prerequisites)."""

    fact: stats.FactRecord
    forgotten: list[stats.FactRecord]


# Built once: a statement object keeps its cache key, so running it again costs only the SQL.
_CARDS = select(Card.fact_id, Card.memory, Card.lapses).where(Card.user_id == bindparam("user_id"))


def _bank_facts(user: User, now: datetime) -> list[stats.FactRecord]:
    """Every live fact of the article's bank (the worker's copy) with the learner's memory of it (if any)."""
    bank = bank_snapshot()
    cards = {
        fact_id: (memory, lapses)
        for fact_id, memory, lapses in db.session.connection().execute(_CARDS, {"user_id": user.id})
    }
    facts = []
    for fact_id, section_id, changed_at in bank.facts:
        memory, lapses = cards.get(fact_id, (None, 0))
        facts.append(
            stats.FactRecord(
                fact_id,
                section_id,
                bank.subjects[fact_id],
                current_memory(memory, changed_at, now) if memory else None,
                lapses or 0,
            )
        )
    return facts


def progress_page(user: User, now: datetime) -> ProgressPage:
    """The learner's progress at `now`: the study queue's statements, then 4 more, whatever the data
    (the bank comes from the worker's copy; the 4th finds the learner's exam)."""
    queue = build_queue(user, None, now)
    # From the start of a study day, so the figures stay the same all day (progress/page_cache.py).
    day_start, _day_end = srs.current_day_bounds(now, user.time_zone)
    answers = answers_since(user, day_start - timedelta(days=HISTORY_DAYS))
    facts = _bank_facts(user, now)
    sections = [stats.SectionRecord(section.id, section.title) for section in bank_snapshot().sections]
    tests: list[stats.PracticeRecord] = []
    unfinished: list[UnfinishedTest] = []
    for test_id, finished_at, score, question_ids, answered in db.session.execute(
        select(
            PracticeTest.id,
            PracticeTest.finished_at,
            PracticeTest.score,
            PracticeTest.question_ids,
            select(func.count(PracticeAnswer.id))
            .where(PracticeAnswer.test_id == PracticeTest.id)
            .scalar_subquery(),
        )
        .where(PracticeTest.user_id == user.id)
        .order_by(PracticeTest.id)
    ):
        if finished_at is None:
            unfinished.append(UnfinishedTest(test_id, answered, len(question_ids or [])))
        else:
            tests.append(stats.PracticeRecord(finished_at, score or 0.0, len(question_ids or []), test_id))
    zone = user.time_zone
    seen = [fact.memory for fact in facts if fact.memory is not None]
    mastery = stats.mastery_by_section(sections, facts)
    exam = exam_for(user, now)
    return ProgressPage(
        queue=queue,
        answer_count=len(answers),
        streak=stats.study_streak(answers, now, zone),
        heatmap=stats.answers_per_day(answers, now, zone),
        retention=stats.true_retention(answers, now, zone, user.desired_retention),
        mastery=mastery,
        forecast=stats.due_forecast(seen, now, zone),
        scores=stats.practice_scores(tests, zone),
        hardest=stats.hardest_facts(facts, HARDEST_LIMIT),
        facts_total=len(facts),
        facts_seen=len(seen),
        facts_mastered=sum(section.mastered for section in mastery),
        today=stats.today_summary(answers, now, zone, user.daily_goal),
        unfinished_test=unfinished[-1] if unfinished else None,
        exam=exam,
        exam_recall=_exam_recall(sections, facts, exam, scheduler_settings(user)) if exam else [],
        at_risk=facts_at_risk(facts, now, scheduler_settings(user)),
    )


def facts_at_risk(
    facts: list[stats.FactRecord], now: datetime, settings: srs.SchedulerSettings
) -> list[AtRisk]:
    """The learner's facts built on something they forgot, in article order; the prerequisites
    come from the worker's copy of the bank (no query)."""
    by_id = {fact.fact_id: fact for fact in facts}
    states = {fact.fact_id: fact.memory for fact in facts if fact.memory is not None}
    found = srs.at_risk(bank_snapshot().prerequisites, states, now, settings)
    return [
        AtRisk(by_id[fact_id], [by_id[other] for other in forgotten])
        for fact_id, forgotten in found.items()
        if fact_id in by_id
    ]


def _exam_recall(
    sections: list[stats.SectionRecord],
    facts: list[stats.FactRecord],
    exam: Exam,
    settings: srs.SchedulerSettings,
) -> list[srs.ExamRecall]:
    """Predicted recall on the exam day by section, in article order."""
    groups: dict[str, list[srs.MemoryState | None]] = {section.section_id: [] for section in sections}
    for fact in facts:
        groups.setdefault(fact.section_id, []).append(fact.memory)
    return srs.recall_on_exam(groups, exam.at, settings)


@dataclass(frozen=True)
class FactAnswer:
    """One of the learner's answers to a fact, for the fact page's history table."""

    reviewed_at: datetime
    kind: str
    prompt: str
    rating: int
    correct: bool | None
    answer_given: str
    source: str
    score: float | None = None
    auto_rating: int | None = None


@dataclass(frozen=True)
class FactProgressPage:
    """/progress/facts/<id>: the fact, the learner's memory of it now (None if never seen), answers."""

    fact: Fact
    memory: stats.FactMemorySummary | None
    reps: int
    lapses: int
    answers: list[FactAnswer]
    answer_total: int


def fact_with_deck(fact_id: str) -> Fact | None:
    """The fact with its section and deck (joined eagerly), so the visibility check costs nothing."""
    return db.session.get(Fact, fact_id)


def fact_progress_page(user: User, fact: Fact, now: datetime) -> FactProgressPage:
    """The learner's memory of `fact` and their latest answers to it, newest first (3 queries)."""
    card = db.session.scalar(select(Card).where(Card.user_id == user.id, Card.fact_id == fact.id))
    rows = db.session.execute(
        select(ReviewLog, Question.prompt)
        .join(Question, ReviewLog.question_id == Question.id)
        .where(ReviewLog.user_id == user.id, ReviewLog.fact_id == fact.id)
        .order_by(ReviewLog.reviewed_at.desc(), ReviewLog.id.desc())
        .limit(FACT_ANSWERS_SHOWN)
    )
    answers = [
        FactAnswer(
            log.reviewed_at,
            log.kind,
            prompt,
            log.rating,
            log.correct,
            log.answer_given,
            log.source,
            log.score,
            log.auto_rating,
        )
        for log, prompt in rows
    ]
    total = db.session.scalar(
        select(func.count(ReviewLog.id)).where(ReviewLog.user_id == user.id, ReviewLog.fact_id == fact.id)
    )
    summary = None
    if card is not None:
        state = current_memory(card.memory, fact.answer_changed_at, now)
        summary = stats.memory_summary(state, now, user.time_zone, scheduler_settings(user))
    return FactProgressPage(
        fact=fact,
        memory=summary,
        reps=card.reps if card else 0,
        lapses=card.lapses if card else 0,
        answers=answers,
        answer_total=total or 0,
    )
