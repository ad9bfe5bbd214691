"""Building quizzes and taking them. Functions flush; the request commits. Results: results.py.

The attempt flow follows the practice test (quizapp.study.practice): one question per page, each
answer graded with content.grade and stored once through UNIQUE (attempt, position) and a
submission key. The deadline lives in the database, so the server alone decides what is late.
"""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select

from quizapp import content, srs
from quizapp.answering.cards import memory_of, scheduler_settings
from quizapp.answering.rating import QUIZ
from quizapp.answering.record import add_once
from quizapp.answering.service import Submission, take_answer
from quizapp.extensions import db
from quizapp.models import (
    Card,
    Classroom,
    Deck,
    Enrollment,
    Fact,
    LiveSession,
    Question,
    Quiz,
    QuizAnswer,
    QuizAttempt,
    User,
)
from quizapp.models.quizzes import SHOW_AFTER_CLOSE, SHOW_AFTER_SUBMIT, SHOW_AT_ONCE
from quizapp.study.practice import PRACTICE_KINDS

QUIZ_KINDS = PRACTICE_KINDS
MIN_QUESTIONS, MAX_QUESTIONS = 1, 50
SHOW_CHOICES = [
    (SHOW_AT_ONCE, "At once, after each answer"),
    (SHOW_AFTER_SUBMIT, "After they submit"),
    (SHOW_AFTER_CLOSE, "After the quiz closes"),
]


class QuizError(ValueError):
    """A quiz action that can't be done; the message is for the person."""


# ---------------------------------------------------------------- building


def class_recall(classroom: Classroom, fact_ids: list[str], now: datetime) -> dict[str, float]:
    """Per fact, the class's average predicted recall now: a learner who never saw it counts 0."""
    learners = [e.user for e in classroom.enrollments]
    if not learners or not fact_ids:
        return {fact_id: 0.0 for fact_id in fact_ids}
    by_user = {user.id: user for user in learners}
    totals: dict[str, float] = {fact_id: 0.0 for fact_id in fact_ids}
    cards = db.session.execute(
        select(Card, Fact.answer_changed_at)
        .join(Fact, Card.fact_id == Fact.id)
        .where(Card.user_id.in_(list(by_user)), Card.fact_id.in_(fact_ids))
    ).all()
    for card, changed_at in cards:
        state = memory_of(card, changed_at, now)
        recall = srs.retrievability(state, now, scheduler_settings(by_user[card.user_id])) or 0.0
        totals[card.fact_id] += recall
    return {fact_id: total / len(learners) for fact_id, total in totals.items()}


def quiz_pool(
    section_ids: list[str], deck_ids: list[int], kinds: list[str]
) -> dict[str, dict[str, list[str]]]:
    """Live questions of the given kinds a quiz may draw from, as fact id -> kind -> question ids:
    the chosen sections of the article and the chosen teachers' decks (nothing chosen: the whole
    article). The caller has checked the person may use those sections and decks."""
    query = (
        select(Question.id, Question.fact_id, Question.kind)
        .join(Fact, Question.fact_id == Fact.id)
        .join(Deck, Fact.deck_id == Deck.id)
        .where(Question.retired_at.is_(None), Fact.retired_at.is_(None), Question.kind.in_(kinds))
        .order_by(Question.id)
    )
    if section_ids or deck_ids:
        query = query.where(or_(Fact.section_id.in_(section_ids), Fact.deck_id.in_(deck_ids)))
    else:
        query = query.where(Deck.owner_id.is_(None))
    pool: dict[str, dict[str, list[str]]] = {}
    for question_id, fact_id, kind in db.session.execute(query):
        pool.setdefault(fact_id, {}).setdefault(kind, []).append(question_id)
    return pool


def kind_quotas(kinds: list[str], count: int) -> dict[str, int]:
    """`count` places shared as evenly as the kinds allow, the odd ones to the first kinds."""
    share, extra = divmod(count, len(kinds))
    return {kind: share + (1 if index < extra else 0) for index, kind in enumerate(kinds)}


@dataclass
class QuizPick:
    """The questions chosen for a quiz, and what of the asked mix the bank could not give."""

    question_ids: list[str]
    notes: list[str]


