"""What a teacher's class progress page shows: a fixed number of queries for the whole class.

Rows are turned into `quizapp.stats` records here, and every figure is computed there, the same
way as on a learner's own progress page.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from quizapp import srs, stats
from quizapp.extensions import db
from quizapp.models import Card, Classroom, Fact, Quiz, QuizAttempt, ReviewLog, Section, User
from quizapp.progress.queries import current_memory

OVERDUE_BEHIND = 20  # reviews overdue by more than a day: the learner has fallen behind
RETENTION_DROP = 0.10  # last 7 days' retention this far under the last 30 days': slipping
QUIET_DAYS = 7  # no answer for this long
LEAST_KNOWN_LIMIT = 10
LEAST_KNOWN_DAYS = 30  # answers this recent say what the class knows now


@dataclass(frozen=True)
class LearnerRow:
    user: User
    mastery: list[stats.SectionMastery]
    mastered: int
    seen: int
    overdue: int
    retention_7: float | None
    retention_30: float | None
    last_answer: datetime | None
    concerns: list[str]


@dataclass(frozen=True)
class ClassFact:
    """A fact the class answered worst in the last LEAST_KNOWN_DAYS days, labelled by its statement
    (subjects repeat across facts: "GPT-3" has several)."""

    fact_id: str
    statement: str
    section_title: str
    recall: stats.FactRecall


@dataclass(frozen=True)
class AssignmentRow:
    """One assigned quiz: who finished it and their best scores (by learner id)."""

    quiz: Quiz
    best_scores: dict[int, float]
    class_size: int

    @property
    def completed(self) -> int:
        return len(self.best_scores)

    @property
    def mean_score(self) -> float | None:
        return sum(self.best_scores.values()) / len(self.best_scores) if self.best_scores else None


@dataclass(frozen=True)
class ClassProgressPage:
    sections: list[stats.SectionRecord]
    rows: list[LearnerRow]
    least_known: list[ClassFact]
    facts_total: int
    assignments: list[AssignmentRow]


def class_assignments(classroom: Classroom, learner_ids: list[int]) -> list[AssignmentRow]:
    """Assigned quizzes, oldest first, with each class member's best submitted score (2 queries)."""
    quizzes = list(
        db.session.scalars(
            select(Quiz)
            .where(Quiz.classroom_id == classroom.id, Quiz.assigned_at.is_not(None))
            .order_by(Quiz.assigned_at, Quiz.id)
        )
    )
    best: dict[int, dict[int, float]] = defaultdict(dict)
    for quiz_id, user_id, score in db.session.execute(
        select(QuizAttempt.quiz_id, QuizAttempt.user_id, func.max(QuizAttempt.score))
        .where(
            QuizAttempt.quiz_id.in_([quiz.id for quiz in quizzes]),
            QuizAttempt.user_id.in_(learner_ids),
            QuizAttempt.submitted_at.is_not(None),
        )
        .group_by(QuizAttempt.quiz_id, QuizAttempt.user_id)
    ):
        best[quiz_id][user_id] = score or 0.0
    return [AssignmentRow(quiz, best[quiz.id], len(learner_ids)) for quiz in quizzes]


