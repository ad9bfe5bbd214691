"""Updating the question bank never costs a learner their history; a changed answer is relearned."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Card, ReviewLog

REAL_BANK = Path(__file__).resolve().parents[2] / "questions"


def sync(app, directory: Path) -> str:
    result = app.test_cli_runner().invoke(args=["questions", "sync", str(directory)])
    assert result.exit_code == 0, result.output
    return result.output


def snapshot(app) -> tuple[list, list]:
    with app.app_context():
        logs = [
            tuple(row)
            for row in db.session.execute(select(ReviewLog.id, ReviewLog.fact_id, ReviewLog.rating))
        ]
        cards = [tuple(row) for row in db.session.execute(select(Card.fact_id, Card.due, Card.reps))]
    return logs, cards


def test_editing_the_bank_keeps_history_and_relearns_a_changed_answer(learner, loaded_app, clock, tmp_path):
    bank = Path(shutil.copytree(REAL_BANK, tmp_path / "bank", ignore=shutil.ignore_patterns("*.md")))
    learner.client.get("/study/?section=history")
    studied = []
    for _ in range(4):
        page = learner.page("/study/?section=history")
        question = learner.question(page)
        fields = {"rating": "4"} if question.kind == "flashcard" else learner.right_answer(question)
        learner.answer(page, fields)
        studied.append(question.fact_id)
    assert "transformer-introduced-year" in studied
    logs_before, cards_before = snapshot(loaded_app)

    # A reworded explanation: nothing about anyone's schedule changes.
    history = bank / "02-history.yaml"
    text = history.read_text()
    history.write_text(text.replace("Transformers let models learn", "Transformers allowed models to learn"))
    output = sync(loaded_app, bank)
    assert "answers changed" not in output
    assert snapshot(loaded_app) == (logs_before, cards_before)

    # A changed answer, edited a minute after the studying: the history stays, and the fact comes
    # back to be learned again.
    clock.advance(minutes=1)
    text = history.read_text()
    history.write_text(
        text.replace("    value: 2017\n", "    value: 2016\n").replace(
            "appeared in 2017.", "appeared in 2016."
        )
    )
    output = sync(loaded_app, bank)
    assert "answers changed (learners will relearn): transformer-introduced-year" in output
    assert snapshot(loaded_app) == (logs_before, cards_before)
    page = learner.page("/study/?section=history")
    assert learner.question(page).fact_id == "transformer-introduced-year"
    with loaded_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ReviewLog)) == len(logs_before)
