"""The learner's deck with its schedule, imported by the real Anki library on machines in time
zones around the date line: due days, review log, FSRS-6 memory state and preset as Anki holds
them, and what a second import does and does not change."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, update

from quizapp.extensions import db
from quizapp.models import Card, ReviewLog, User
from quizapp.srs import MemoryState, study_day
from tests.anki_collection import snapshot_in_zone
from tests.history.test_history import fact_with

# Learners on both sides of the date line and at its edges (UTC+14 to UTC-11), and in between.
ZONES = (
    "Pacific/Kiritimati",
    "Pacific/Auckland",
    "Asia/Tokyo",
    "Europe/Berlin",
    "America/Los_Angeles",
    "Pacific/Pago_Pago",
)
EXPORTED_AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PERSONAL_WEIGHTS = [
    0.25, 1.1, 2.9, 14.0, 6.9, 0.55, 2.9, 0.01, 1.7, 0.12, 1.0,
    1.9, 0.11, 0.3, 2.3, 0.25, 2.9, 0.5, 0.4, 0.1, 0.3,
]  # fmt: skip


def set_learner(app, email: str, **values) -> None:
    with app.app_context():
        db.session.execute(update(User).where(User.email == email).values(**values))
        db.session.commit()


def app_view(app, email: str) -> tuple[dict[str, MemoryState], int]:
    """The learner's memory of each fact as the app holds it, and their schedule answers."""
    with app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.email == email))
        memories = {
            card.fact_id: MemoryState.from_dict(card.memory)
            for card in db.session.scalars(select(Card).where(Card.user_id == user_id))
        }
        answers = db.session.scalar(
            select(func.count(ReviewLog.id)).where(
                ReviewLog.user_id == user_id, ReviewLog.affects_schedule.is_(True)
            )
        )
    return memories, answers


def download(learner, tmp_path, name: str):
    learner.app.config["CLOCK"] = lambda: EXPORTED_AT
    response = learner.client.get("/history/deck.apkg")
    assert response.status_code == 200
    path = tmp_path / f"{name}.apkg"
    path.write_bytes(response.data)
    return path


@pytest.fixture
def studied(ada, loaded_app):
    """Ada with personal weights and 600 answers of a real learner's log behind her."""
    set_learner(loaded_app, ada.email, fsrs_parameters=PERSONAL_WEIGHTS, desired_retention=0.85)
    ada.replay_real_log(600)
    return ada


def test_review_cards_are_due_on_the_same_day_in_anki_as_in_the_app_in_every_zone(
    studied, loaded_app, tmp_path
):
    memories, answers = app_view(loaded_app, studied.email)
    reviews = {fact: memory for fact, memory in memories.items() if memory.state == "review"}
    assert len(reviews) >= 50
    figures = {}
    for zone in ZONES:
        set_learner(loaded_app, studied.email, time_zone=zone)
        package = download(studied, tmp_path, zone.replace("/", "-"))
        held = snapshot_in_zone(
            zone,
            tmp_path / f"{zone.replace('/', '-')}.anki2",
            [{"path": str(package), "with_scheduling": True, "with_presets": True}],
        )
        assert held["today"] == study_day(datetime.now(UTC), zone).isoformat()  # Anki ran in `zone`
        cards = held["cards"]
        assert cards.keys() == memories.keys()
        expected = {fact: study_day(memory.due, zone).isoformat() for fact, memory in reviews.items()}
        in_anki = {fact: cards[fact]["due_date"] for fact in reviews}
        same_day = sum(expected[fact] == in_anki[fact] for fact in reviews)
        figures[zone] = same_day
        assert in_anki == expected, zone
        # Every answer that moved the schedule is in Anki's review log, on the right card.
        assert held["revlog"] == answers
        assert sum(card["revlog"] for card in cards.values()) == answers
    print(f"review cards due on the same day: {figures} of {len(reviews)}; review-log rows {answers}")


