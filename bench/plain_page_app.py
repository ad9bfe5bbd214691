"""A straightforward signed-in Flask page on the same stack, the yardstick issue 15 names.

Flask-Login loads the learner's row through a Flask-SQLAlchemy ORM session on every request, the
session cookie is signed as Flask signs quizapp's, the page carries a Flask-WTF CSRF token and is
rendered from a compiled Jinja template (a heading, a short list, a form). Nothing is kept between
requests. bench/web_path.py serves it with the same gunicorn settings as quizapp and hello world,
so its ratio to hello world says what a plain page reaches on this machine in the same run.

The database (PLAIN_PAGE_DATABASE) is a SQLite file of LEARNERS rows that `prepare` makes before
the server starts; POST /page saves a note (the plain write: one ORM INSERT and a COMMIT) and
redirects to the page; GET /signin/<id> signs a learner in without a password (a benchmark, served on
loopback only).
"""

from __future__ import annotations

import os

from flask import Flask, abort, redirect
from flask_login import LoginManager, UserMixin, current_user, login_required, login_user
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import ForeignKey, String, event
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from wtforms import HiddenField

LEARNERS = 10_000


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)
login_manager = LoginManager()


class Learner(UserMixin, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(200), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    time_zone: Mapped[str] = mapped_column(String(64))
    daily_goal: Mapped[int]


class Note(db.Model):
    """What the plain page's form saves: one row per POST."""

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learner.id"), index=True)
    text: Mapped[str] = mapped_column(String(200))


class NoteForm(FlaskForm):
    note = HiddenField()


PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ learner.display_name }}</title></head>
<body>
<header><nav><a href="/">Home</a> <a href="/page">Your page</a></nav></header>
<main>
  <h1>Hello, {{ learner.display_name }}</h1>
  <p>Signed in as {{ learner.email }}, in {{ learner.time_zone }}.</p>
  <ul>{% for day in days %}<li>Day {{ day }}: aim for {{ learner.daily_goal }} answers</li>{% endfor %}</ul>
  <form method="post" action="/page">{{ form.hidden_tag() }}<button>Save</button></form>
</main>
</body></html>"""


def create_app() -> Flask:
    app = Flask(__name__)
    database = os.environ["PLAIN_PAGE_DATABASE"]
    app.config.update(
        SECRET_KEY=os.environ.get("SECRET_KEY", "plain-page-bench"),
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{database}",
        WTF_CSRF_TIME_LIMIT=None,
    )
    db.init_app(app)
    login_manager.init_app(app)
    CSRFProtect(app)
    template = app.jinja_env.from_string(PAGE)  # compiled once

    @login_manager.user_loader
    def load_learner(learner_id: str) -> Learner | None:
        return db.session.get(Learner, int(learner_id))

    @app.route("/")
    def home() -> str:
        return "plain page bench"

    @app.route("/signin/<int:learner_id>")
    def sign_in(learner_id: int) -> str:
        login_user(db.session.get_one(Learner, learner_id))
        return "signed in"

    @app.route("/page")
    @login_required
    def page() -> str:
        return template.render(learner=current_user, days=range(1, 8), form=NoteForm())

    @app.route("/page", methods=["POST"])
    @login_required
    def save_note():
        """The plain write: a CSRF-checked form, one ORM INSERT and a COMMIT, then back to the page."""
        form = NoteForm()
        if not form.validate_on_submit():
            abort(400)
        db.session.add(Note(learner_id=current_user.id, text=form.note.data or ""))
        db.session.commit()
        return redirect("/page")

    with app.app_context():

        @event.listens_for(db.engine, "connect")
        def _as_quizapp_does(connection, _record) -> None:
            """WAL, synchronous NORMAL and a busy timeout, as quizapp opens its SQLite file."""
            connection.execute("PRAGMA busy_timeout = 15000")
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = NORMAL")

    return app


def prepare(database: str) -> None:
    """Make the benchmark's database: LEARNERS learners."""
    os.environ["PLAIN_PAGE_DATABASE"] = database
    app = create_app()
    with app.app_context():
        db.create_all()
        db.session.add_all(
            Learner(
                id=n,
                email=f"learner{n}@example.org",
                display_name=f"Learner {n}",
                time_zone="UTC",
                daily_goal=20,
            )
            for n in range(1, LEARNERS + 1)
        )
        db.session.commit()
        db.engine.dispose()
