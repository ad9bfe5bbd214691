"""Live sessions: start one, join it, move it along, take answers, and what each screen shows.

Functions flush; the request commits. Every state change bumps `LiveSession.version`, which the
screens poll. Actions carry the position they were meant for, so a double-clicked "Next" or two
projector tabs never skip a question.
"""

from __future__ import annotations

import random
import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import NamedTuple

from sqlalchemy import and_, bindparam, case, exists, func, or_, select
from sqlalchemy.orm import lazyload

from quizapp import content
from quizapp.answering.rating import LIVE
from quizapp.answering.record import add_once, insert_once
from quizapp.answering.service import Answered, Submission, take_answer
from quizapp.classes.service import new_join_code, normalise_code
from quizapp.database import begin_writing, has_begun_writing
from quizapp.extensions import db
from quizapp.live.rules import (
    CODE_LENGTH,
    GRACE_SECONDS,
    MAX_PLAYERS,
    NICKNAME_MAX,
    points_for,
)
from quizapp.models import LiveAnswer, LivePlayer, LiveSession, Question, Quiz, User
from quizapp.models.live import FINISHED, LOBBY, QUESTION, REVEAL, SECONDS_CHOICES
from quizapp.raw_sql import RawInsert, RawRead

_SPACES = re.compile(r"\s+")


class LiveError(ValueError):
    """A live action that can't be done; the message is for the person."""


# ---------------------------------------------------------------- the host


def start_session(quiz: Quiz, host: User, seconds_per_question: int, now: datetime) -> LiveSession:
    if not quiz.question_ids:
        raise LiveError("Add questions to the quiz before playing it live.")
    if seconds_per_question not in SECONDS_CHOICES:
        raise LiveError("Choose one of the offered times per question.")
    seed = secrets.randbelow(2**31)
    order = list(quiz.question_ids)
    if quiz.shuffle_questions:
        random.Random(seed).shuffle(order)
    session = LiveSession(
        quiz_id=quiz.id,
        host_id=host.id,
        join_code=new_join_code(CODE_LENGTH, LiveSession.join_code),
        question_ids=order,
        seed=seed,
        shuffle_choices=quiz.shuffle_choices,
        speed_points=quiz.speed_points,
        feeds_schedules=quiz.live_feeds_schedules,
        seconds_per_question=seconds_per_question,
        phase=LOBBY,
        position=-1,
        version=0,
        created_at=now,
    )
    db.session.add(session)
    db.session.flush()
    return session


def _changed(session: LiveSession) -> None:
    session.version += 1


def advance(session: LiveSession, from_position: int, now: datetime) -> bool:
    """From the lobby or a revealed answer to the next question (or the podium after the last)."""
    if session.phase not in (LOBBY, REVEAL) or session.position != from_position:
        return False
    if session.position + 1 >= len(session.question_ids):
        return finish(session, now)
    session.position += 1
    session.phase = QUESTION
    session.question_started_at = now
    session.question_ends_at = now + timedelta(seconds=session.seconds_per_question)
    _changed(session)
    return True


def reveal(session: LiveSession, at_position: int, now: datetime) -> bool:
    """Stop taking answers to the current question and show its answer; early if everyone is done."""
    if session.phase != QUESTION or session.position != at_position:
        return False
    session.phase = REVEAL
    if session.question_ends_at is None or now < session.question_ends_at:
        session.question_ends_at = now
    _changed(session)
    return True


def finish(session: LiveSession, now: datetime) -> bool:
    if session.phase == FINISHED:
        return False
    session.phase = FINISHED
    session.finished_at = now
    _changed(session)
    return True


# ---------------------------------------------------------------- players


def open_session_by_code(code: str) -> LiveSession | None:
    session = db.session.scalar(select(LiveSession).where(LiveSession.join_code == normalise_code(code[:20])))
    return session if session is not None and session.phase != FINISHED else None


def clean_nickname(raw: str) -> str:
    """What people type, tidied: single spaces, no control characters, at most NICKNAME_MAX long."""
    text = "".join(ch for ch in raw if ch.isprintable())
    return _SPACES.sub(" ", text).strip()[:NICKNAME_MAX].strip()


def _key(nickname: str) -> str:
    return nickname.casefold()


def _nickname_taken(session: LiveSession, nickname: str) -> bool:
    return (
        db.session.scalar(
            select(LivePlayer.id).where(
                LivePlayer.session_id == session.id, LivePlayer.nickname_key == _key(nickname)
            )
        )
        is not None
    )


