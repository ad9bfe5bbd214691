"""Learners with a history: signed in through the pages, answers stored through the study service."""

from __future__ import annotations

import csv
import uuid
from dataclasses import dataclass
from datetime import datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from quizapp.answering.record import Answer, record_answer
from quizapp.extensions import db
from quizapp.models import Question, User
from quizapp.srs.optimize import ReviewRecord
from quizapp.study.service import active_facts
from tests.conftest import AuthActions
from tests.data import REAL_REVIEW_LOG


@dataclass
class HistoryLearner:
    """A signed-in learner whose answers the test stores directly through the study service."""

    app: Flask
    client: FlaskClient
    email: str

    def user_id(self) -> int:
        with self.app.app_context():
            return db.session.scalar(select(User.id).where(User.email == self.email))

    def parameters(self) -> list[float] | None:
        with self.app.app_context():
            return db.session.scalar(select(User.fsrs_parameters).where(User.email == self.email))

    def answer(
        self,
        fact_id: str,
        rating: int,
        at: datetime,
        *,
        kind: str = "flashcard",
        given: str = "",
        correct: bool | None = None,
    ) -> None:
        """Store one answer as the study page would, at `at`."""
        with self.app.app_context():
            user = db.session.scalar(select(User).where(User.email == self.email))
            question = db.session.scalar(
                select(Question)
                .where(Question.fact_id == fact_id, Question.kind == kind)
                .order_by(Question.id)
            )
            assert question is not None, f"no {kind} question for {fact_id}"
            record_answer(user, Answer(question, rating, correct, given, "", 4.0, uuid.uuid4().hex), at)
            db.session.commit()

    def answer_history(self, records: list[ReviewRecord]) -> None:
        """Store constructed reviews (tests/srs/histories.py), their facts mapped onto the bank's
        facts in order of first appearance, through the study service."""
        with self.app.app_context():
            user = db.session.scalar(select(User).where(User.email == self.email))
            fact_ids = list(active_facts(None))
            flashcards = {
                q.fact_id: q for q in db.session.scalars(select(Question).where(Question.kind == "flashcard"))
            }
            mapped: dict[str, str] = {}
            for record in sorted(records, key=lambda record: record.reviewed_at):
                fact_id = mapped.setdefault(record.fact_id, fact_ids[len(mapped)])
                answer = Answer(flashcards[fact_id], record.rating, None, "", "", 4.0, uuid.uuid4().hex)
                record_answer(user, answer, record.reviewed_at)
            db.session.commit()

    def replay_real_log(self, count: int) -> int:
        """Answer the first `count` reviews of the real review log, its cards mapped onto the
        bank's facts in order of first appearance; returns the number of facts used."""
        with open(REAL_REVIEW_LOG, newline="") as handle:
            rows = [row for _, row in zip(range(count), csv.DictReader(handle))]
        rows.sort(key=lambda row: row["review_time"])
        with self.app.app_context():
            user = db.session.scalar(select(User).where(User.email == self.email))
            fact_ids = list(active_facts(None))
            flashcards = {
                q.fact_id: q
                for q in db.session.scalars(
                    select(Question).where(Question.kind == "flashcard").order_by(Question.id.desc())
                )
            }
            mapped: dict[str, str] = {}
            for row in rows:
                fact_id = mapped.setdefault(row["card_id"], fact_ids[len(mapped)])
                seconds = int(row["review_duration"]) / 1000
                answer = Answer(
                    flashcards[fact_id], int(row["review_rating"]), None, "", "", seconds, uuid.uuid4().hex
                )
                record_answer(user, answer, datetime.fromisoformat(row["review_time"]))
            db.session.commit()
            return len(mapped)


def sign_up(app: Flask, email: str) -> HistoryLearner:
    client = app.test_client()
    response = AuthActions(client).sign_up(email=email)
    assert response.status_code == 302
    return HistoryLearner(app, client, email)


@pytest.fixture
def ada(loaded_app) -> HistoryLearner:
    return sign_up(loaded_app, "ada@example.org")


@pytest.fixture
def bob(loaded_app) -> HistoryLearner:
    return sign_up(loaded_app, "bob@example.org")
