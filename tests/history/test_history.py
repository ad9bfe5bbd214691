"""Your answers, the CSV and Anki downloads, and personal parameters, through the test client."""

from __future__ import annotations

import csv
import html
import io
import sqlite3
import zipfile
from datetime import UTC, datetime, timedelta

import genanki
import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Question
from quizapp.srs.optimize import MIN_REVIEWS_FOR_FIT
from tests.conftest import TEST_DATABASE, post_form

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def fact_with(app, kind: str, skip: int = 0) -> str:
    with app.app_context():
        return db.session.scalars(
            select(Question.fact_id).where(Question.kind == kind).order_by(Question.id)
        ).all()[skip]


def read_csv(client) -> tuple[list[dict], object]:
    response = client.get("/history/reviews.csv")
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True)))), response


@pytest.mark.parametrize("path", ["/history/", "/history/reviews.csv", "/history/deck.apkg"])
def test_anonymous_visitor_is_sent_to_sign_in(loaded_app, path):
    response = loaded_app.test_client().get(path)
    assert response.status_code == 302
    assert "/signin" in response.headers["Location"]


def test_new_learner_sees_no_answers_and_default_parameters(ada):
    page = ada.client.get("/history/").get_data(as_text=True)
    assert "No answers yet" in page
    assert "default parameters" in page
    assert "Go back to the default parameters" not in page


def test_page_lists_latest_answers_in_the_learners_time_zone(ada, loaded_app):
    flash_fact = fact_with(loaded_app, "flashcard")
    typed_fact = fact_with(loaded_app, "typed")
    ada.answer(flash_fact, 3, START)
    ada.answer(typed_fact, 1, START + timedelta(minutes=5), kind="typed", given="nope", correct=False)
    page = ada.client.get("/history/").get_data(as_text=True)
    assert "2 answers in all, on 2 facts" in page
    assert "Rated Good" in page and "Wrong" in page
    assert "2 Mar 2026,</span> <span>09:05" in page  # UTC by default
    post_form(
        ada.client,
        "/settings",
        {
            "display_name": "Ada",
            "time_zone": "Europe/Berlin",
            "desired_retention": "0.9",
            "new_facts_per_day": "20",
            "reviews_per_day": "200",
            "slow_answer_percent": "100",
        },
    )
    page = ada.client.get("/history/").get_data(as_text=True)
    assert "2 Mar 2026,</span> <span>10:05" in page
    assert page.index("10:05") < page.index("10:00")  # newest first
    assert (
        "A study day runs from 4 a.m. to 4 a.m., Europe/Berlin time: answers given after midnight but "
        "before 4 a.m. count to the day before"
    ) in " ".join(page.split())


def test_csv_has_one_row_per_answer_and_neutralises_formulas(ada, loaded_app):
    typed_fact = fact_with(loaded_app, "typed")
    ada.answer(fact_with(loaded_app, "flashcard"), 3, START)
    ada.answer(
        typed_fact,
        1,
        START + timedelta(minutes=1),
        kind="typed",
        given='=HYPERLINK("http://evil.example","click")',
        correct=False,
    )
    ada.answer(typed_fact, 3, START + timedelta(days=1), kind="typed", given="@SUM(A1)", correct=True)
    loaded_app.config["CLOCK"] = lambda: START + timedelta(days=1)
    rows, response = read_csv(ada.client)
    assert response.headers["Content-Disposition"] == 'attachment; filename="quizapp-reviews-2026-03-03.csv"'
    assert response.mimetype == "text/csv"
    assert len(rows) == 3
    assert rows[0]["reviewed_at"] == "2026-03-02T09:00:00+00:00"
    assert rows[1]["answer_given"] == '\'=HYPERLINK("http://evil.example","click")'
    assert rows[2]["answer_given"] == "'@SUM(A1)"
    assert rows[1]["correct"] == "false" and rows[2]["correct"] == "true"
    assert rows[0]["stability_before"] == "" and float(rows[0]["stability_after"]) > 0
    assert rows[2]["due_before"] == rows[1]["due_after"]