def player_of_user(session: LiveSession, user: User) -> LivePlayer | None:
    return db.session.scalar(
        select(LivePlayer).where(LivePlayer.session_id == session.id, LivePlayer.user_id == user.id)
    )


def join(session: LiveSession, user: User | None, nickname: str, now: datetime) -> LivePlayer:
    """Add a player: a signed-in user once (joining again returns their player), anyone else by a
    nickname nobody in the session uses yet."""
    if session.phase == FINISHED:
        raise LiveError("This live quiz has ended.")
    if user is not None:
        if user.id == session.host_id:
            raise LiveError("You are hosting this quiz. Players join from their own devices.")
        existing = player_of_user(session, user)
        if existing is not None:
            return existing
    name = clean_nickname(nickname)
    typed = bool(name)
    if not name and user is not None and not user.is_guest:
        name = clean_nickname(user.display_name)
    if not name:
        raise LiveError("Choose a nickname to play.")
    if _nickname_taken(session, name):
        if typed:
            raise LiveError("Someone in this quiz already has that nickname. Choose another.")
        name = next(
            f"{name[: NICKNAME_MAX - 4]} ({n})"
            for n in range(2, MAX_PLAYERS + 2)
            if not _nickname_taken(session, f"{name[: NICKNAME_MAX - 4]} ({n})")
        )
    if player_count(session) >= MAX_PLAYERS:
        raise LiveError("This live quiz is full.")
    player = LivePlayer(
        session_id=session.id,
        user_id=user.id if user else None,
        nickname=name,
        nickname_key=_key(name),
        joined_at=now,
    )
    if not add_once(player):
        raise LiveError("Someone in this quiz already has that nickname. Choose another.")
    return player


def players_of(session: LiveSession) -> list[LivePlayer]:
    return list(
        db.session.scalars(
            select(LivePlayer)
            .where(LivePlayer.session_id == session.id)
            .order_by(LivePlayer.joined_at, LivePlayer.id)
        )
    )


def player_count(session: LiveSession) -> int:
    return (
        db.session.scalar(
            select(func.count()).select_from(LivePlayer).where(LivePlayer.session_id == session.id)
        )
        or 0
    )


def session_with_player(session_id: int, player_id: int) -> tuple[LiveSession, LivePlayer] | None:
    """The session and its player `player_id` (from a phone's cookie), in one statement: most of a
    room joined with a nickname, and every answer and page asks."""
    found = db.session.execute(
        select(LiveSession, LivePlayer)
        .join(LivePlayer, LivePlayer.session_id == LiveSession.id)
        .where(LiveSession.id == session_id, LivePlayer.id == player_id)
    ).first()
    return (found[0], found[1]) if found is not None else None


# ---------------------------------------------------------------- answering


def question_at(session: LiveSession, position: int) -> tuple[Question, content.Question]:
    """The bank row at `position` and the question as this session shows it (choices shuffled by its seed),
    with the quiz's fix when the teacher corrected it (regrading)."""
    # Both rows in one statement (every answer asks); the quiz without its class and the class's
    # members (eager by default), which are not needed here.
    row, quiz = db.session.execute(
        select(Question, Quiz)
        .join(Quiz, Quiz.id == session.quiz_id)
        .where(Question.id == session.question_ids[position])
        .options(lazyload(Quiz.classroom))
    ).one()
    question = content.Question.from_dict(quiz.question_data(row))
    return row, content.KINDS[question.kind].shuffled(
        question, session.seed if session.shuffle_choices else None
    )


def seconds_left(session: LiveSession, now: datetime) -> int | None:
    if session.phase != QUESTION or session.question_ends_at is None:
        return None
    return max(0, int((session.question_ends_at - now).total_seconds() + 0.999))


def answer_of(player: LivePlayer, position: int) -> LiveAnswer | None:
    return db.session.scalar(
        select(LiveAnswer).where(LiveAnswer.player_id == player.id, LiveAnswer.position == position)
    )


def _closed_reason(phase: str, current: int, position: int, time_up: bool) -> str | None:
    """Why an answer to the question at `position` can no longer count, or None while it can."""
    if phase != QUESTION or position != current:
        return "That question is over; your answer was not counted."
    if time_up:
        return "Time was up; that answer was not counted."
    return None


def _latest_end(now: datetime) -> datetime:
    """The earliest end a question may have for an answer given `now` to count (the grace after it)."""
    return now - timedelta(seconds=GRACE_SECONDS)


