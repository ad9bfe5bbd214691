"""The bank's Anki deck in Anki itself: exported by `flask questions export`, imported with the
desktop app's default options into a real collection, studied there, then updated by a later
export after one fact changed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import genanki
import pytest
from anki.collection import Collection

from quizapp.content.anki import ANKI_DECK_NAME
from tests.anki_collection import cards, import_package
from tests.library.conftest import edit_bank_file
from tests.library.test_sync_and_cli import fact_total

SYNCED_AT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
CHANGED_FACT = "transformer-introduced-year"
OLD_EXPLANATION = "Transformers let models learn the context of language effectively"
NEW_EXPLANATION = "Transformers made it practical for models to learn the context of language"


@pytest.fixture
def bank_app(app, bank_copy):
    app.config["QUESTIONS_DIR"] = str(bank_copy)
    return app


@pytest.fixture
def collection(tmp_path):
    anki = Collection(str(tmp_path / "learner.anki2"))
    yield anki
    anki.close()


def run(app, *args: str) -> str:
    result = app.test_cli_runner().invoke(args=list(args))
    assert result.exit_code == 0, result.output
    return result.output


def sync_and_export(app, at: datetime, path) -> str:
    app.config["CLOCK"] = lambda: at
    run(app, "questions", "sync")
    return run(app, "questions", "export", "--format", "apkg", "--output", str(path))


def study_in_anki(collection: Collection, fact_ids: list[str]) -> None:
    """The learner answers these facts' cards in Anki: "Good" twice, so each leaves learning."""
    for card_id in collection.find_cards(""):
        card = collection.get_card(card_id)
        if card.note()["FactId"] in fact_ids:
            for _ in range(2):
                shown = collection.get_card(card_id)
                shown.start_timer()  # as the reviewer does when it shows the question
                collection.sched.answerCard(shown, 3)


SCHEDULE = ("type", "queue", "due", "interval", "reps", "lapses", "ease", "revlog")


def schedule_of(card) -> tuple:
    return tuple(getattr(card, name) for name in SCHEDULE)


def test_anki_sees_one_note_per_fact_in_our_deck_with_namespaced_tags(
    bank_app, bank_copy, tmp_path, collection
):
    output = sync_and_export(bank_app, SYNCED_AT, tmp_path / "bank.apkg")
    facts = fact_total(bank_copy)
    assert f"Wrote {facts} notes ({facts} cards) to " in output

    result = import_package(collection, tmp_path / "bank.apkg")
    assert (result.found, result.new, result.updated) == (facts, facts, 0)
    held = cards(collection)
    assert len(held) == facts
    card = held[CHANGED_FACT]
    assert card.guid == genanki.guid_for(CHANGED_FACT)
    assert card.deck == ANKI_DECK_NAME
    assert card.tags == ("quizapp::section::history", "quizapp::tag::milestone")
    assert all(tag.startswith("quizapp::section::") for c in held.values() for tag in c.tags[:1])
    assert "In which year did the transformer architecture appear" in card.question
    assert "<b>2017</b>" in card.answer and OLD_EXPLANATION in card.answer
    assert card.note_mtime == int(SYNCED_AT.timestamp())
    assert (card.type, card.queue) == (0, 0)  # a new card: the bank carries no schedule


def test_an_unchanged_bank_exports_the_same_bytes_and_updates_nothing(bank_app, tmp_path, collection):
    sync_and_export(bank_app, SYNCED_AT, tmp_path / "one.apkg")
    sync_and_export(bank_app, SYNCED_AT + timedelta(days=5), tmp_path / "two.apkg")
    assert (tmp_path / "one.apkg").read_bytes() == (tmp_path / "two.apkg").read_bytes()
    import_package(collection, tmp_path / "one.apkg")
    again = import_package(collection, tmp_path / "two.apkg")
    assert (again.new, again.updated, again.unchanged) == (0, 0, again.found)


def test_reimport_after_a_fact_changed_updates_that_note_alone_and_keeps_anki_schedules(
    bank_app, bank_copy, tmp_path, collection
):
    sync_and_export(bank_app, SYNCED_AT, tmp_path / "first.apkg")
    import_package(collection, tmp_path / "first.apkg")
    studied = [CHANGED_FACT, "transformer-authors", "bert-release-year"]
    study_in_anki(collection, studied)
    before = cards(collection)
    assert {fact for fact, card in before.items() if card.reps} == set(studied)
    assert {before[fact].type for fact in studied} == {2}  # review cards, due in days

    edit_bank_file(bank_copy, "02-history.yaml", OLD_EXPLANATION, NEW_EXPLANATION)
    changed_at = SYNCED_AT + timedelta(days=3)
    sync_and_export(bank_app, changed_at, tmp_path / "second.apkg")
    result = import_package(collection, tmp_path / "second.apkg")

    assert result.updated_guids == (genanki.guid_for(CHANGED_FACT),)
    assert (result.new, result.updated, result.unchanged) == (0, 1, result.found - 1)
    after = cards(collection)
    assert after.keys() == before.keys()
    assert NEW_EXPLANATION in after[CHANGED_FACT].answer
    assert after[CHANGED_FACT].note_mtime == int(changed_at.timestamp())
    assert {fact for fact in after if after[fact].fields != before[fact].fields} == {CHANGED_FACT}
    assert {fact: schedule_of(card) for fact, card in after.items()} == {
        fact: schedule_of(card) for fact, card in before.items()
    }


def test_a_fact_edited_but_not_yet_synced_is_dated_by_the_export(bank_app, bank_copy, tmp_path, collection):
    sync_and_export(bank_app, SYNCED_AT, tmp_path / "first.apkg")
    import_package(collection, tmp_path / "first.apkg")
    edit_bank_file(bank_copy, "02-history.yaml", OLD_EXPLANATION, NEW_EXPLANATION)
    exported_at = SYNCED_AT + timedelta(days=1)
    bank_app.config["CLOCK"] = lambda: exported_at
    run(bank_app, "questions", "export", "--format", "apkg", "--output", str(tmp_path / "unsynced.apkg"))
    result = import_package(collection, tmp_path / "unsynced.apkg")
    assert result.updated_guids == (genanki.guid_for(CHANGED_FACT),)
    assert cards(collection)[CHANGED_FACT].note_mtime == int(exported_at.timestamp())