def mix_questions(
    pool: dict[str, dict[str, list[str]]],
    kinds: list[str],
    count: int,
    recall: dict[str, float],
    rng: random.Random,
) -> QuizPick:
    """One question per fact, each kind's share of `count` first (the facts the class knows least
    first), then any place a kind could not fill goes to the other kinds; every shortfall is said."""
    ranked = sorted(pool, key=lambda fact_id: (recall.get(fact_id, 0.0), rng.random()))
    quotas = kind_quotas(kinds, count)
    offering = {kind: [f for f in ranked if kind in pool[f]] for kind in kinds}
    chosen: dict[str, str] = {}  # fact id -> question id
    given = dict.fromkeys(kinds, 0)
    # The scarcest kinds choose first, so a kind with few facts is not starved by a common one.
    for kind in sorted(kinds, key=lambda k: (len(offering[k]), kinds.index(k))):
        for fact_id in offering[kind]:
            if given[kind] >= quotas[kind]:
                break
            if fact_id not in chosen:
                chosen[fact_id] = rng.choice(pool[fact_id][kind])
                given[kind] += 1
    notes = [shortfall_note(kind, quotas[kind], given[kind]) for kind in kinds if given[kind] < quotas[kind]]
    for fact_id in ranked:
        if len(chosen) >= count:
            break
        if fact_id not in chosen:
            kind = min(
                (k for k in kinds if k in pool[fact_id]), key=lambda k: (given[k] - quotas[k], rng.random())
            )
            chosen[fact_id] = rng.choice(pool[fact_id][kind])
            given[kind] += 1
    if len(chosen) < count:
        notes.append(
            f"You asked for {count} questions; the chosen sections, decks and kinds cover {len(chosen)} "
            f"{'fact' if len(chosen) == 1 else 'facts'}, and a quiz asks about each fact once, so it has "
            f"{len(chosen)}. Choose more sections, decks or kinds for a longer one."
        )
    return QuizPick([chosen[fact_id] for fact_id in ranked if fact_id in chosen], notes)


def shortfall_note(kind: str, asked: int, given: int) -> str:
    label = content.KINDS[kind].label if kind in content.KINDS else kind
    missing = asked - given
    return (
        f"{label}: {asked} asked, {given} given. The sections and decks you chose have no more facts "
        f"with such a question (a quiz asks about each fact once), so {missing} "
        f"{'place went' if missing == 1 else 'places went'} to other kinds."
    )


def pick_questions(
    classroom: Classroom,
    section_ids: list[str],
    kinds: list[str],
    count: int,
    now: datetime,
    rng: random.Random,
    deck_ids: list[int] | None = None,
) -> QuizPick:
    """`count` questions, one per fact, in the kind mix asked, favouring the facts the class knows
    least (never seen first)."""
    kinds = [kind for kind in QUIZ_KINDS if kind in kinds] or list(QUIZ_KINDS)
    pool = quiz_pool(section_ids, list(deck_ids or []), kinds)
    if not pool:
        raise QuizError("No questions match those sections, decks and kinds. Choose more of them.")
    return mix_questions(pool, kinds, count, class_recall(classroom, sorted(pool), now), rng)


def build_quiz(
    classroom: Classroom,
    title: str,
    section_ids: list[str],
    kinds: list[str],
    count: int,
    now: datetime,
    rng: random.Random,
    deck_ids: list[int] | None = None,
) -> tuple[Quiz, list[str]]:
    """A draft quiz for `classroom`, and what of the asked mix could not be given (for the page)."""
    picked = pick_questions(classroom, section_ids, kinds, count, now, rng, deck_ids)
    quiz = Quiz(
        classroom_id=classroom.id,
        title=title.strip(),
        question_ids=picked.question_ids,
        section_ids=section_ids,
        kinds=kinds,
        extra_time={},
        created_at=now,
        updated_at=now,
    )
    db.session.add(quiz)
    db.session.flush()
    return quiz, picked.notes


def create_quiz(
    classroom: Classroom,
    title: str,
    section_ids: list[str],
    kinds: list[str],
    count: int,
    now: datetime,
    rng: random.Random,
    deck_ids: list[int] | None = None,
) -> Quiz:
    return build_quiz(classroom, title, section_ids, kinds, count, now, rng, deck_ids)[0]


def duplicate_quiz(quiz: Quiz, now: datetime, classroom: Classroom | None = None) -> Quiz:
    """A draft copy of `quiz`, in its own class or in `classroom` (whose learners get no extra time
    of the original's)."""
    same_class = classroom is None or classroom.id == quiz.classroom_id
    copy = Quiz(
        classroom_id=quiz.classroom_id if classroom is None else classroom.id,
        title=(f"{quiz.title} (copy)" if same_class else quiz.title)[:160],
        question_ids=list(quiz.question_ids),
        section_ids=list(quiz.section_ids or []),
        kinds=list(quiz.kinds or []),
        time_limit_minutes=quiz.time_limit_minutes,
        opens_at=quiz.opens_at,
        closes_at=quiz.closes_at,
        attempts_allowed=quiz.attempts_allowed,
        shuffle_questions=quiz.shuffle_questions,
        shuffle_choices=quiz.shuffle_choices,
        show_answers=quiz.show_answers,
        one_page=quiz.one_page,
        speed_points=quiz.speed_points,
        live_feeds_schedules=quiz.live_feeds_schedules,
        # The teacher's fixed versions of questions travel with the copy (it asks what they ask).
        question_fixes=dict(quiz.question_fixes or {}),
        extra_time=dict(quiz.extra_time or {}) if same_class else {},
        created_at=now,
        updated_at=now,
    )
    db.session.add(copy)
    db.session.flush()
    return copy