def _refuse_closed(phase: str, current: int, ends_at: datetime | None, position: int, now: datetime) -> None:
    reason = _closed_reason(phase, current, position, ends_at is not None and ends_at < _latest_end(now))
    if reason is not None:
        raise LiveError(reason)


def _question_now(session_id: int) -> tuple[str, int, datetime | None]:
    """The session's phase, position and question end as the database holds them now."""
    # On the session's connection, without the ORM's per-statement work: this runs under the lock.
    phase, position, ends_at = (
        db.session.connection()
        .execute(
            select(LiveSession.phase, LiveSession.position, LiveSession.question_ends_at).where(
                LiveSession.id == session_id
            )
        )
        .one()
    )
    return phase, position, ends_at


_ANSWER_COLUMNS = (
    "session_id",
    "player_id",
    "position",
    "question_id",
    "answer_given",
    "picked",
    "correct",
    "score",
    "points",
    "seconds_taken",
    "answered_at",
)
_OPEN_FOR_ANSWERS = and_(
    LiveSession.id == bindparam("session_id"),
    LiveSession.phase == QUESTION,
    LiveSession.position == bindparam("position"),
    or_(LiveSession.question_ends_at.is_(None), LiveSession.question_ends_at >= bindparam("latest_end")),
)
# The answer row and the check that its question is still open, in one statement that commits on
# its own: on SQLite the write lock is taken and given back inside one call (raw_sql.RawInsert).
_KEEP_ANSWER = RawInsert(LiveAnswer, _ANSWER_COLUMNS, _OPEN_FOR_ANSWERS, ("player_id", "position"))
# When it kept nothing: whether the player's answer is already there (a resend), else why not.
_WHY_NOT_KEPT = RawRead(
    select(
        exists().where(
            LiveAnswer.player_id == bindparam("player_id"), LiveAnswer.position == bindparam("position")
        ),
        LiveSession.phase,
        LiveSession.position,
        and_(
            LiveSession.question_ends_at.is_not(None), LiveSession.question_ends_at < bindparam("latest_end")
        ),
    ).where(LiveSession.id == bindparam("session_id")),
    process_values=True,
)


def answer(
    session: LiveSession,
    player: LivePlayer,
    position: int,
    row: Question,
    question: content.Question,
    response,
    now: datetime,
) -> bool:
    """Grade and keep a player's answer to the current question once; False for a resend (UNIQUE
    player × position decides, so two copies arriving together cannot both be kept).

    300 phones answer within seconds of each other and SQLite has one writer, so the write lock is
    held for as little as possible. A game that does not feed schedules writes nothing but the
    answer row: it is graded first, then the row goes in with one statement on its own that also
    checks the question is still open (the host may have moved on meanwhile). When the game feeds
    schedules the answer moves the learner's card too, so all of it is one transaction.
    """
    _refuse_closed(session.phase, session.position, session.question_ends_at, position, now)
    elapsed = min(
        max((now - session.question_started_at).total_seconds(), 0.0), float(session.seconds_per_question)
    )
    # A signed-in player's user is already in the session (Flask-Login loaded it): no query.
    learner = db.session.get(User, player.user_id) if player.user_id is not None else None
    submission = Submission(
        learner,
        row,
        question,
        response,
        LIVE,
        f"live-{session.id}-{player.id}-{position}",
        now,
        elapsed,
        live_feeds_schedule=session.feeds_schedules,
        quiz_question_ids=tuple(session.question_ids),
    )
    keys = dict(session_id=session.id, player_id=player.id, position=position)
    seconds_allowed, speed_points = session.seconds_per_question, session.speed_points

    def answer_row(answered: Answered) -> dict:
        grade = answered.grade
        return {
            **keys,
            "question_id": question.id,
            "answer_given": answered.given[:2000],
            "picked": content.KINDS[question.kind].picked(question, response),
            "correct": grade.correct,
            "score": grade.score,
            "points": points_for(grade.score, elapsed, seconds_allowed, speed_points),
            "seconds_taken": round(elapsed, 3),
            "answered_at": now,
        }

    if not submission.live_feeds_schedule and not has_begun_writing():
        values = answer_row(take_answer(submission))
        if _KEEP_ANSWER.run(**values, latest_end=_latest_end(now)):
            return True
        # Read afresh (the request's own reads see the database as it was when they began).
        already, phase, current, time_up = _WHY_NOT_KEPT.first(**keys, latest_end=_latest_end(now))
        if already:
            return False
        raise LiveError(_closed_reason(phase, current, position, bool(time_up)) or "That game has ended.")
    begin_writing()
    _refuse_closed(*_question_now(session.id), position, now)
    return insert_once(LiveAnswer, answer_row(take_answer(submission)), ("player_id", "position"))