def test_anki_holds_the_fsrs6_memory_state_decay_and_the_learners_preset(studied, loaded_app, tmp_path):
    memories, _ = app_view(loaded_app, studied.email)
    package = download(studied, tmp_path, "deck")
    held = snapshot_in_zone(
        "UTC",
        tmp_path / "deck.anki2",
        [{"path": str(package), "with_scheduling": True, "with_presets": True}],
    )
    fact, memory = next((f, m) for f, m in memories.items() if m.state == "review")
    card = held["cards"][fact]
    assert (card["type"], card["queue"]) == (2, 2)
    assert card["stability"] == pytest.approx(memory.stability, abs=1e-3)
    assert card["difficulty"] == pytest.approx(memory.difficulty, abs=1e-3)
    assert card["decay"] == pytest.approx(PERSONAL_WEIGHTS[20])
    assert card["desired_retention"] == pytest.approx(0.85)
    assert card["last_review"] == int(memory.last_review.timestamp())
    (preset,) = held["presets"].values()
    assert preset["name"] == "quizapp: your schedule"
    assert preset["desiredRetention"] == pytest.approx(0.85)
    assert preset["fsrsParams6"] == pytest.approx(PERSONAL_WEIGHTS, abs=1e-4)
    assert card["tags"][0].startswith("quizapp::section::")
    # Anki's optimiser trains on the review log we wrote: one item per review after the first day.
    assert held["optimiser"]["items"] > 100
    assert len(held["optimiser"]["parameters"]) == 21
    print(f"Anki's FSRS optimiser trained on {held['optimiser']['items']} items from our review log")


def test_without_learning_progress_anki_takes_the_notes_as_new_cards(studied, loaded_app, tmp_path):
    package = download(studied, tmp_path, "deck")
    held = snapshot_in_zone("Asia/Tokyo", tmp_path / "deck.anki2", [{"path": str(package)}])
    assert {(card["type"], card["queue"], card["reps"]) for card in held["cards"].values()} == {(0, 0, 0)}
    assert held["revlog"] == 0


def test_a_second_import_adds_new_cards_with_their_schedule_but_never_reschedules_existing_ones(
    ada, loaded_app, tmp_path
):
    first_fact, second_fact = fact_with(loaded_app, "flashcard", 0), fact_with(loaded_app, "flashcard", 1)
    start = EXPORTED_AT - timedelta(days=20)
    ada.answer(first_fact, 3, start)
    ada.answer(first_fact, 3, start + timedelta(minutes=10))
    one = download(ada, tmp_path, "one")
    ada.answer(first_fact, 3, start + timedelta(days=3))  # the app moves this card on
    ada.answer(second_fact, 3, start + timedelta(days=3))
    ada.answer(second_fact, 3, start + timedelta(days=3, minutes=10))
    two = download(ada, tmp_path, "two")
    progress = {"with_scheduling": True, "with_presets": True}
    held = snapshot_in_zone(
        "UTC", tmp_path / "twice.anki2", [{"path": str(one), **progress}, {"path": str(two), **progress}]
    )
    once = snapshot_in_zone("UTC", tmp_path / "once.anki2", [{"path": str(one), **progress}])
    memories, _ = app_view(loaded_app, ada.email)
    assert held["cards"][first_fact]["reps"] == once["cards"][first_fact]["reps"] == 2
    assert held["cards"][first_fact]["due_date"] == once["cards"][first_fact]["due_date"]
    assert held["cards"][first_fact]["due_date"] != study_day(memories[first_fact].due, "UTC").isoformat()
    assert held["cards"][second_fact]["due_date"] == study_day(memories[second_fact].due, "UTC").isoformat()
    assert held["cards"][second_fact]["revlog"] == 2 and held["cards"][first_fact]["revlog"] == 2


def test_the_download_page_says_what_a_second_import_changes_and_how_to_bring_the_schedule(studied):
    page = studied.client.get("/history/").get_data(as_text=True)
    assert "Tick <strong>Import any learning progress</strong>" in page
    assert "desired retention (85%)" in page
    assert "It never changes the schedule of a card it\n    already has" in page