def moved(quiz: Quiz, position: int, step: int) -> list[str] | None:
    """The quiz's questions with the one at `position` moved `step` places; None if it can't move."""
    ids = list(quiz.question_ids)
    target = position + step
    if not (0 <= position < len(ids) and 0 <= target < len(ids)):
        return None
    ids[position], ids[target] = ids[target], ids[position]
    return ids


def without(quiz: Quiz, position: int) -> list[str] | None:
    """The quiz's questions without the one at `position`; None if there is none or it is the last."""
    ids = list(quiz.question_ids)
    if not 0 <= position < len(ids) or len(ids) <= 1:
        return None
    del ids[position]
    return ids


def with_added(quiz: Quiz, question_id: str) -> list[str]:
    """The quiz's questions with a bank question added at the end (one the caller has checked the
    teacher may see: library.visibility); QuizError says why it can't be."""
    row = db.session.get(Question, question_id)
    if (
        row is None
        or row.retired_at is not None
        or row.fact.retired_at is not None
        or row.kind not in QUIZ_KINDS
    ):
        raise QuizError("That question can't go in a quiz.")
    if question_id in quiz.question_ids:
        raise QuizError("That question is already in the quiz.")
    if len(quiz.question_ids) >= MAX_QUESTIONS:
        raise QuizError(f"A quiz holds at most {MAX_QUESTIONS} questions.")
    return [*quiz.question_ids, question_id]


def bank_questions(section_id: str, kind: str | None) -> list[Question]:
    query = (
        select(Question)
        .join(Fact, Question.fact_id == Fact.id)
        .where(
            Fact.section_id == section_id,
            Question.retired_at.is_(None),
            Fact.retired_at.is_(None),
            Question.kind.in_([kind] if kind in QUIZ_KINDS else list(QUIZ_KINDS)),
        )
        .order_by(Fact.paragraph, Question.id)
    )
    return list(db.session.scalars(query))


def questions_of(quiz_or_ids) -> list[Question]:
    ids = quiz_or_ids if isinstance(quiz_or_ids, list) else quiz_or_ids.question_ids
    rows = {row.id: row for row in db.session.scalars(select(Question).where(Question.id.in_(ids)))}
    return [rows[question_id] for question_id in ids if question_id in rows]


def live_sessions(quiz: Quiz) -> list[LiveSession]:
    """The quiz's live sessions, latest first (the quiz page lists them)."""
    return list(
        db.session.scalars(
            select(LiveSession)
            .where(LiveSession.quiz_id == quiz.id)
            .order_by(LiveSession.created_at.desc(), LiveSession.id.desc())
        )
    )


def class_quizzes(classroom: Classroom) -> list[Quiz]:
    return list(
        db.session.scalars(
            select(Quiz)
            .where(Quiz.classroom_id == classroom.id)
            .order_by(Quiz.created_at.desc(), Quiz.id.desc())
        )
    )


# ---------------------------------------------------------------- taking


def is_member(classroom: Classroom, user: User) -> bool:
    return any(e.user_id == user.id for e in classroom.enrollments)


def is_open_now(quiz: Quiz, now: datetime) -> bool:
    return (
        not quiz.is_draft
        and (quiz.opens_at is None or now >= quiz.opens_at)
        and (quiz.closes_at is None or now < quiz.closes_at)
    )


def attempts_of(quiz: Quiz, user: User) -> list[QuizAttempt]:
    return list(
        db.session.scalars(
            select(QuizAttempt)
            .where(QuizAttempt.quiz_id == quiz.id, QuizAttempt.user_id == user.id)
            .order_by(QuizAttempt.number)
        )
    )


def close_if_late(attempt: QuizAttempt, now: datetime) -> bool:
    """Close an open attempt whose deadline has passed; True if it is (now) closed by time."""
    if attempt.is_open and attempt.deadline is not None and now > attempt.deadline:
        finish(attempt, attempt.deadline, "time")
        return True
    return False


