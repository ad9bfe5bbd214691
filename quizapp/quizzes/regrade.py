"""Changing a quiz that already has attempts: regrading a fixed question, dropping or adding one.

Each change is planned first (what it does to every attempt, for the teacher to confirm) and then
applied from the same plan, so what the confirmation page promised is what happens. Scores always
follow the questions the quiz lists (service.counted); a teacher's own mark survives a regrade and
is reported. Grades come from the one grader (answering.service.grade_response), never a copy.
Every applied change is kept with its effect on each attempt, which is what learners are shown.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import select

from quizapp import content
from quizapp.answering.service import grade_response
from quizapp.extensions import db
from quizapp.models import (
    Question,
    Quiz,
    QuizAnswer,
    QuizAttempt,
    QuizChange,
    QuizChangeEffect,
    ReviewLog,
    User,
)
from quizapp.quizzes.results import quiz_attempts
from quizapp.quizzes.service import (
    QuizError,
    counted,
    points,
    quiz_question,
    shown_question,
    tally,
)

REGRADED, DROPPED, ADDED = "regraded", "dropped", "added"
KEY_KINDS = frozenset({"multiple_choice", "true_false", "multi_select", "typed"})
"""Kinds whose right answer a teacher can correct on the regrade page."""
ACCEPTING_KINDS = frozenset({"typed", "numeric"})
"""Kinds that can accept another typed answer."""


@dataclass
class Effect:
    """What a change does to one attempt: the question's points and the attempt's score, before
    and after. grade: the regrade's verdict (None when not regraded or the response was not kept);
    override_kept: the teacher's own mark stays although the grader now says otherwise."""

    attempt: QuizAttempt
    number: int | None
    points_before: float | None
    points_after: float | None
    earned_before: float
    count_before: int
    earned_after: float
    count_after: int
    answer: QuizAnswer | None = None
    grade: content.Grade | None = None
    override_kept: bool = False
    not_regradable: bool = False

    @property
    def changes_score(self) -> bool:
        return (self.earned_before, self.count_before) != (self.earned_after, self.count_after)

    @property
    def worth_telling(self) -> bool:
        return self.changes_score or self.points_before != self.points_after or self.override_kept


def has_attempts(quiz: Quiz) -> bool:
    return (
        db.session.scalar(select(QuizAttempt.id).where(QuizAttempt.quiz_id == quiz.id).limit(1)) is not None
    )


def sheet_number(attempt: QuizAttempt, question_id: str, listed: list[str] | None = None) -> int | None:
    """The question's number on the attempt's sheet (1-based), as the learner and teacher read it."""
    for number, line in enumerate(counted(attempt, listed), start=1):
        if line.question_id == question_id:
            return number
    return None


def _answer_to(attempt: QuizAttempt, question_id: str) -> QuizAnswer | None:
    return next((a for a in attempt.answers if a.question_id == question_id), None)


# ---------------------------------------------------------------- the question list


def plan_list_change(quiz: Quiz, new_ids: list[str]) -> list[Effect]:
    """What replacing the quiz's questions with `new_ids` does to each finished attempt's score
    (open attempts are scored when they finish, over the questions listed then)."""
    old_ids = list(quiz.question_ids)
    effects = []
    for attempt in quiz_attempts(quiz):
        if attempt.is_open:
            continue
        earned_before, count_before = points(attempt, old_ids)
        earned_after, count_after = points(attempt, new_ids)
        dropped = [qid for qid in old_ids if qid not in new_ids]
        added = [qid for qid in new_ids if qid not in old_ids]
        question_id = next(iter(dropped or added), None)
        answer = _answer_to(attempt, question_id) if question_id else None
        held = answer.score if answer is not None else 0.0
        effects.append(
            Effect(
                attempt,
                sheet_number(attempt, question_id, old_ids if dropped else new_ids) if question_id else None,
                held if dropped else None,
                held if added else None,
                earned_before,
                count_before,
                earned_after,
                count_after,
                answer,
            )
        )
    return effects


