"""Script and HTML in names, class and quiz titles, typed answers, reports, uploaded facts and live
nicknames render as text on every page that shows them, and CSV exports neutralise formula cells.
"""

from __future__ import annotations

import csv
import html
import io
import re
import uuid

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Deck, Fact, ReviewLog
from quizapp.spreadsheet import FORMULA_START
from tests.conftest import post_form
from tests.library.test_uploads import VALID, upload
from tests.quizzes.helpers import Taker, assign, build_quiz, join, make_class
from tests.security.access_table import ACCESS
from tests.security.scenario import World

# Starts like a spreadsheet formula, then closes an attribute and opens tags.
PAYLOAD = '=HYPERLINK(1)<script>alert(1)</script>"><svg onload=alert(1)>'
LINK_PAYLOAD = "javascript:alert(1)"
NICKNAME_PAYLOAD = '@"><svg onload=alert(1)>'  # nicknames are at most 24 characters
RAW_MARKUP = ["<script>alert(1)", "<svg onload"]  # the QR code is a real <svg>, so look for ours
ESCAPED = html.escape("<script>alert(1)</script>", quote=False)
JAVASCRIPT_URL = re.compile(r"""(href|src|action|formaction)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)


def hostile_deck() -> bytes:
    text = VALID.decode()
    for old, new in [
        ("title: What foundation models are", f"title: '{PAYLOAD}'"),
        ("prompt: Which company built BERT?", f"prompt: '{PAYLOAD} {LINK_PAYLOAD}'"),
        ("statement: BERT was built by Google.", f"statement: '{PAYLOAD} Google'"),
        (
            "explanation: OpenAI introduced GPT-3 as a large generative language model.",
            f"explanation: '{PAYLOAD}'",
        ),
    ]:
        assert old in text, old
        text = text.replace(old, new)
    return text.encode()


def plant_payloads(world: World) -> None:
    """Put the payload everywhere a person can type, through the real pages, and point ids at it."""
    app, teacher, learner = world.app, world.client("teacher"), world.client("learner")
    settings = {
        "display_name": PAYLOAD,
        "time_zone": "UTC",
        "desired_retention": "0.9",
        "new_facts_per_day": "10",
        "reviews_per_day": "100",
        "slow_answer_percent": "100",
    }
    assert post_form(learner, "/settings", settings).status_code == 302

    classroom = make_class(app, teacher, name=PAYLOAD)
    join(learner, classroom.join_code)
    quiz_id = build_quiz(app, teacher, classroom.id, count=3, kinds=["typed"], title=PAYLOAD)
    assign(teacher, quiz_id)
    taker = Taker(app, learner)
    attempt_id = taker.start(quiz_id)
    page = taker.page(attempt_id)
    question = taker.question(page)
    answered = learner.post(f"/attempts/{attempt_id}/answer", data={**taker.envelope(page), "text": PAYLOAD})
    assert answered.status_code == 302
    assert taker.submit(attempt_id).status_code == 302
    reported = post_form(
        learner,
        f"/library/questions/{question.id}/report",
        {"message": PAYLOAD},
        form_page=f"/library/facts/{question.fact_id}",
    )
    assert reported.status_code == 302

    study = learner.post(
        "/study/answer",
        data={
            "csrf_token": world.token("learner"),
            "question_id": world.ids["typed_question_id"],
            "submission_key": uuid.uuid4().hex,
            "text": PAYLOAD,
        },
    )
    assert study.status_code == 302

    nickname = post_form(
        world.app.test_client(), "/play", {"code": world.ids["live_code"], "nickname": NICKNAME_PAYLOAD}
    )
    assert nickname.status_code == 302, nickname.status_code

    uploaded = upload(teacher, hostile_deck(), title=PAYLOAD)
    assert uploaded.status_code == 302, uploaded.get_data(as_text=True).split("<main")[1][:3000]
    with app.app_context():
        deck = db.session.scalar(select(Deck).where(Deck.title == PAYLOAD))
        fact = db.session.scalar(
            select(Fact).where(Fact.deck_id == deck.id, Fact.statement == f"{PAYLOAD} Google")
        )
        log_id = db.session.scalar(
            select(ReviewLog.id).where(ReviewLog.answer_given == PAYLOAD, ReviewLog.source == "study")
        )
        world.ids.update(
            class_id=classroom.id,
            quiz_id=quiz_id,
            attempt_id=attempt_id,
            deck_id=deck.id,
            private_fact_id=fact.id,
            private_section_id=fact.section_id,
            log_id=log_id,
        )


def test_payloads_render_as_text_everywhere(world: World):
    plant_payloads(world)
    shown_on = set()
    for endpoint, cases in ACCESS.items():
        for case in cases:
            if case.method != "GET":
                continue
            for role in ("teacher", "learner", "admin"):
                if role not in case.allowed:
                    continue
                response = world.client(role).get(world.url(case.path), follow_redirects=True)
                if response.mimetype not in {"text/html", "text/csv"}:
                    continue  # JSON health and the Anki package carry no user text to a browser
                body = response.get_data(as_text=True)
                label = f"{role}: GET {world.url(case.path)} ({endpoint})"
                if response.mimetype == "text/html":
                    for raw in RAW_MARKUP:
                        assert raw not in body, f"{label} shows {raw!r} unescaped"
                    assert not JAVASCRIPT_URL.search(body), f"{label} has a javascript: URL"
                    if ESCAPED in body or "&lt;svg onload=alert(1)&gt;" in body:
                        shown_on.add(endpoint)
                elif response.mimetype == "text/csv":
                    check_csv(body, label)
                    if any("'" + p.replace('"', '""') in body for p in (PAYLOAD, NICKNAME_PAYLOAD)):
                        shown_on.add(endpoint)
    # The payloads did reach the pages that show them (else this test would prove nothing).
    expected = {
        "classes.index",
        "classes.detail",
        "progress.class_page",
        "progress.class_learner",
        "quizzes.results",
        "quizzes.review",
        "quizzes.mine",
        "quizzes.show",
        "study.result",
        "library.deck",
        "library.fact",
        "library.section",
        "admin.users",
        "quizzes.results_csv",
        "progress.class_csv",
        "progress.class_scores_csv",
        "history.reviews_csv",
        "live.results",
        "live.results_csv",
    }
    assert expected <= shown_on, f"payload not seen on {sorted(expected - shown_on)}"


def check_csv(text: str, label: str) -> None:
    for row in csv.reader(io.StringIO(text)):
        for cell in row:
            if cell.startswith(FORMULA_START) and not _is_number(cell):
                raise AssertionError(f"{label}: cell {cell[:40]!r} would run as a formula")


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True