def start_attempt(quiz: Quiz, user: User, now: datetime) -> QuizAttempt:
    """The learner's open attempt (resumed), or a new one if the quiz is open and attempts remain."""
    attempts = attempts_of(quiz, user)
    for attempt in attempts:
        close_if_late(attempt, now)
    open_attempt = next((a for a in attempts if a.is_open), None)
    if open_attempt is not None:
        return open_attempt
    if not is_open_now(quiz, now):
        raise QuizError("This quiz is not open now.")
    if len(attempts) >= quiz.attempts_allowed:
        raise QuizError("You have used all your attempts at this quiz.")
    seed = secrets.randbelow(2**31)
    order = list(quiz.question_ids)
    if quiz.shuffle_questions:
        random.Random(seed).shuffle(order)
    deadline = None
    if quiz.time_limit_minutes:
        deadline = now + timedelta(minutes=quiz.time_limit_minutes + quiz.extra_minutes(user.id))
    if quiz.closes_at is not None:
        closing = quiz.closes_at + timedelta(minutes=quiz.extra_minutes(user.id))
        deadline = min(deadline, closing) if deadline else closing
    attempt = QuizAttempt(
        quiz_id=quiz.id,
        user_id=user.id,
        number=len(attempts) + 1,
        question_ids=order,
        seed=seed,
        started_at=now,
        deadline=deadline,
        correct_count=0,
    )
    db.session.add(attempt)
    db.session.flush()
    return attempt


def next_position(attempt: QuizAttempt) -> int | None:
    """The first question of the attempt still in the quiz and not answered yet."""
    answered = {answer.position for answer in attempt.answers}
    listed = set(attempt.quiz.question_ids)
    return next(
        (
            i
            for i, question_id in enumerate(attempt.question_ids)
            if i not in answered and question_id in listed
        ),
        None,
    )


def quiz_question(quiz: Quiz, row: Question) -> content.Question:
    """The question as this quiz asks and grades it: the teacher's fixed version, else the bank's."""
    return content.Question.from_dict(quiz.question_data(row))


def shown_question(attempt: QuizAttempt, question: content.Question) -> content.Question:
    """`question` as this attempt shows it (choices in the attempt's order when they are shuffled)."""
    return content.KINDS[question.kind].shuffled(
        question, attempt.seed if attempt.quiz.shuffle_choices else None
    )


def display_question(attempt: QuizAttempt, row: Question) -> content.Question:
    return shown_question(attempt, quiz_question(attempt.quiz, row))


CLOSED, ANSWERED_ALREADY = "closed", "answered_already"


@dataclass
class AnswerOutcome:
    """stored: the new answer, None when it was not kept. late: it came after the deadline.
    refused: why else it was not kept: CLOSED (the attempt was submitted, say in another tab) or
    ANSWERED_ALREADY (that question has another answer); None for a resend of a kept answer."""

    stored: QuizAnswer | None
    late: bool = False
    refused: str | None = None


def answer_question(
    attempt: QuizAttempt,
    position: int,
    row: Question,
    question: content.Question,
    response,
    seconds_taken: float | None,
    submission_key: str,
    now: datetime,
) -> AnswerOutcome:
    """Grade and keep one answer once; an answer after the deadline is not counted and closes the attempt."""
    if close_if_late(attempt, now):
        return AnswerOutcome(None, late=True)
    if db.session.scalar(select(QuizAnswer.id).where(QuizAnswer.submission_key == submission_key)):
        return AnswerOutcome(None)
    if not attempt.is_open:
        return AnswerOutcome(None, refused=CLOSED)
    if any(a.position == position for a in attempt.answers):
        return AnswerOutcome(None, refused=ANSWERED_ALREADY)
    # The log's key is the form's, marked as a quiz's so it can never meet a study answer's.
    answered = take_answer(
        Submission(
            attempt.user,
            row,
            question,
            response,
            QUIZ,
            f"quiz-{submission_key}"[:64],
            now,
            seconds_taken,
            quiz_question_ids=tuple(attempt.question_ids),
        )
    )
    grade = answered.grade
    answer = QuizAnswer(
        attempt_id=attempt.id,
        position=position,
        question_id=row.id,
        submission_key=submission_key,
        answer_given=answered.given[:2000],
        picked=content.KINDS[question.kind].picked(question, response),
        response=response,
        correct=grade.correct,
        score=grade.score,
        grader_note=grade.reason[:500],
        seconds_taken=seconds_taken,
        review_log_id=answered.log.id,
        answered_at=now,
    )
    if not add_once(answer):
        return AnswerOutcome(None)
    attempt.answers.append(answer)
    return AnswerOutcome(answer)


