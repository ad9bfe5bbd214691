"""`flask questions check | sync | export` on a real SQLite file."""

from __future__ import annotations

import json
import zipfile

import pytest
from sqlalchemy import func, select

from quizapp import content
from quizapp.extensions import db
from quizapp.models import Fact, Question, Section
from tests.library.conftest import edit_bank_file


@pytest.fixture
def bank_app(app, bank_copy):
    app.config["QUESTIONS_DIR"] = str(bank_copy)
    return app


def fact_total(directory) -> int:
    return len(content.load_bank(directory).facts)


def row_counts(app) -> dict[str, int]:
    with app.app_context():
        return {
            model.__tablename__: db.session.scalar(select(func.count()).select_from(model))
            for model in (Section, Fact, Question)
        }


def test_check_reports_a_valid_bank(bank_app, bank_copy):
    result = bank_app.test_cli_runner().invoke(args=["questions", "check"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"OK: {fact_total(bank_copy)} facts in 10 sections")


def test_sync_twice_changes_nothing_the_second_time(bank_app, bank_copy):
    runner = bank_app.test_cli_runner()
    first = runner.invoke(args=["questions", "sync"])
    assert first.exit_code == 0, first.output
    total = fact_total(bank_copy)
    assert f"facts:     {total} added" in first.output
    counts = row_counts(bank_app)
    assert counts["fact"] == total and counts["question"] >= 2 * total
    with bank_app.app_context():
        stamps = dict(db.session.execute(select(Question.id, Question.updated_at)).all())
    second = runner.invoke(args=["questions", "sync"])
    assert second.exit_code == 0
    assert "Question bank unchanged." in second.output
    assert "0 added, 0 updated, 0 retired" in second.output
    assert row_counts(bank_app) == counts
    with bank_app.app_context():
        assert dict(db.session.execute(select(Question.id, Question.updated_at)).all()) == stamps


def test_changed_answer_is_marked_and_vanished_fact_retired_not_deleted(bank_app, bank_copy):
    runner = bank_app.test_cli_runner()
    runner.invoke(args=["questions", "sync"])
    before = row_counts(bank_app)
    history = "02-history.yaml"
    edit_bank_file(bank_copy, history, "    value: 2017\n", "    value: 2016\n")
    edit_bank_file(bank_copy, history, "appeared in 2017.", "appeared in 2016.")
    text = (bank_copy / history).read_text()
    start = text.index("  - id: transformer-authors")
    end = text.index("  - id: ", start + 5)
    (bank_copy / history).write_text(text[:start] + text[end:])
    result = runner.invoke(args=["questions", "sync"])
    assert result.exit_code == 0, result.output
    assert "answers changed (learners will relearn): transformer-introduced-year" in result.output
    with bank_app.app_context():
        changed = db.session.get(Fact, "transformer-introduced-year")
        assert changed.answer_changed_at is not None
        assert changed.data["value"] == 2016
        assert db.session.get(Fact, "bert-release-year").answer_changed_at is None
        gone = db.session.get(Fact, "transformer-authors")
        assert gone.retired_at is not None
        assert all(q.retired_at is not None for q in gone.questions)
    assert row_counts(bank_app)["fact"] == before["fact"]  # nothing deleted


def test_invalid_bank_reports_lines_and_writes_nothing(bank_app, bank_copy):
    runner = bank_app.test_cli_runner()
    runner.invoke(args=["questions", "sync"])
    before = row_counts(bank_app)
    edit_bank_file(bank_copy, "02-history.yaml", "    value: 2018\n", "    value: [2018\n")
    edit_bank_file(bank_copy, "02-history.yaml", "    value: 2020\n", "    value: 2020\n    colour: blue\n")
    for command in ("check", "sync"):
        result = runner.invoke(args=["questions", command])
        assert result.exit_code == 1
        assert "02-history.yaml:" in result.output
        assert "nothing was written" in result.output
    assert row_counts(bank_app) == before


def test_missing_directory_is_a_clear_error(bank_app, tmp_path):
    result = bank_app.test_cli_runner().invoke(args=["questions", "sync", str(tmp_path / "nope")])
    assert result.exit_code != 0
    assert "Traceback" not in result.output


def test_export_json_gift_and_apkg(bank_app, tmp_path):
    runner = bank_app.test_cli_runner()
    json_path, gift_path, apkg_path = tmp_path / "bank.json", tmp_path / "bank.gift", tmp_path / "bank.apkg"
    for fmt, path in (("json", json_path), ("gift", gift_path), ("apkg", apkg_path)):
        result = runner.invoke(args=["questions", "export", "--format", fmt, "--output", str(path)])
        assert result.exit_code == 0, result.output
    questions = json.loads(json_path.read_text())
    assert len({q["fact_id"] for q in questions}) == fact_total(bank_app.config["QUESTIONS_DIR"])
    assert all({"id", "kind", "prompt", "answer", "explanation", "section"} <= q.keys() for q in questions)
    assert "Fill in the blank\\: Google released BERT in _____." in gift_path.read_text()
    with zipfile.ZipFile(apkg_path) as deck:
        assert "collection.anki2" in deck.namelist()


def test_setup_loads_the_real_bank(app):
    result = app.test_cli_runner().invoke(args=["setup"])
    assert result.exit_code == 0, result.output
    counts = row_counts(app)
    assert counts["section"] == 10
    assert counts["fact"] >= 100
