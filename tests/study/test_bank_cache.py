"""Each worker keeps the bank in memory, and a sync made by another worker (or the CLI) is seen at
the next request: two apps on one database file stand for two workers."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from quizapp.study.service import active_facts, sections_for_picker
from tests.conftest import dispose, make_app
from tests.study.test_bank_update import REAL_BANK, sync

GONE = "bert-release-year"


def _bank_without(fact_id: str, folder: Path) -> Path:
    bank = Path(shutil.copytree(REAL_BANK, folder, ignore=shutil.ignore_patterns("*.md")))
    history = bank / "02-history.yaml"
    text = history.read_text()
    without = re.sub(rf"  - id: {fact_id}\n.*?(?=  - id: )", "", text, count=1, flags=re.S)
    assert without != text
    history.write_text(without)
    return bank


def _facts_and_sections(app) -> tuple[dict, list]:
    with app.test_request_context("/study/"):
        return active_facts(None), [row.id for row in sections_for_picker()]


def test_a_sync_by_another_worker_is_seen_at_the_next_request(loaded_app, tmp_path):
    facts, sections = _facts_and_sections(loaded_app)
    assert GONE in facts and "history" in sections
    assert _facts_and_sections(loaded_app) == (facts, sections)  # the worker's copy, unchanged
    other_worker = make_app(loaded_app.config["SQLALCHEMY_DATABASE_URI"])
    try:
        sync(other_worker, _bank_without(GONE, tmp_path / "bank"))
    finally:
        dispose(other_worker)
    facts_after, sections_after = _facts_and_sections(loaded_app)
    assert GONE not in facts_after and set(facts_after) == set(facts) - {GONE}
    assert sections_after == sections


def test_the_study_page_reads_the_bank_once_per_request_not_per_fact(learner, loaded_app):
    from sqlalchemy import event

    from quizapp.extensions import db

    learner.page("/study/")
    seen: list[str] = []
    with loaded_app.app_context():
        engine = db.engine

    def count(conn, cursor, statement, *args):
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        learner.page("/study/?section=history")
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert not any(re.search(r"FROM (fact|question)\b", statement) for statement in seen), seen
    assert sum("FROM deck" in statement and "sum(deck.version)" in statement for statement in seen) == 1


def _prompts_of(app, fact_id: str) -> set[str]:
    from quizapp.study.bank_cache import bank_snapshot

    with app.test_request_context("/study/"):
        return {question.data["prompt"] for question in bank_snapshot().questions[fact_id]}


def test_a_reworded_question_synced_by_another_worker_is_asked_at_the_next_request(loaded_app, tmp_path):
    fact_id = "transformer-introduced-year"
    old = "In which year did the transformer architecture appear, the first milestone on the article's timeline?"
    new = "In which year was the transformer architecture published, the first milestone on the timeline?"
    assert old in _prompts_of(loaded_app, fact_id)
    bank = Path(shutil.copytree(REAL_BANK, tmp_path / "bank", ignore=shutil.ignore_patterns("*.md")))
    history = bank / "02-history.yaml"
    history.write_text(history.read_text().replace(f"prompt: {old}", f"prompt: {new}"))
    other_worker = make_app(loaded_app.config["SQLALCHEMY_DATABASE_URI"])
    try:
        sync(other_worker, bank)
    finally:
        dispose(other_worker)
    prompts = _prompts_of(loaded_app, fact_id)
    assert new in prompts and old not in prompts