def test_another_learners_answers_never_appear(ada, bob, loaded_app):
    ada_fact, bob_fact = fact_with(loaded_app, "flashcard", 0), fact_with(loaded_app, "flashcard", 1)
    ada.answer(ada_fact, 3, START)
    bob.answer(bob_fact, 2, START)
    bob.answer(
        fact_with(loaded_app, "typed"),
        1,
        START + timedelta(minutes=1),
        kind="typed",
        given="bobs secret answer",
        correct=False,
    )
    rows, _ = read_csv(ada.client)
    assert [row["fact_id"] for row in rows] == [ada_fact]
    page = ada.client.get("/history/").get_data(as_text=True)
    assert "1 answer in all, on 1 fact" in page
    notes = apkg_notes(ada.client.get("/history/deck.apkg").data)
    assert [note["fields"][-1] for note in notes] == [ada_fact]
    assert "bobs secret answer" not in ada.client.get("/history/reviews.csv").get_data(as_text=True)


def apkg_notes(package: bytes) -> list[dict]:
    import tempfile
    from pathlib import Path

    archive = zipfile.ZipFile(io.BytesIO(package))
    assert "collection.anki2" in archive.namelist()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "collection.anki2"
        path.write_bytes(archive.read("collection.anki2"))
        connection = sqlite3.connect(path)
        try:
            rows = connection.execute(
                "SELECT notes.guid, notes.flds, cards.type, cards.queue, cards.due, cards.ivl, cards.reps,"
                " cards.data FROM notes JOIN cards ON cards.nid = notes.id ORDER BY notes.id"
            ).fetchall()
        finally:
            connection.close()
    return [
        {
            "guid": guid,
            "fields": fields.split("\x1f"),
            "type": kind,
            "queue": queue,
            "due": due,
            "ivl": ivl,
            "reps": reps,
            "data": data,
        }
        for guid, fields, kind, queue, due, ivl, reps, data in rows
    ]


def test_deck_has_one_scheduled_note_per_studied_fact(ada, loaded_app):
    first, second = fact_with(loaded_app, "flashcard", 0), fact_with(loaded_app, "flashcard", 1)
    ada.answer(first, 3, START)
    ada.answer(first, 3, START + timedelta(minutes=10))  # graduates to a day-long interval
    ada.answer(second, 1, START)
    ada.answer(second, 3, START + timedelta(minutes=30))
    response = ada.client.get("/history/deck.apkg")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith('attachment; filename="quizapp-deck-')
    notes = apkg_notes(response.data)
    assert {note["fields"][-1]: note["guid"] for note in notes} == {
        first: genanki.guid_for(first),
        second: genanki.guid_for(second),
    }
    with loaded_app.app_context():
        prompt = db.session.scalar(
            select(Question.prompt).where(Question.fact_id == first, Question.kind == "flashcard")
        )
    by_fact = {note["fields"][-1]: note for note in notes}
    assert by_fact[first]["fields"][0] == html.escape(prompt)
    review = by_fact[first]
    assert (review["type"], review["queue"], review["reps"]) == (2, 2, 2)
    assert review["ivl"] >= 1 and '"s":' in review["data"] and '"d":' in review["data"]
    # Day numbers count from the package collection's first day: that of the first answer.
    assert review["due"] == review["ivl"]


