"""The JSON export against its published JSON Schema (quizapp/content/schema), strictly: the real
bank validates, numeric questions carry their precision, tolerance and accepted range, and the
schema refuses records that break it."""

from __future__ import annotations

import copy
import json

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from quizapp.content import bank_to_json, grade
from quizapp.content.export import SCHEMA_PATH


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


@pytest.fixture(scope="module")
def records(real_bank, real_questions):
    return json.loads(bank_to_json(real_questions, real_bank))


def test_the_real_banks_export_validates(validator, records, real_questions):
    assert len(records) == len(real_questions)
    errors = sorted(validator.iter_errors(records), key=lambda error: list(error.path))
    assert [f"{list(e.path)}: {e.message}" for e in errors] == []
    assert {record["kind"] for record in records} == {q.kind for q in real_questions}


def test_numeric_records_carry_precision_tolerance_and_bounds(records, real_questions):
    numeric = {record["id"]: record["number"] for record in records if record["kind"] == "numeric"}
    questions = {q.id: q for q in real_questions if q.kind == "numeric"}
    assert numeric.keys() == questions.keys()
    assert {"exact", "approx", "more_than"} <= {number["precision"] for number in numeric.values()}
    assert any(number["month"] for number in numeric.values())
    for question_id, number in numeric.items():
        question = questions[question_id]
        # The published range is the grader's: just inside its ends is right, just past them wrong
        # (exactly on an end, float rounding may fall either side).
        width = number["max"] - number["min"]
        for inside in (number["min"] + width * 1e-6, number["max"] - width * 1e-6, number["value"]):
            assert grade(question, str(inside)).correct, (question_id, inside)
        span = max(abs(number["value"]) * 0.01, 1)
        for outside in (number["min"] - span, number["max"] + span):
            assert not grade(question, str(outside)).correct, (question_id, outside)
        if number["precision"] == "exact":
            assert number["min"] == number["max"] == number["value"] and number["tolerance"] == 0


@pytest.mark.parametrize(
    ("kind", "breaks"),
    [
        ("numeric", lambda r: r.pop("number")),
        ("numeric", lambda r: r["number"].update(precision="roughly")),
        ("numeric", lambda r: r["number"].update(tolerance=1.5)),
        ("numeric", lambda r: r["number"].update(month=13)),
        ("multiple_choice", lambda r: r.update(answer="Google")),
        ("true_false", lambda r: r.update(answer="true")),
        ("matching", lambda r: r.update(answer=[[0, 1, 2], [1, 0]])),
        ("matching", lambda r: r.pop("items")),
        ("typed", lambda r: r.update(number={})),
        ("flashcard", lambda r: r.update(surprise=1)),
        ("ordering", lambda r: r.update(answer=[0, 0, 1])),
    ],
)
def test_the_schema_refuses_a_broken_record(validator, records, kind, breaks):
    record = copy.deepcopy(next(r for r in records if r["kind"] == kind))
    assert validator.is_valid([record])
    breaks(record)
    assert not validator.is_valid([record])