_POLL_STATE = RawRead(
    select(LiveSession.version, LiveSession.phase, LiveSession.position)
    .join(LivePlayer, LivePlayer.session_id == LiveSession.id)
    .where(
        LiveSession.id == bindparam("session_id"),
        or_(LivePlayer.id == bindparam("player_id"), LivePlayer.user_id == bindparam("user_id")),
    )
    .limit(1)
)


class PolledState(NamedTuple):
    version: int
    phase: str
    position: int


def poll_state(session_id: int, user_id: int | None, player_id: int | None) -> PolledState | None:
    """(version, phase, position) of the session if this user or cookie's player is in it, else None.

    Every phone in the room asks once a second, so this is one prebuilt statement on a bare DB-API
    connection, without the ORM (raw_sql.py)."""
    if user_id is None and player_id is None:
        return None
    row = _POLL_STATE.first(session_id=session_id, player_id=player_id, user_id=user_id)
    return PolledState(*row) if row is not None else None


def answered_count(session: LiveSession, position: int) -> int:
    return (
        db.session.scalar(
            select(func.count())
            .select_from(LiveAnswer)
            .where(LiveAnswer.session_id == session.id, LiveAnswer.position == position)
        )
        or 0
    )


# ---------------------------------------------------------------- what the screens show


@dataclass
class Standing:
    player: LivePlayer
    points: int = 0
    correct: int = 0
    answered: int = 0
    seconds: float = 0.0
    rank: int = 0


def leaderboard(session: LiveSession) -> list[Standing]:
    """Every player by points (then fewer seconds spent); equal points and time share a rank."""
    totals = {
        player_id: (points, correct, answered, seconds)
        for player_id, points, correct, answered, seconds in db.session.execute(
            select(
                LiveAnswer.player_id,
                func.sum(LiveAnswer.points),
                func.sum(case((LiveAnswer.correct, 1), else_=0)),
                func.count(),
                func.sum(LiveAnswer.seconds_taken),
            )
            .where(LiveAnswer.session_id == session.id)
            .group_by(LiveAnswer.player_id)
        )
    }
    standings = []
    for player in players_of(session):
        points, correct, answered, seconds = totals.get(player.id, (0, 0, 0, 0.0))
        standings.append(
            Standing(player, int(points or 0), int(correct or 0), int(answered), float(seconds or 0.0))
        )
    standings.sort(key=lambda s: (-s.points, round(s.seconds, 1), s.player.joined_at, s.player.id))
    for index, standing in enumerate(standings):
        previous = standings[index - 1] if index else None
        same = previous is not None and (previous.points, round(previous.seconds, 1)) == (
            standing.points,
            round(standing.seconds, 1),
        )
        standing.rank = previous.rank if same else index + 1
    return standings


@dataclass
class Tally:
    """How the room answered one question: picks per choice for choice kinds, right and wrong for all."""

    position: int
    row: Question
    question: content.Question
    answered: int = 0
    correct: int = 0
    picks: list[tuple[str, int, bool]] = field(default_factory=list)

    @property
    def share_correct(self) -> float | None:
        return self.correct / self.answered if self.answered else None

    @property
    def most_picks(self) -> int:
        return max([count for _choice, count, _right in self.picks] or [0])


def tally(session: LiveSession, position: int) -> Tally:
    row, question = question_at(session, position)
    answers = list(
        db.session.scalars(
            select(LiveAnswer).where(LiveAnswer.session_id == session.id, LiveAnswer.position == position)
        )
    )
    result = Tally(
        position, row, question, answered=len(answers), correct=sum(1 for a in answers if a.correct)
    )
    result.picks = content.KINDS[question.kind].tally_picks(question, [a.picked for a in answers])
    return result


def tallies(session: LiveSession) -> list[Tally]:
    """A tally of every question the session has reached."""
    reached = len(session.question_ids) if session.phase == FINISHED else session.position + 1
    return [tally(session, position) for position in range(max(0, reached))]


def answers_of_player(player: LivePlayer) -> dict[int, LiveAnswer]:
    return {
        a.position: a for a in db.session.scalars(select(LiveAnswer).where(LiveAnswer.player_id == player.id))
    }