def test_optimize_refuses_below_the_threshold(ada, loaded_app):
    ada.answer(fact_with(loaded_app, "flashcard"), 3, START)
    response = post_form(ada.client, "/history/optimize", {}, form_page="/history/", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert f"a fit needs at least {MIN_REVIEWS_FOR_FIT} answers that count toward your schedule" in page
    assert "and you have 1. Your schedule is unchanged." in page
    assert ada.parameters() is None


def test_optimize_needs_csrf(ada):
    assert ada.client.post("/history/optimize").status_code == 400
    assert ada.client.post("/history/parameters/default").status_code == 400


def test_optimize_fits_real_answers_applies_them_and_study_still_works(ada, loaded_app):
    from quizapp.history.service import schedule_review_records
    from quizapp.srs.optimize import fit_parameters

    facts_used = ada.replay_real_log(1000)
    assert facts_used > 50
    with loaded_app.app_context():
        expected = fit_parameters(schedule_review_records(ada.user_id()), START)
    assert (
        expected.improved
    )  # the real learner's latest 250 reviews are predicted better by their own weights

    loaded_app.config["CLOCK"] = lambda: START
    response = post_form(ada.client, "/history/optimize", {}, form_page="/history/", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert (
        f"{expected.before_log_loss:.4f} with the parameters in use, {expected.after_log_loss:.4f} with the fitted"
    ) in page
    assert "personal parameters are now in use" in page
    assert ada.parameters() == pytest.approx(list(expected.parameters))
    assert "Your schedule uses <strong>personal parameters</strong>" in page

    study = ada.client.get("/study/")
    assert study.status_code == 200 and "question_id" in study.get_data(as_text=True)

    response = post_form(
        ada.client, "/history/parameters/default", {}, form_page="/history/", follow_redirects=True
    )
    assert "default parameters again" in response.get_data(as_text=True)
    assert ada.parameters() is None


def statements_during(app, request):
    """The SQL statements, BEGIN or BEGIN IMMEDIATE included, sent while `request()` runs."""
    from sqlalchemy import event

    seen: list[str] = []

    def on_execute(conn, cursor, statement, *args):
        seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", on_execute)
    try:
        response = request()
    finally:
        event.remove(engine, "before_cursor_execute", on_execute)
    return response, seen


def test_answers_page_makes_the_same_queries_however_long_the_log(ada, loaded_app):
    fact = fact_with(loaded_app, "flashcard")
    ada.answer(fact, 3, START)
    _, few = statements_during(loaded_app, lambda: ada.client.get("/history/"))
    for minutes in range(1, 30):
        ada.answer(fact_with(loaded_app, "flashcard", minutes), 3, START + timedelta(minutes=minutes))
    response, many = statements_during(loaded_app, lambda: ada.client.get("/history/"))
    assert "30 answers in all, on 30 facts" in response.get_data(as_text=True)
    assert len(many) == len(few) <= 6


def test_optimize_claims_the_learner_writes_the_fit_and_releases_them(ada, loaded_app):
    ada.replay_real_log(1000)
    loaded_app.config["CLOCK"] = lambda: START
    token = csrf_token_of(ada.client)
    response, seen = statements_during(
        loaded_app, lambda: ada.client.post("/history/optimize", data={"csrf_token": token})
    )
    assert response.status_code == 302
    writes = [s for s in seen if s.lstrip().upper().startswith(("UPDATE", "INSERT"))]
    # Claim the lease, apply the weights and record the try together, release the lease.
    assert len(writes) == 4
    assert "schedule_fit_claimed_until" in writes[0] and "schedule_fit_claimed_until" in writes[3]
    assert {("fsrs_parameters" in w, "INSERT INTO schedule_fit" in w) for w in writes[1:3]} == {
        (True, False),
        (False, True),
    }
    if TEST_DATABASE == "sqlite":
        # The log is read in its own transaction, and the results written in a new one: the fit
        # between them holds no transaction (and no lock).
        read_log = next(i for i, s in enumerate(seen) if "FROM review_log" in s)
        first_result_write = seen.index(writes[1])
        assert any(s.startswith("BEGIN") for s in seen[read_log + 1 : first_result_write])


def csrf_token_of(client) -> str:
    from tests.conftest import csrf_token

    return csrf_token(client, "/history/")