def apply_list_change(
    quiz: Quiz, new_ids: list[str], action: str | None, question_id: str | None, teacher: User, now: datetime
) -> list[Effect]:
    """Replace the quiz's questions, rescore every finished attempt over them, give open attempts a
    question added to the quiz, and keep the change (dropped or added) for the learners to see."""
    effects = plan_list_change(quiz, new_ids)
    quiz.question_ids = list(new_ids)
    quiz.updated_at = now
    for attempt in quiz_attempts(quiz):
        if attempt.is_open:
            missing = [qid for qid in new_ids if qid not in attempt.question_ids]
            if missing:
                attempt.question_ids = [*attempt.question_ids, *missing]
        else:
            tally(attempt)
    if action is not None and question_id is not None:
        _keep(quiz, question_id, action, "", teacher, now, effects)
    return effects


# ---------------------------------------------------------------- regrading one question


def with_accepted(question: content.Question, text: str) -> content.Question:
    """The question also accepting `text` as a right typed answer."""
    text = " ".join(text.split())
    if question.kind not in ACCEPTING_KINDS:
        raise QuizError("This kind of question has no typed answers to accept.")
    if not text:
        raise QuizError("Type the answer to accept.")
    if len(text) > 200:
        raise QuizError("Keep an accepted answer under 200 characters.")
    known = {str(question.answer).casefold(), *(a.casefold() for a in question.accepted)}
    if text.casefold() in known:
        raise QuizError(f"“{text}” is already accepted.")
    return replace(question, accepted=(*question.accepted, text))


def with_key(question: content.Question, key: str | list[str]) -> content.Question:
    """The question with its right answer corrected: a choice's number (multiple choice, true or
    false), several (choose all that apply) or the text (typed)."""
    kind = question.kind
    if kind not in KEY_KINDS:
        raise QuizError("The right answer of this kind of question can't be changed here.")
    if kind == "typed":
        text = " ".join(str(key).split())
        if not text or len(text) > 200:
            raise QuizError("Type the right answer (under 200 characters).")
        return replace(question, answer=text, answer_text=text)
    indices = _choice_indices(key, len(question.choices))
    if kind == "multi_select":
        if not indices:
            raise QuizError("Tick at least one right choice.")
        ordered = tuple(sorted(indices))
        return replace(question, answer=ordered, answer_text=", ".join(question.choices[i] for i in ordered))
    if len(indices) != 1:
        raise QuizError("Choose the one right choice.")
    index = indices[0]
    if kind == "true_false":
        said = question.choices[index] == "True"
        return replace(question, answer=said, answer_text="True" if said else "False")
    return replace(question, answer=index, answer_text=question.choices[index])


def _choice_indices(key: str | list[str], size: int) -> list[int]:
    values = key if isinstance(key, list) else [key]
    indices = []
    for value in values:
        if not str(value).isdecimal() or not 0 <= int(value) < size:
            raise QuizError("Choose among the question's choices.")
        indices.append(int(value))
    return sorted(set(indices))


def describe_fix(before: content.Question, after: content.Question) -> str:
    """The fix in words for learners: "accepted answer added: X" or "answer key corrected to: Y"."""
    added = [a for a in after.accepted if a not in before.accepted]
    if added:
        return f"accepted answer added: {', '.join(added)}"
    return f"answer key corrected to: {after.answer_text}"


def plan_regrade(quiz: Quiz, row: Question, fixed: content.Question) -> list[Effect]:
    """Each answer to the question graded again, as the attempt showed it, with the fixed question.
    A teacher's own mark stays (override_kept when the new grade differs from it)."""
    listed = list(quiz.question_ids)
    effects = []
    for attempt in quiz_attempts(quiz):
        answer = _answer_to(attempt, row.id)
        if answer is None:
            continue
        earned, count = points(attempt, listed)
        effect = Effect(
            attempt,
            sheet_number(attempt, row.id, listed),
            answer.score,
            answer.score,
            earned,
            count,
            earned,
            count,
            answer,
        )
        if answer.response is None:
            effect.not_regradable = True
        else:
            grade = grade_response(shown_question(attempt, fixed), answer.response)
            if grade is None:  # a self-rated kind: never in a quiz, nothing to regrade
                continue
            effect.grade = grade
            if answer.override_reason:
                effect.override_kept = grade.score != answer.score
            else:
                effect.points_after = grade.score
                effect.earned_after = round(earned - answer.score + grade.score, 4)
        effects.append(effect)
    return effects


