"""`flask questions export --format gift|moodle-xml`: files Moodle's strict readers accept, and a
report in Moodle's terms."""

from __future__ import annotations

import pytest

from tests.moodle_formats import parse_gift, parse_moodle_xml


@pytest.fixture
def bank_app(app, bank_copy):
    app.config["QUESTIONS_DIR"] = str(bank_copy)
    return app


@pytest.mark.parametrize(
    ("fmt", "reader", "label"), [("gift", parse_gift, "GIFT"), ("moodle-xml", parse_moodle_xml, "Moodle XML")]
)
def test_export_for_moodle_reports_questions_and_categories(bank_app, tmp_path, fmt, reader, label):
    path = tmp_path / f"bank.{fmt}"
    result = bank_app.test_cli_runner().invoke(args=["questions", "export", "--format", fmt, "-o", str(path)])
    assert result.exit_code == 0, result.output
    parsed = reader(path.read_text(encoding="utf-8"))
    categories = len({question.category for question in parsed})
    assert (
        f"Wrote {len(parsed)} Moodle questions in {categories} categories to {path} ({label});"
        in result.output
    )
    assert "left out (flashcards: Moodle has no self-rated card)" in result.output
