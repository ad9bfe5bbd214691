"""One school in one database: every role, and objects that belong to each of them.

Building it takes a few seconds (real sign-ins, a quiz, an upload), so it is built once per test
session into a template file; each test gets a copy of that file and the same secret key, so the
session cookies saved at build time keep working on the copy.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import uuid
from contextlib import closing
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from jinja2 import BytecodeCache
from sqlalchemy import make_url, select

from quizapp.auth.recovery import make_reset_token
from quizapp.extensions import db
from quizapp.models import (
    Deck,
    DeckShare,
    Fact,
    PracticeTest,
    Question,
    QuizShare,
    ReviewLog,
    Role,
    Section,
    User,
)
from tests.conftest import CSRF_PATTERN, AuthActions, copy_closed_database, make_app, post_form
from tests.library.test_uploads import VALID, upload
from tests.live.helpers import Host, Player, live_row, start_live
from tests.quizzes.helpers import Taker, account, assign, build_quiz, join, make_class, signed_in
from tests.study.conftest import Clock, Learner, answer_fields

# Who can knock on a door. "learner" is in the teacher's class, "outsider" in another teacher's class;
# "colleague" is a teacher the teacher shared their private deck and their quiz with.
ROLES = ("anonymous", "guest", "learner", "outsider", "teacher", "other_teacher", "colleague", "admin")
ACCOUNT_ROLES = {
    "learner": Role.LEARNER,
    "outsider": Role.LEARNER,
    "teacher": Role.TEACHER,
    "other_teacher": Role.TEACHER,
    "colleague": Role.TEACHER,
    "admin": Role.ADMIN,
}

# The teacher's private deck: the small bank with a word in every prompt, explanation and title
# that appears nowhere else, so a test can tell whether anything of it reached someone else.
PRIVATE_MARKER = "Rivera-confidential"
PRIVATE_DECK = (
    VALID.replace(b"prompt: ", f"prompt: {PRIVATE_MARKER} ".encode())
    .replace(b"explanation: ", f"explanation: {PRIVATE_MARKER} ".encode())
    .replace(b"title: What foundation models are", f"title: {PRIVATE_MARKER} notes".encode())
)

BANK_TABLES = {
    table: f"SELECT count(*), group_concat(id), max(updated_at), count(retired_at) FROM {table}"
    for table in ("fact", "question")
}


@dataclass(frozen=True)
class WorldTemplate:
    """What a copy of the world needs: its database file, key, saved sessions and object ids."""

    database: Path
    secret_key: str
    cookies: dict[str, str]
    tokens: dict[str, str]
    ids: dict[str, object]
    # Sign-in time stands still in every copy, so the saved sessions never reach their idle limit.
    account_clock: Clock = field(default_factory=Clock)


@dataclass
class World:
    """A live copy of the school: an app on its own database, and a client per role."""

    app: Flask
    clock: Clock
    template: WorldTemplate
    ids: dict[str, object] = field(init=False)

    def __post_init__(self) -> None:
        self.ids = dict(self.template.ids)

    def client(self, role: str) -> FlaskClient:
        """A fresh browser holding `role`'s saved session, so one request cannot change the next's."""
        client = self.app.test_client()
        client.set_cookie("session", self.template.cookies[role])
        return client

    def token(self, role: str) -> str:
        return self.template.tokens[role]

    def url(self, path: str) -> str:
        return path.format(**self.ids)

    def digest(self, skip: tuple[str, ...] = ()) -> str:
        """A fingerprint of every row of every table: equal digests mean nothing was written.

        Read with plain sqlite3 on the file (committed rows only), so it is cheap enough to take
        around each of several hundred requests. The question bank's two big tables are changed by
        no route except an upload (which adds rows) and by `questions sync`, which stamps
        updated_at, so for them rows, ids and stamps are fingerprint enough.
        """
        hasher = hashlib.sha256()
        with closing(sqlite3.connect(self.database)) as connection:
            tables = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            for (table,) in tables.fetchall():
                if table in skip:
                    continue
                query = BANK_TABLES.get(table, f'SELECT * FROM "{table}" ORDER BY rowid')
                hasher.update(table.encode())
                hasher.update(repr(connection.execute(query).fetchall()).encode())
        return hasher.hexdigest()

    @property
    def database(self) -> str:
        return self.app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")


def _session_and_token(client: FlaskClient, page: str) -> tuple[str, str]:
    html = client.get(page).get_data(as_text=True)
    match = CSRF_PATTERN.search(html)
    assert match, f"no CSRF token in {page}"
    return client.get_cookie("session").value, match.group(1)


def build_world(path: Path, bank_database: str) -> WorldTemplate:
    """Create every role and the objects the access table's URLs point at, on a copy of the bank."""
    copy_closed_database(make_url(bank_database).database, path)
    secret_key = uuid.uuid4().hex
    app = make_app(path, SECRET_KEY=secret_key)
    clock = Clock()
    app.config["CLOCK"] = clock
    account_clock = Clock()
    app.config["ACCOUNT_CLOCK"] = account_clock

    emails = {role: account(app, f"{role}@example.org", kind) for role, kind in ACCOUNT_ROLES.items()}
    clients = {role: signed_in(app, email) for role, email in emails.items()}
    clients["anonymous"] = app.test_client()
    clients["guest"] = app.test_client()
    AuthActions(clients["guest"]).try_as_guest()

    classroom = make_class(app, clients["teacher"], name="Period 3")
    other_class = make_class(app, clients["other_teacher"], name="Other class")
    join(clients["learner"], classroom.join_code)
    join(clients["outsider"], other_class.join_code)

    quiz_id = build_quiz(app, clients["teacher"], classroom.id, count=3)
    assign(clients["teacher"], quiz_id)
    taker = Taker(app, clients["learner"])
    attempt_id = taker.start(quiz_id)
    # One answer saved (the teacher may change its mark); the form for the next one is sent later.
    taker.answer(attempt_id, False)
    page = taker.page(attempt_id)
    quiz_answer = {**taker.envelope(page), **answer_fields(taker.question(page).data, True)}
    quiz_answer.pop("csrf_token")

    live_quiz_id = build_quiz(
        app, clients["teacher"], classroom.id, count=2, kinds=["multiple_choice"], title="Live"
    )
    live_id = start_live(clients["teacher"], live_quiz_id)
    live_code = live_row(app, live_id).join_code
    player = Player(app, clients["learner"])
    assert player.join(live_code).status_code == 302
    Host(clients["teacher"], live_id).press("next", -1)
    phone = player.phone()
    live_answer = {**Taker.envelope(phone), **answer_fields(taker.question(phone).data, True)}
    live_answer.pop("csrf_token")

    Learner(app, clients["learner"], clock).answer_current()
    practice = post_form(clients["learner"], "/study/practice", {"count": "3", "kinds": ["multiple_choice"]})
    assert practice.status_code == 302, practice.status_code
    deck = upload(clients["teacher"], PRIVATE_DECK)
    assert deck.status_code == 302, deck.get_data(as_text=True)[:500]
    deck_page = deck.headers["Location"]
    colleague = {"email": emails["colleague"]}
    shared = post_form(clients["teacher"], f"{deck_page}/shares", colleague, form_page=deck_page)
    assert shared.status_code == 302, shared.status_code
    edit_page = f"/quizzes/{quiz_id}/edit"
    shared = post_form(clients["teacher"], f"/quizzes/{quiz_id}/shares", colleague, form_page=edit_page)
    assert shared.status_code == 302, shared.status_code
    second_class = make_class(app, clients["teacher"], name="Period 5")
    colleague_class = make_class(app, clients["colleague"], name="Colleague's class")

    test_id = int(re.search(r"/practice/(\d+)", practice.headers["Location"]).group(1))
    with app.app_context():
        users = {
            role: db.session.scalar(select(User.id).where(User.email == email))
            for role, email in emails.items()
        }
        private_deck = db.session.scalar(select(Deck).where(Deck.owner_id == users["teacher"]))
        private_fact = db.session.scalar(
            select(Fact).where(Fact.deck_id == private_deck.id).order_by(Fact.id)
        )
        builtin_deck = db.session.scalar(select(Deck).where(Deck.owner_id.is_(None)))
        builtin_section = db.session.scalar(
            select(Section).where(Section.deck_id == builtin_deck.id).order_by(Section.position)
        )
        builtin_question = db.session.scalar(
            select(Question)
            .join(Fact)
            .where(
                Fact.deck_id == builtin_deck.id,
                Question.kind == "multiple_choice",
                Question.retired_at.is_(None),
            )
            .order_by(Question.id)
        )
        ids = {
            "class_id": classroom.id,
            "second_class_id": second_class.id,
            "colleague_class_id": colleague_class.id,
            "deck_share_id": db.session.scalar(select(DeckShare.id)),
            "quiz_share_id": db.session.scalar(select(QuizShare.id)),
            "join_code": classroom.join_code,
            "learner_id": users["learner"],
            "outsider_id": users["outsider"],
            "quiz_id": quiz_id,
            "attempt_id": attempt_id,
            "quiz_answer": quiz_answer,
            "live_quiz_id": live_quiz_id,
            "live_id": live_id,
            "live_code": live_code,
            "live_answer": live_answer,
            "log_id": db.session.scalar(
                select(ReviewLog.id).where(ReviewLog.user_id == users["learner"]).order_by(ReviewLog.id)
            ),
            "test_id": test_id,
            "practice_question_id": db.session.get(PracticeTest, test_id).question_ids[0],
            "deck_id": private_deck.id,
            "private_fact_id": private_fact.id,
            "private_section_id": private_fact.section_id,
            "private_question_id": next(
                q.id for q in private_fact.questions if q.kind in {"multiple_choice", "true_false"}
            ),
            "section_id": builtin_section.id,
            "fact_id": builtin_question.fact_id,
            "question_id": builtin_question.id,
            # A reset link for the outsider, as mailed: every role may open it; a bad password is refused.
            "reset_token": make_reset_token(
                db.session.get(User, users["outsider"]), account_clock(), timedelta(hours=1)
            ),
            "typed_question_id": db.session.scalar(
                select(Question.id)
                .where(Question.kind == "typed", Question.retired_at.is_(None))
                .order_by(Question.id)
            ),
        }

    cookies, tokens = {}, {}
    for role in ROLES:
        page = "/signin" if role == "anonymous" else "/settings"
        cookies[role], tokens[role] = _session_and_token(clients[role], page)
    with app.app_context():
        db.engine.dispose()
    return WorldTemplate(path, secret_key, cookies, tokens, ids, account_clock)


class SharedTemplateCache(BytecodeCache):
    """Compiled templates kept across the many short-lived apps of these tests (compiling is slow)."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


TEMPLATE_CACHE = SharedTemplateCache()


def open_world(template: WorldTemplate, directory: Path, **config) -> World:
    """A private copy of the template world, on its own database file."""
    database = directory / "world.sqlite"
    copy_closed_database(template.database, database)
    app = make_app(database, SECRET_KEY=template.secret_key, **config)
    app.jinja_env.bytecode_cache = TEMPLATE_CACHE
    clock = Clock()
    app.config["CLOCK"] = clock
    app.config["ACCOUNT_CLOCK"] = template.account_clock
    return World(app, clock, template)