def apply_regrade(
    quiz: Quiz, row: Question, fixed: content.Question, teacher: User, now: datetime
) -> tuple[QuizChange, list[Effect]]:
    """Keep the fixed question on the quiz (new answers are graded with it), regrade every answer
    to it, rescore finished attempts and keep the change for the learners to see."""
    what = describe_fix(quiz_question(quiz, row), fixed)
    effects = plan_regrade(quiz, row, fixed)
    quiz.question_fixes = {**(quiz.question_fixes or {}), row.id: fixed.to_dict()}
    quiz.updated_at = now
    for effect in effects:
        answer, grade = effect.answer, effect.grade
        if answer is None or grade is None:
            continue
        if answer.override_reason:
            answer.graded_score = grade.score
        else:
            answer.score, answer.correct = grade.score, grade.correct
            answer.grader_note = f"Regraded: {grade.reason}"[:500]
            _log_follows(answer)
        if not effect.attempt.is_open:
            tally(effect.attempt)
    return _keep(quiz, row.id, REGRADED, what, teacher, now, effects), effects


def _log_follows(answer: QuizAnswer) -> None:
    """The learner's history shows the answer as regraded. Its rating, and so their schedule,
    stays as it was when they answered: a regrade fixes a mark, not what they remembered then."""
    log = db.session.get(ReviewLog, answer.review_log_id) if answer.review_log_id else None
    if log is not None:
        log.correct, log.score, log.grader_note = answer.correct, answer.score, answer.grader_note


def _keep(
    quiz: Quiz,
    question_id: str,
    action: str,
    what: str,
    teacher: User,
    now: datetime,
    effects: list[Effect],
) -> QuizChange:
    change = QuizChange(
        quiz_id=quiz.id, question_id=question_id, action=action, what=what, made_by_id=teacher.id, made_at=now
    )
    change.effects = [
        QuizChangeEffect(
            attempt_id=effect.attempt.id,
            number=effect.number,
            points_before=effect.points_before,
            points_after=effect.points_after,
            earned_before=effect.earned_before,
            count_before=effect.count_before,
            earned_after=effect.earned_after,
            count_after=effect.count_after,
            override_kept=effect.override_kept,
        )
        for effect in effects
        if effect.worth_telling
    ]
    db.session.add(change)
    db.session.flush()
    return change


# ---------------------------------------------------------------- telling learners


def score_text(earned: float, count: int) -> str:
    return f"{round(earned, 2):g}/{count}"


def notices(attempt: QuizAttempt) -> list[str]:
    """What the teacher changed about this attempt since it was made, oldest first, in words."""
    effects = db.session.scalars(
        select(QuizChangeEffect)
        .join(QuizChange, QuizChangeEffect.change_id == QuizChange.id)
        .where(QuizChangeEffect.attempt_id == attempt.id)
        .order_by(QuizChange.made_at, QuizChange.id)
    )
    return [notice_text(effect) for effect in effects]


def notice_text(effect: QuizChangeEffect) -> str:
    change = effect.change
    question = f"Question {effect.number}" if effect.number else "A question"
    scores = (
        f"your score {score_text(effect.earned_before, effect.count_before)} → "
        f"{score_text(effect.earned_after, effect.count_after)}"
    )
    if change.action == DROPPED:
        return f"{question} was dropped from the quiz by your teacher; it no longer counts: {scores}."
    if change.action == ADDED:
        return (
            f"{question} was added to the quiz by your teacher after you finished; it counts as not "
            f"answered: {scores}."
        )
    if effect.override_kept:
        return (
            f"{question} was regraded by your teacher: {change.what}; your teacher's own mark for it "
            f"stays, so your score is {score_text(effect.earned_after, effect.count_after)}."
        )
    return f"{question} was regraded by your teacher: {change.what}; {scores}."
