"""Practice tests: N questions from chosen sections and kinds, answered in a row, scored at the end.

Every answer is also a review-log row (source "practice") and a review at its real elapsed time,
due or not (srs.EARLY_ANSWER_RULE), so the figures count practice answers right and wrong alike.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from quizapp import content
from quizapp.answering.rating import PRACTICE
from quizapp.answering.record import add_once
from quizapp.answering.service import Submission, take_answer
from quizapp.clock import utcnow
from quizapp.extensions import db
from quizapp.library.marks import held_out_fact_ids
from quizapp.models import Fact, PracticeAnswer, PracticeTest, Question, Section, User
from quizapp.srs.day import learner_zone

PRACTICE_KINDS = (
    "multiple_choice",
    "true_false",
    "typed",
    "numeric",
    "ordering",
    "matching",
    "comparison",
    "multi_select",
)
MIN_QUESTIONS, MAX_QUESTIONS = 3, 50


class PracticeError(ValueError):
    """The test can't be made as asked; the message says why."""


def live_questions_by_fact(section_ids: list[str], kinds: list[str]) -> dict[str, list[str]]:
    """Live questions of the article's bank of the given kinds (optionally some sections only),
    grouped by fact, question ids sorted: what practice tests and teacher quizzes draw from."""
    query = (
        select(Question.id, Question.fact_id)
        .join(Fact, Question.fact_id == Fact.id)
        .join(Section, Fact.section_id == Section.id)
        .where(
            Question.retired_at.is_(None),
            Fact.retired_at.is_(None),
            Question.kind.in_(kinds),
            Section.deck.has(owner_id=None),
        )
        .order_by(Question.id)
    )
    if section_ids:
        query = query.where(Fact.section_id.in_(section_ids))
    by_fact: dict[str, list[str]] = {}
    for question_id, fact_id in db.session.execute(query):
        by_fact.setdefault(fact_id, []).append(question_id)
    return by_fact


def start_practice_test(
    user: User, section_ids: list[str], kinds: list[str], count: int, rng: random.Random
) -> PracticeTest:
    """Pick `count` questions, at most one per fact, from live questions of the chosen kinds (none of
    a fact the learner suspended or buried for today)."""
    kinds = [kind for kind in kinds if kind in PRACTICE_KINDS] or list(PRACTICE_KINDS)
    held = held_out_fact_ids(user, utcnow())  # suspended or buried facts stay out of tests too
    by_fact = {
        fact_id: ids
        for fact_id, ids in live_questions_by_fact(section_ids, kinds).items()
        if fact_id not in held
    }
    if not by_fact:
        raise PracticeError("No questions match those sections and kinds. Choose more of them.")
    facts = rng.sample(sorted(by_fact), min(count, len(by_fact)))
    test = PracticeTest(
        user_id=user.id,
        section_ids=section_ids,
        kinds=kinds,
        question_ids=[rng.choice(by_fact[fact_id]) for fact_id in facts],
        correct_count=0,
    )
    db.session.add(test)
    db.session.flush()
    return test


def shortfall_message(asked: int, test: PracticeTest) -> str | None:
    """Why a test has fewer questions than asked for (one question per fact), or None if it has them all."""
    given = len(test.question_ids)
    if given >= asked:
        return None
    return (
        f"You asked for {asked} questions; the sections and question kinds you chose cover {given} facts, "
        f"and a test asks about each fact once, so this test has {given}. Choose more sections or kinds "
        "for a longer one."
    )


def next_position(test: PracticeTest) -> int | None:
    """The first unanswered position, or None when every question is answered."""
    answered = {answer.position for answer in test.answers}
    return next((i for i in range(len(test.question_ids)) if i not in answered), None)


def answer_practice_question(
    user: User,
    test: PracticeTest,
    position: int,
    question_row: Question,
    response,
    seconds_taken: float | None,
    submission_key: str,
    now: datetime,
) -> PracticeAnswer | None:
    """Grade and keep one answer (once: a resent one is ignored), log it, finish the test if last."""
    if any(answer.position == position for answer in test.answers):
        return None
    question = content.Question.from_dict(question_row.data)
    answered = take_answer(
        Submission(user, question_row, question, response, PRACTICE, submission_key, now, seconds_taken)
    )
    grade = answered.grade
    answer = PracticeAnswer(
        test_id=test.id,
        position=position,
        question_id=question_row.id,
        answer_given=answered.given[:2000],
        correct=grade.correct,
        score=grade.score,
        grader_note=grade.reason[:500],
        review_log_id=answered.log.id,
        answered_at=now,
    )
    if not add_once(answer):
        return None
    test.answers.append(answer)
    if next_position(test) is None:
        test.finished_at = now
        test.correct_count = sum(1 for a in test.answers if a.correct)
        test.score = round(sum(a.score for a in test.answers) / len(test.question_ids), 4)
    return answer


@dataclass(frozen=True)
class PracticeRow:
    """One practice test as the lists of tests show it: when it started (the learner's local time),
    how far it got, and its score once finished; its page reopens the results or resumes it."""

    test_id: int
    started: str
    questions: int
    answered: int
    correct: int
    percent: int | None

    @property
    def finished(self) -> bool:
        return self.percent is not None


def practice_rows(tests: list[PracticeTest], time_zone: str) -> list[PracticeRow]:
    zone = learner_zone(time_zone)
    return [
        PracticeRow(
            test.id,
            test.created_at.astimezone(zone).strftime("%-d %b %Y, %H:%M"),
            len(test.question_ids),
            len(test.answers),
            test.correct_count,
            None if test.score is None else round(test.score * 100),
        )
        for test in tests
    ]


def unfinished_test(user: User) -> PracticeTest | None:
    """The learner's latest practice test left part-way (the one a "Resume" offers), if any."""
    return db.session.scalar(
        select(PracticeTest)
        .where(PracticeTest.user_id == user.id, PracticeTest.finished_at.is_(None))
        .order_by(PracticeTest.created_at.desc(), PracticeTest.id.desc())
        .limit(1)
    )


def recent_tests(user: User, limit: int = 10) -> list[PracticeTest]:
    return list(
        db.session.scalars(
            select(PracticeTest)
            .where(PracticeTest.user_id == user.id)
            .order_by(PracticeTest.created_at.desc(), PracticeTest.id.desc())
            .limit(limit)
        )
    )
