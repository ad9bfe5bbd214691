"""Results of a quiz: per-learner attempts, per-question item analysis, reports and CSV.

Functions read; the request commits the one write here (closing attempts whose time ran out).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select

from quizapp import content
from quizapp import stats as quiz_stats
from quizapp.extensions import db
from quizapp.models import Question, QuestionReport, Quiz, QuizAnswer, QuizAttempt, User
from quizapp.quizzes.service import close_if_late, counted, points, questions_of, quiz_question
from quizapp.spreadsheet import csv_text

# Kinds answered in the learner's own words or number: their answers are listed, grouped.
TYPED_KINDS = frozenset({"typed", "numeric"})


@dataclass
class GivenAnswer:
    text: str
    count: int
    right: bool


@dataclass
class QuestionStats:
    position: int
    row: Question
    question: content.Question
    answered: int = 0
    correct: int = 0
    attempts: int = 0
    picks: list[tuple[str, int, bool]] = field(default_factory=list)
    # Typed and numeric questions: each answer given (grouped ignoring case and spacing), how many
    # gave it and whether it was marked right.
    given: list[GivenAnswer] = field(default_factory=list)
    discrimination: float | None = None
    flags: list[str] = field(default_factory=list)

    @property
    def share_correct(self) -> float | None:
        return self.correct / self.attempts if self.attempts else None


def quiz_attempts(quiz: Quiz) -> list[QuizAttempt]:
    return list(
        db.session.scalars(
            select(QuizAttempt)
            .where(QuizAttempt.quiz_id == quiz.id)
            .order_by(QuizAttempt.started_at, QuizAttempt.id)
        )
    )


def close_late_attempts(quiz: Quiz, now: datetime) -> None:
    for attempt in quiz_attempts(quiz):
        close_if_late(attempt, now)


def question_stats(quiz: Quiz, attempts: list[QuizAttempt]) -> list[QuestionStats]:
    """Per question the quiz lists now: share correct over finished attempts (each is marked on every
    listed question, so an unanswered one counts as 0, as in its score) and the picks of each choice."""
    finished = [a for a in attempts if not a.is_open]
    marked = {attempt.id: {line.question_id: line for line in counted(attempt)} for attempt in finished}
    totals = {attempt.id: points(attempt)[0] for attempt in finished}
    stats = []
    for position, row in enumerate(questions_of(quiz)):
        question = quiz_question(quiz, row)
        item = QuestionStats(position, row, question)
        picks: list[list[str]] = []
        given: dict[str, GivenAnswer] = {}
        for attempt in finished:
            answer = marked[attempt.id][row.id].answer
            item.attempts += 1
            if answer is not None:
                item.answered += 1
                item.correct += 1 if answer.correct else 0
                picks.append(answer.picked or [])
                if question.kind in TYPED_KINDS:
                    _count_given(given, answer)
        item.picks = content.KINDS[question.kind].tally_picks(question, picks)
        item.given = sorted(given.values(), key=lambda g: (-g.count, g.text.casefold()))
        item.discrimination = quiz_stats.discrimination(
            quiz_stats.ItemScores(
                [marked[attempt.id][row.id].points for attempt in finished],
                [totals[attempt.id] for attempt in finished],
            )
        )
        item.flags = quiz_stats.needs_checking(
            item.attempts, item.share_correct, item.discrimination, item.picks
        )
        stats.append(item)
    return stats


def _count_given(given: dict[str, GivenAnswer], answer: QuizAnswer) -> None:
    """Adds one typed answer to its group: the same words whatever the case and spacing."""
    text = " ".join(answer.answer_given.split())
    key = text.casefold()
    if key in given:
        given[key].count += 1
    else:
        given[key] = GivenAnswer(text or "(blank)", 1, answer.correct)


def not_started(quiz: Quiz, attempts: list[QuizAttempt]) -> list[User]:
    """Learners of the quiz's class with no attempt at it, by name."""
    started = {attempt.user_id for attempt in attempts}
    waiting = [e.user for e in quiz.classroom.enrollments if e.user_id not in started]
    return sorted(waiting, key=lambda user: user.display_name.casefold())


@dataclass
class SheetLine:
    """One question an attempt is marked on, as its teacher reads it: the learner's answer and its
    mark. number: on the sheet (1-based); position: in the attempt (None: added to the quiz after
    the attempt, never asked)."""

    number: int
    position: int | None
    question: content.Question
    answer: QuizAnswer | None

    @property
    def points(self) -> float:
        return self.answer.score if self.answer is not None else 0.0

    @property
    def mark(self) -> str:
        if self.answer is None:
            return "Not answered"
        if self.answer.correct:
            return "Right"
        return "Partly right" if self.answer.score > 0 else "Wrong"


