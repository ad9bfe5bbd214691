"""A teacher's private deck stays theirs: every route, sent its ids by anyone else, finds nothing.

The routes come from the app's url_map (each has its requests in access_table.ACCESS, which
`test_every_route_has_an_entry` keeps complete), so a route added later is probed too. Each request
is sent twice by each outsider: once with the private deck's ids (in the path, in `question_id`,
in `section`/`sections`) and once with ids that do not exist. The two must be answered alike, a
private id in the path must be refused, and nothing of the deck (its marker word, its ids) may show
in any response or the pages it redirects to (its words), or in the outsider's downloads and
records afterwards (its words and ids).
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, or_, select

from quizapp import content
from quizapp.answering.rating import SOURCES
from quizapp.answering.service import Submission, take_answer
from quizapp.extensions import db
from quizapp.library.visibility import NotVisible
from quizapp.models import Card, Fact, Question, QuestionReport, ReviewLog, User
from tests.security.access_table import ACCESS, NORMAL, Case, fill
from tests.security.scenario import PRIVATE_MARKER, World
from tests.security.test_access import app_rules, refused

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
OUTSIDERS = ("anonymous", "guest", "learner", "outsider", "other_teacher")
# Path placeholders that name the bank's content, and what stands in for them in each probe.
CONTENT_PLACEHOLDERS = ("deck_id", "section_id", "fact_id", "question_id")
PRIVATE = {
    "deck_id": "{deck_id}",
    "section_id": "{private_section_id}",
    "fact_id": "{private_fact_id}",
    "question_id": "{private_question_id}",
}
MISSING = {
    "deck_id": "987654321",
    "section_id": "no-such-section",
    "fact_id": "no-such-fact",
    "question_id": "no-such-question",
}
PATH_PLACEHOLDER = re.compile(r"\{(private_)?(deck_id|section_id|fact_id|question_id)\}")
# Route arguments that carry the bank's ids; a route with any other kind of content id would need a
# line in PRIVATE and MISSING above.
CONTENT_ARGUMENTS = {"deck_id", "section_id", "fact_id", "question_id"}


def probe(case: Case, ids: dict, stand_in: dict) -> tuple[str, dict]:
    """`case`'s URL and form with every content id replaced by `stand_in`'s."""
    path = PATH_PLACEHOLDER.sub(lambda match: stand_in[match.group(2)], case.path)
    path = path.format(**ids).format(**ids) if "{" in path else path
    section = stand_in["section_id"].format(**ids)
    if case.method == "GET":
        return f"{path}{'&' if '?' in path else '?'}section={section}", {}
    form = {name: fill(value, ids) for name, value in case.form(ids).items()}
    if "question_id" in form:
        form["question_id"] = stand_in["question_id"].format(**ids)
    form.update(section=section, sections=section)
    return path, form


def probes() -> list[tuple[str, Case]]:
    """Every route's requests that run with a session intact (sign-out and joins change who you are)."""
    return [(endpoint, case) for endpoint, cases in ACCESS.items() for case in cases if case.stage == NORMAL]


def read(response) -> tuple[int, str]:
    """Status and body of a response, closed at once (a streamed CSV holds its request open)."""
    try:
        return response.status_code, readable_download(response.get_data())
    finally:
        response.close()


def send(world: World, role: str, case: Case, path: str, form: dict) -> tuple[int, str, object]:
    """The status of `case` sent as `role`, the text it and the page it redirects to show, and the
    first response (for `refused`)."""
    client = world.client(role)
    if case.method == "GET":
        first = client.get(path)
    else:
        first = client.open(path, method=case.method, data={"csrf_token": world.token(role), **form})
    status, body = read(first)
    location = first.headers.get("Location")
    if status == 302 and location:
        body += read(client.get(location, follow_redirects=True))[1]
    return status, body, first


def private_traces(world: World) -> list[str]:
    """Strings that only the private deck has: its marker and its ids."""
    ids = world.ids
    return [PRIVATE_MARKER, ids["private_fact_id"], ids["private_question_id"], ids["private_section_id"]]


def test_the_private_deck_is_really_private_and_really_there(world: World):
    """The owner sees the marker where outsiders must not (so its absence below means something)."""
    page = world.client("teacher").get(world.url("/library/facts/{private_fact_id}")).get_data(as_text=True)
    assert PRIVATE_MARKER in page
    assert world.client("learner").get(world.url("/library/facts/{private_fact_id}")).status_code == 404


def test_every_route_with_content_ids_is_probed(world: World):
    """A new route taking a deck, section, fact or question id in its path gets a private probe."""
    unprobed = []
    for rule in app_rules(world.app):
        content_arguments = set(rule.arguments) & CONTENT_ARGUMENTS
        paths = [case.path for case in ACCESS.get(rule.endpoint, ())]
        for argument in content_arguments:
            if not any(f"{{{argument}}}" in path or f"{{private_{argument}}}" in path for path in paths):
                unprobed.append(f"{rule.rule} ({rule.endpoint}): {argument}")
        unknown = {name for name in rule.arguments if name.endswith("_id")} - CONTENT_ARGUMENTS
        # share_id names a share row, looked up only under its deck or quiz (checked first).
        unknown -= {
            "class_id",
            "quiz_id",
            "attempt_id",
            "session_id",
            "test_id",
            "log_id",
            "user_id",
            "share_id",
        }
        if unknown:
            unprobed.append(f"{rule.rule} ({rule.endpoint}): unknown kind of id {sorted(unknown)}")
    assert not unprobed, "\n".join(unprobed)


