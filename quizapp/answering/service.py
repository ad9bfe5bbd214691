"""One answering path for every source: grade, rate, log, schedule, each answer stored once.

A route reads the form into the kind's response shape and calls `take_answer`; what happens next
is the same whether the question came from the study page, a practice test, a quiz or a live game.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from quizapp import content, srs
from quizapp.answering.rating import LIVE, SOURCES, RatingInput, rate
from quizapp.answering.record import GivenAnswer, StoredAnswer, plan_answer, store_answer_once
from quizapp.database import begin_writing, has_begun_writing
from quizapp.models import Question, User

SUBMISSION_KEY = re.compile(r"^[0-9a-f]{32}$")
"""A page's key for one answer form (uuid4 hex): the same key twice is the same answer."""

RATING_LABELS = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}


def is_submission_key(key: str | None) -> bool:
    return bool(key and SUBMISSION_KEY.match(key))


def shown_time(shown_at: str | None) -> datetime | None:
    """When the page showed the question, from the ISO time it sent back; None when missing or unreadable."""
    try:
        shown = datetime.fromisoformat(shown_at or "")
    except ValueError:
        return None
    return shown if shown.tzinfo is not None else None


def seconds_taken(shown_at: str | None, now: datetime) -> float | None:
    """Seconds from when the page showed the question (its ISO time, sent back) until now; None
    when the time is missing, unreadable or implausible (a page left open over an hour)."""
    shown = shown_time(shown_at)
    if shown is None:
        return None
    seconds = (now - shown).total_seconds()
    return seconds if 0 <= seconds <= 3600 else None


@dataclass(frozen=True)
class Submission:
    """One answer as a route received it, read into its kind's response shape but not graded.

    learner: None for a live player without an account. row: the bank question asked. shown: the
    question as the page showed it (choices perhaps shuffled), which the response refers to. For
    self-rated kinds the response is the learner's rating, 1 to 4. live_feeds_schedule: for a live
    game, whether the teacher turned on "answers feed players' schedules" for its quiz (off by
    default: a game is played for the room, often guessed at speed); other sources always feed it.
    quiz_question_ids: the questions of the quiz or live game being taken, which the learner may
    answer whatever deck they are from.
    """

    learner: User | None
    row: Question
    shown: content.Question
    response: Any
    source: str
    submission_key: str
    now: datetime
    seconds_taken: float | None = None
    live_feeds_schedule: bool = False
    quiz_question_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Answered:
    """What became of a submission: its grade (None when self-rated), the response in words, the
    review-log row (None where the answer is not logged: live play unless it feeds schedules) and
    whether it was a resend of an answer already stored."""

    grade: content.Grade | None
    given: str
    note: str
    log: StoredAnswer | None
    resent: bool = False

    @property
    def rating(self) -> int | None:
        return self.log.rating if self.log is not None else None


def grade_response(shown: content.Question, response: Any) -> content.Grade | None:
    """The one grader: the kind's verdict on a response to the question as it was shown. A regrade
    calls it again with the fixed question, so a regraded answer is graded as a new one would be."""
    return content.grade(shown, response)


def take_answer(submission: Submission) -> Answered:
    """Grade the response, then (for sources that log) rate it and store it once, moving the schedule.

    A question the learner may not see (another teacher's private deck) raises NotVisible, a 404:
    routes look questions up through library.visibility, and this holds for any route that forgets.
    """
    # Imported here: quizapp.library loads its routes, which reach the study package, whose routes
    # import this module; at module level that cycle broke `import quizapp.answering.service`.
    from quizapp.library.visibility import NotVisible, can_see_question

    if submission.source not in SOURCES:
        raise ValueError(f"unknown answer source {submission.source!r}")
    if not can_see_question(submission.learner, submission.row, submission.quiz_question_ids):
        raise NotVisible()
    question = submission.shown
    grade = grade_response(question, submission.response)
    if grade is None:
        self_rating = int(submission.response)
        given, note = "", f"You rated it {RATING_LABELS.get(self_rating, self_rating)}."
    else:
        self_rating = None
        given, note = content.KINDS[question.kind].describe(question, submission.response), grade.reason
    learner = submission.learner
    if learner is None or (submission.source == LIVE and not submission.live_feeds_schedule):
        return Answered(grade, given, note, None)
    _start, day_end = srs.current_day_bounds(submission.now, learner.time_zone)

    def rate_from(before: srs.MemoryState | None):
        return rate(
            RatingInput(
                submission.source,
                question.kind,
                grade,
                self_rating,
                submission.seconds_taken,
                before,
                submission.now,
                day_end,
                learner.slow_answer_percent / 100,
            )
        )

    given_answer = GivenAnswer(
        submission.row,
        grade.correct if grade else None,
        given,
        note,
        submission.seconds_taken,
        submission.submission_key,
        submission.source,
        score=grade.score if grade else None,
        response=submission.response if grade else None,
    )
    # Under reads_before_writing the scheduling is worked out before the write lock, from the card
    # as it is; the store uses it if the locked card is unchanged.
    planned = None if has_begun_writing() else plan_answer(learner, given_answer, rate_from, submission.now)
    begin_writing()
    log, resent = store_answer_once(learner, given_answer, rate_from, submission.now, planned)
    return Answered(grade, given, note, log, resent)