def finish(attempt: QuizAttempt, when: datetime, reason: str) -> None:
    attempt.submitted_at = when
    attempt.closed_reason = reason
    tally(attempt)


@dataclass(frozen=True)
class Counted:
    """One question an attempt is marked on: where the learner had it (None: added to the quiz after
    the attempt was made, so never asked) and the answer given (None: not answered, 0 points)."""

    question_id: str
    position: int | None
    answer: QuizAnswer | None

    @property
    def points(self) -> float:
        return self.answer.score if self.answer is not None else 0.0


def counted(attempt: QuizAttempt, listed: list[str] | None = None) -> list[Counted]:
    """The questions an attempt is marked on: the quiz's questions now (or `listed`), in the order
    the learner had them, then those the attempt never had. A question dropped from the quiz no
    longer counts; its answer is kept."""
    listed = list(attempt.quiz.question_ids if listed is None else listed)
    wanted = set(listed)
    by_position = {answer.position: answer for answer in attempt.answers}
    lines, seen = [], set()
    for position, question_id in enumerate(attempt.question_ids):
        if question_id in wanted and question_id not in seen:
            seen.add(question_id)
            lines.append(Counted(question_id, position, by_position.get(position)))
    lines += [Counted(question_id, None, None) for question_id in listed if question_id not in seen]
    return lines


def points(attempt: QuizAttempt, listed: list[str] | None = None) -> tuple[float, int]:
    """(points earned, questions counted): the score is always their sum over the listed questions."""
    lines = counted(attempt, listed)
    return round(sum(line.points for line in lines), 4), len(lines)


def tally(attempt: QuizAttempt) -> None:
    """The attempt's count of right answers and its score, from the marks its answers hold now,
    over the questions the quiz lists now."""
    lines = counted(attempt)
    attempt.correct_count = sum(1 for line in lines if line.answer is not None and line.answer.correct)
    attempt.score = round(sum(line.points for line in lines) / max(1, len(lines)), 4)


def override_mark(answer: QuizAnswer, points: float, reason: str, teacher: User, now: datetime) -> None:
    """The teacher's mark replaces the grader's (kept in `graded_score` the first time), with the
    reason; a finished attempt's score follows at once."""
    if answer.graded_score is None:
        answer.graded_score = answer.score
    answer.score = points
    answer.correct = points >= 1
    answer.override_reason = reason
    answer.overridden_at = now
    answer.overridden_by_id = teacher.id
    if not answer.attempt.is_open:
        tally(answer.attempt)


def answers_visible(quiz: Quiz, attempt: QuizAttempt, now: datetime) -> bool:
    """Whether the learner may see the right answers of this attempt now."""
    if quiz.show_answers == SHOW_AT_ONCE:
        return True
    if attempt.is_open:
        return False
    if quiz.show_answers == SHOW_AFTER_SUBMIT:
        return True
    return quiz.closes_at is not None and now >= quiz.closes_at


@dataclass
class QuizListing:
    """An assigned quiz as one learner sees it in their list: where they stand with it."""

    quiz: Quiz
    status: str  # "in_progress", "done", "not_started", "upcoming" or "closed"
    score: float | None = None

    @property
    def to_do(self) -> bool:
        return self.status in {"in_progress", "not_started"}


def learner_listing(user: User, now: datetime) -> list[QuizListing]:
    """The learner's assigned quizzes, soonest due first, each with where they stand."""
    listing = []
    for quiz in learner_quizzes(user):
        attempts = attempts_of(quiz, user)
        done = [attempt for attempt in attempts if not attempt.is_open]
        if attempts and attempts[-1].is_open and not (attempts[-1].deadline and now > attempts[-1].deadline):
            listing.append(QuizListing(quiz, "in_progress"))
        elif done:
            listing.append(QuizListing(quiz, "done", done[-1].score))
        elif is_open_now(quiz, now):
            listing.append(QuizListing(quiz, "not_started"))
        elif quiz.opens_at is not None and now < quiz.opens_at:
            listing.append(QuizListing(quiz, "upcoming"))
        else:
            listing.append(QuizListing(quiz, "closed"))
    return listing


def learner_quizzes(user: User) -> list[Quiz]:
    return list(
        db.session.scalars(
            select(Quiz)
            .join(Classroom, Quiz.classroom_id == Classroom.id)
            .join(Enrollment, Enrollment.classroom_id == Classroom.id)
            .where(
                Enrollment.user_id == user.id, Quiz.assigned_at.is_not(None), Classroom.archived_at.is_(None)
            )
            .order_by(Quiz.closes_at.is_(None), Quiz.closes_at, Quiz.assigned_at.desc())
        )
    )