@pytest.mark.parametrize("role", OUTSIDERS)
def test_private_ids_find_nothing_on_any_route(world: World, role):
    traces = private_traces(world)
    problems = []
    for endpoint, case in probes():
        missing_path, missing_form = probe(case, world.ids, MISSING)
        private_path, private_form = probe(case, world.ids, PRIVATE)
        missing_status, _, _ = send(world, role, case, missing_path, missing_form)
        status, body, as_private = send(world, role, case, private_path, private_form)
        label = f"{role}: {case.method} {private_path} ({endpoint})"
        assert status < 500, f"{label} -> {status}"
        if status != missing_status:
            problems.append(f"{label} -> {status}, but a made-up id gets {missing_status}")
        if PATH_PLACEHOLDER.search(case.path) and not refused(as_private):
            problems.append(f"{label} -> {status}: a private id in the path must be refused")
        # The ids themselves come back where a page repeats the request (a sign-in link's next=);
        # the deck's words must not.
        if PRIVATE_MARKER in body:
            problems.append(f"{label}: the response shows the private deck's content")
    assert not problems, "\n".join(problems)
    if role != "anonymous":
        for path in ("/history/reviews.csv", "/history/deck.apkg"):
            response = world.client(role).get(path)
            assert response.status_code == 200, path
            data = response.get_data()
            response.close()
            text = readable_download(data)
            assert not [trace for trace in traces if trace in text], f"{role}: {path} holds private content"
    assert rows_about_the_private_deck(world, role) == 0


def test_answering_a_private_question_is_not_found(world: World):
    """The reported break: POST /study/answer with a private question id recorded an answer and
    showed the prompt, answer and explanation."""
    for role in ("learner", "other_teacher", "guest"):
        form = {
            "csrf_token": world.token(role),
            "question_id": world.ids["private_question_id"],
            "submission_key": "a" * 32,
            "choice": "0",
        }
        response = world.client(role).post("/study/answer", data=form)
        assert response.status_code == 404, role
        assert rows_about_the_private_deck(world, role) == 0


def readable_download(data: bytes) -> str:
    """A CSV as text; an Anki package as the bytes of every file inside it (SQLite stores text as is)."""
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return "".join(package.read(name).decode("utf-8", "replace") for name in package.namelist())
    return data.decode("utf-8", "replace")


def rows_about_the_private_deck(world: World, role: str) -> int:
    """Cards, answers and reports `role` has that point into the private deck."""
    if role == "anonymous":
        return 0
    with world.app.app_context():
        if role == "guest":
            user_ids = select(User.id).where(User.is_guest.is_(True))
        else:
            user_ids = select(User.id).where(User.email == f"{role}@example.org")
        private_facts = select(Fact.id).where(Fact.deck_id == world.ids["deck_id"])
        counts = [
            db.session.scalar(
                select(func.count())
                .select_from(Card)
                .where(Card.user_id.in_(user_ids), Card.fact_id.in_(private_facts))
            ),
            db.session.scalar(
                select(func.count())
                .select_from(ReviewLog)
                .where(
                    ReviewLog.user_id.in_(user_ids),
                    or_(ReviewLog.fact_id.in_(private_facts), ReviewLog.question_id.like("d%~%")),
                )
            ),
            db.session.scalar(
                select(func.count())
                .select_from(QuestionReport)
                .where(QuestionReport.user_id.in_(user_ids), QuestionReport.question_id.like("d%~%"))
            ),
        ]
        return sum(counts)


@pytest.mark.parametrize("source", sorted(SOURCES))
def test_the_answering_service_refuses_a_private_question_whoever_calls_it(world: World, source):
    """Routes look questions up through the visibility rule; the one answering service checks again,
    so a route that forgets still cannot record (or grade) an answer to someone else's question."""
    with world.app.test_request_context():
        row = db.session.get(Question, world.ids["private_question_id"])
        shown = content.Question.from_dict(row.data)
        learner = db.session.scalar(select(User).where(User.email == "learner@example.org"))
        owner = db.session.scalar(select(User).where(User.email == "teacher@example.org"))
        for outsider in (learner, None):
            with pytest.raises(NotVisible):
                take_answer(Submission(outsider, row, shown, shown.choices[0], source, "b" * 32, NOW))
        assert take_answer(Submission(owner, row, shown, shown.choices[0], source, "c" * 32, NOW)).given
        db.session.rollback()
    assert rows_about_the_private_deck(world, "learner") == 0