def answer_sheet(attempt: QuizAttempt) -> list[SheetLine]:
    """Every question the attempt is marked on, in the order the learner had them, with the answer
    given; a question that was never answered is there with 0 points."""
    quiz = attempt.quiz
    rows = {row.id: row for row in questions_of(quiz)}
    return [
        SheetLine(number, line.position, quiz_question(quiz, rows[line.question_id]), line.answer)
        for number, line in enumerate(counted(attempt), start=1)
        if line.question_id in rows
    ]


def class_reports(quiz: Quiz) -> dict[str, list[QuestionReport]]:
    """Reports on this quiz's questions by learners of its class, newest first, by question id."""
    learner_ids = [enrollment.user_id for enrollment in quiz.classroom.enrollments]
    reports: dict[str, list[QuestionReport]] = {}
    for report in db.session.scalars(
        select(QuestionReport)
        .where(QuestionReport.question_id.in_(quiz.question_ids), QuestionReport.user_id.in_(learner_ids))
        .order_by(QuestionReport.created_at.desc())
    ):
        reports.setdefault(report.question_id, []).append(report)
    return reports


def seconds_between(start: datetime, end: datetime | None) -> int | None:
    return int((end - start).total_seconds()) if end else None


def results_csv(attempts: list[QuizAttempt]) -> str:
    """One row per attempt; answered, correct, points and questions count the questions the quiz
    lists now, as the score does."""
    rows = []
    for a in attempts:
        lines = counted(a)
        earned = sum(line.points for line in lines)
        rows.append(
            [
                a.user.display_name,
                a.user.email or "",
                a.number,
                a.started_at.isoformat(timespec="seconds"),
                a.submitted_at.isoformat(timespec="seconds") if a.submitted_at else "",
                seconds_between(a.started_at, a.submitted_at) if a.submitted_at else "",
                a.closed_reason or "in progress",
                sum(1 for line in lines if line.answer is not None),
                a.correct_count if not a.is_open else "",
                f"{round(earned, 2):g}" if not a.is_open else "",
                len(lines),
                f"{a.score * 100:.1f}" if a.score is not None else "",
            ]
        )
    header = [
        "learner",
        "email",
        "attempt",
        "started_utc",
        "finished_utc",
        "seconds",
        "status",
        "answered",
        "correct",
        "points",
        "questions",
        "score_percent",
    ]
    return csv_text(header, rows)


def sheets_csv(attempts: list[QuizAttempt]) -> str:
    """Every answer sheet as rows: one per learner's attempt and question marked, an unanswered
    question with 0 points and "not answered", as on the sheet."""
    rows = []
    for attempt in attempts:
        for line in answer_sheet(attempt):
            answer = line.answer
            rows.append(
                [
                    attempt.user.display_name,
                    attempt.user.email or "",
                    attempt.number,
                    line.number,
                    line.question.id,
                    line.question.prompt,
                    answer.answer_given if answer is not None else "",
                    line.mark.lower(),
                    f"{round(line.points, 2):g}",
                    answer.override_reason or "" if answer is not None else "",
                    "" if answer is None or answer.seconds_taken is None else round(answer.seconds_taken),
                ]
            )
    header = [
        "learner",
        "email",
        "attempt",
        "number",
        "question_id",
        "prompt",
        "answer_given",
        "mark",
        "points",
        "teacher_reason",
        "seconds",
    ]
    return csv_text(header, rows)


def items_csv(stats: list[QuestionStats]) -> str:
    rows = []
    for item in stats:
        share = f"{item.share_correct * 100:.1f}" if item.share_correct is not None else ""
        picks = "; ".join(f"{choice}: {count}" for choice, count, _right in item.picks)
        discrimination = "" if item.discrimination is None else f"{item.discrimination:.2f}"
        rows.append(
            [
                item.position + 1,
                item.row.id,
                item.question.kind,
                item.question.prompt,
                item.question.answer_text,
                item.attempts,
                item.answered,
                item.correct,
                share,
                discrimination,
                picks,
                "; ".join(f"{given.text}: {given.count}" for given in item.given),
                "; ".join(item.flags),
            ]
        )
    header = [
        "position",
        "question_id",
        "kind",
        "prompt",
        "answer",
        "attempts",
        "answered",
        "correct",
        "share_correct_percent",
        "discrimination",
        "choice_picks",
        "answers_given",
        "needs_checking",
    ]
    return csv_text(header, rows)


def quiz_counts(quiz: Quiz) -> tuple[int, int]:
    """(attempts started, attempts finished)."""
    started = db.session.scalar(
        select(func.count()).select_from(QuizAttempt).where(QuizAttempt.quiz_id == quiz.id)
    )
    done = db.session.scalar(
        select(func.count())
        .select_from(QuizAttempt)
        .where(QuizAttempt.quiz_id == quiz.id, QuizAttempt.submitted_at.is_not(None))
    )
    return started or 0, done or 0