def class_progress(classroom: Classroom, now: datetime) -> ClassProgressPage:
    learners = sorted((e.user for e in classroom.enrollments), key=lambda u: u.display_name.lower())
    ids = [u.id for u in learners]
    sections = [
        stats.SectionRecord(section_id, title)
        for section_id, title in db.session.execute(
            select(Section.id, Section.title)
            .where(Section.deck.has(owner_id=None))
            .order_by(Section.position)
        )
    ]
    titles = {s.section_id: s.title for s in sections}
    fact_rows = db.session.execute(
        select(Fact.id, Fact.section_id, Fact.subject, Fact.answer_changed_at, Fact.statement)
        .join(Section, Fact.section_id == Section.id)
        .where(Fact.retired_at.is_(None), Section.deck.has(owner_id=None))
    ).all()
    facts = [
        (fact_id, section_id, subject, changed_at)
        for fact_id, section_id, subject, changed_at, _ in fact_rows
    ]
    memories: dict[int, dict[str, tuple[srs.MemoryState, int]]] = defaultdict(dict)
    changed = {fact_id: changed_at for fact_id, _s, _t, changed_at in facts}
    for user_id, fact_id, memory, lapses in db.session.execute(
        select(Card.user_id, Card.fact_id, Card.memory, Card.lapses).where(Card.user_id.in_(ids))
    ):
        if fact_id in changed:
            memories[user_id][fact_id] = (current_memory(memory, changed[fact_id], now), lapses)
    answers: dict[int, list[stats.AnswerRecord]] = defaultdict(list)
    class_answers: list[stats.ClassAnswer] = []
    for user_id, fact_id, at, rating, before, affects in db.session.execute(
        select(
            ReviewLog.user_id,
            ReviewLog.fact_id,
            ReviewLog.reviewed_at,
            ReviewLog.rating,
            ReviewLog.state_before,
            ReviewLog.affects_schedule,
        ).where(ReviewLog.user_id.in_(ids), ReviewLog.reviewed_at >= now - timedelta(days=31))
    ):
        answers[user_id].append(stats.AnswerRecord.from_log(at, rating, before, affects))
        if fact_id in changed and at >= now - timedelta(days=LEAST_KNOWN_DAYS):
            class_answers.append(stats.ClassAnswer(user_id, fact_id, at, rating))
    last_answers = dict(
        db.session.execute(
            select(ReviewLog.user_id, func.max(ReviewLog.reviewed_at))
            .where(ReviewLog.user_id.in_(ids))
            .group_by(ReviewLog.user_id)
        ).all()
    )
    rows = [
        _learner_row(
            user, sections, facts, memories[user.id], answers[user.id], last_answers.get(user.id), now
        )
        for user in learners
    ]
    return ClassProgressPage(
        sections,
        rows,
        _least_known(fact_rows, class_answers, titles),
        len(facts),
        class_assignments(classroom, ids),
    )


def _learner_row(user, sections, facts, memory, answers, last_answer, now) -> LearnerRow:
    records = [
        stats.FactRecord(
            fact_id,
            section_id,
            subject,
            memory[fact_id][0] if fact_id in memory else None,
            memory[fact_id][1] if fact_id in memory else 0,
        )
        for fact_id, section_id, subject, _changed in facts
    ]
    mastery = stats.mastery_by_section(sections, records)
    retention = {
        w.days: w.rate
        for w in stats.true_retention(answers, now, user.time_zone, user.desired_retention, windows=(7, 30))
    }
    overdue = sum(
        1
        for state, _lapses in memory.values()
        if state.state == "review" and state.due < now - timedelta(days=1)
    )
    concerns = []
    if overdue > OVERDUE_BEHIND:
        concerns.append(f"{overdue} reviews overdue")
    r7, r30 = retention.get(7), retention.get(30)
    if r7 is not None and r30 is not None and r7 < r30 - RETENTION_DROP:
        concerns.append(f"retention falling ({r7:.0%} this week, {r30:.0%} this month)")
    if memory and (last_answer is None or last_answer < now - timedelta(days=QUIET_DAYS)):
        concerns.append(f"no study for {QUIET_DAYS}+ days")
    return LearnerRow(
        user=user,
        mastery=mastery,
        mastered=sum(m.mastered for m in mastery),
        seen=len(memory),
        overdue=overdue,
        retention_7=r7,
        retention_30=r30,
        last_answer=last_answer,
        concerns=concerns,
    )


def _least_known(fact_rows, class_answers, titles) -> list[ClassFact]:
    """The facts the class recalled least often lately, from the answers given (quizzes included)."""
    about = {fact_id: (statement, section_id) for fact_id, section_id, _s, _c, statement in fact_rows}
    return [
        ClassFact(
            figure.fact_id,
            about[figure.fact_id][0],
            titles.get(about[figure.fact_id][1], about[figure.fact_id][1]),
            figure,
        )
        for figure in stats.least_known_facts(class_answers, LEAST_KNOWN_LIMIT)
    ]
