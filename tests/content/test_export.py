"""Exports: JSON, Moodle GIFT and Anki, all deterministic."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import genanki

from quizapp.content import bank_to_apkg, bank_to_gift, bank_to_json
from quizapp.content.anki import ANKI_DECK_ID, ANKI_MODEL_ID

CHANGED_AT = datetime(2026, 1, 5, 12, tzinfo=UTC)
LATER = datetime(2026, 2, 1, tzinfo=UTC)


def test_json_has_one_object_per_question(sample_bank, sample_questions):
    records = json.loads(bank_to_json(sample_questions, sample_bank))
    assert len(records) == len(sample_questions)
    first = records[0]
    assert list(first)[:9] == [
        "id",
        "fact_id",
        "kind",
        "prompt",
        "choices",
        "answer",
        "explanation",
        "section",
        "section_title",
    ]
    assert first["section"] == "history" and first["section_title"] == "History of foundation models"
    matching = next(r for r in records if r["kind"] == "matching")
    assert matching["items"] and all(len(pair) == 2 for pair in matching["answer"])
    assert bank_to_json(sample_questions, sample_bank) == bank_to_json(list(sample_questions), sample_bank)


def test_gift_export(sample_bank, sample_questions):
    gift = bank_to_gift(sample_questions, sample_bank)
    assert "$CATEGORY: $course$/top/quizapp/History of foundation models" in gift
    true_q = gift.split(
        r"::gpt3-year\:true_false\:0::[plain]True or false? OpenAI introduced GPT-3 in 2020. "
    )[1]
    assert true_q.startswith("{TRUE#No, it is true.#Yes, it is true.####")
    false_q = gift.split(r"::bert-year\:true_false\:1::")[1].split("}")[0]
    assert "{FALSE#No, it is false.#Yes, it is false.####" in false_q
    assert r"::bert-year\:numeric\:1::[plain]Fill in the blank\: Google released BERT in _____. {#" in gift
    # approx "a trillion": one significant digit, so the widest margin grading allows (25%),
    # written as the range our grader accepts: 0.75 trillion up to 1/(1 - 25%) of a trillion.
    assert "\t=750000000000..1333333333333.3333#Yes, that is right." in gift
    assert "flashcard" not in gift
    mc = gift.split(r"::bert-maker\:multiple_choice\:0::")[1].split("}")[0]
    assert mc.count("\n\t=") == 1 and "=BERT was created by Google." in mc
    typed = gift.split(r"::gpt3-maker\:typed\:1::")[1].split("}")[0]
    assert "=OpenAI" in typed and "=Open AI Inc" in typed
    multi = gift.split(r"::benefits-named\:multi_select\:0::")[1].split("}")[0]
    assert multi.count("~%33.33333%") == 3 and multi.count("~%-33.33333%") == 3
    assert " -> 1st" in gift.split(r"\:ordering\:0::")[1].split("}")[0]


def read_notes(path: Path) -> list[tuple]:
    with zipfile.ZipFile(path) as package:
        data = package.read("collection.anki2")
    db_path = path.with_suffix(".anki2")
    db_path.write_bytes(data)
    with sqlite3.connect(db_path) as db:
        notes = db.execute("SELECT id, guid, mid, flds, tags, mod FROM notes ORDER BY guid").fetchall()
        decks = json.loads(db.execute("SELECT decks FROM col").fetchone()[0])
    return notes, decks


def test_anki_package_is_deterministic_and_keyed_by_fact(tmp_path, sample_bank, sample_questions):
    changed = {fact.id: CHANGED_AT + timedelta(hours=i) for i, fact in enumerate(sample_bank.facts)}
    first = bank_to_apkg(sample_bank, sample_questions, tmp_path / "one.apkg", changed, CHANGED_AT)
    second = bank_to_apkg(sample_bank, sample_questions, tmp_path / "two.apkg", changed, LATER)
    assert first.path.read_bytes() == second.path.read_bytes()
    assert first.notes == first.cards == len(sample_bank.facts)
    notes, decks = read_notes(first.path)
    assert len(notes) == len(sample_bank.facts)
    assert {guid for _, guid, _, _, _, _ in notes} == {genanki.guid_for(f.id) for f in sample_bank.facts}
    assert {mid for _, _, mid, _, _, _ in notes} == {ANKI_MODEL_ID}
    by_guid = {guid: mod for _, guid, _, _, _, mod in notes}
    assert all(by_guid[genanki.guid_for(fact)] == int(moment.timestamp()) for fact, moment in changed.items())
    assert str(ANKI_DECK_ID) in decks
    front, back = next(n[3] for n in notes if n[1] == genanki.guid_for("gpt3-parameters")).split("\x1f")[:2]
    assert front == "How many parameters does GPT-3 have?" and back.startswith("<b>175 billion</b>")
