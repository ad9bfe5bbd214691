"""Anki's own library (PyPI `anki`: the desktop app's Rust backend) on a temporary collection.

Packages are imported with `import_anki_package`, the call the desktop app's import screen makes,
with the screen's default options unless a test ticks one; what the tests check is what Anki then
holds: notes, cards as rendered, scheduling, memory state, review log and presets.

Run as a script (`python -m tests.anki_collection SPEC`) it does the same in a fresh process, so a
test can give Anki the clock of a learner in another time zone (TZ): Anki reads the machine's
zone for "today" and when it creates a collection.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
from anki.import_export_pb2 import ImportAnkiPackageUpdateCondition

DESKTOP_DEFAULTS = {
    "merge_notetypes": False,
    "update_notes": ImportAnkiPackageUpdateCondition.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER,
    "update_notetypes": ImportAnkiPackageUpdateCondition.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER,
    "with_scheduling": False,
    "with_deck_configs": False,
}


@dataclass(frozen=True)
class ImportResult:
    """Anki's import log in counts, and the guids of the notes it updated."""

    found: int
    new: int
    updated: int
    unchanged: int
    conflicting: int
    updated_guids: tuple[str, ...]


def import_package(
    collection: Collection, package: str | Path, *, with_scheduling: bool = False, with_presets: bool = False
) -> ImportResult:
    """Import `package` as the desktop app does; the two flags are its "Import any learning
    progress" and "Import deck presets" boxes, both unticked by default."""
    options = dict(DESKTOP_DEFAULTS, with_scheduling=with_scheduling, with_deck_configs=with_presets)
    response = collection.import_anki_package(
        ImportAnkiPackageRequest(package_path=str(package), options=ImportAnkiPackageOptions(**options))
    )
    log = response.log
    updated_guids = tuple(collection.get_note(note.id.nid).guid for note in log.updated)
    return ImportResult(
        found=log.found_notes,
        new=len(log.new),
        updated=len(log.updated),
        unchanged=len(log.duplicate),
        conflicting=len(log.conflicting),
        updated_guids=updated_guids,
    )


@dataclass(frozen=True)
class AnkiCard:
    """One card as Anki holds it, with the note it belongs to."""

    fact_id: str
    guid: str
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    deck: str
    note_mtime: int
    question: str
    answer: str
    type: int
    queue: int
    due: int
    interval: int
    reps: int
    lapses: int
    ease: int
    stability: float | None
    difficulty: float | None
    decay: float | None
    desired_retention: float | None
    last_review: int | None
    # The local calendar day a review card is due on (Anki's today + due - days elapsed).
    due_date: str | None
    revlog: int


def today(collection: Collection) -> date:
    """Anki's current day as a date in the machine's zone (its day starts at the rollover hour)."""
    from datetime import datetime

    next_day = datetime.fromtimestamp(collection.sched.day_cutoff)
    return (next_day - timedelta(days=1)).date()


def cards(collection: Collection) -> dict[str, AnkiCard]:
    """Every card of the collection, by the fact id in its note's FactId field."""
    result = {}
    anki_today = today(collection)
    for card_id in collection.find_cards(""):
        card = collection.get_card(card_id)
        note = card.note()
        memory = card.memory_state
        due_date = None
        if card.type == 2:
            due_date = (anki_today + timedelta(days=card.due - collection.sched.today)).isoformat()
        revlog = collection.db.scalar("select count() from revlog where cid = ?", card.id)
        result[note["FactId"]] = AnkiCard(
            fact_id=note["FactId"],
            guid=note.guid,
            fields=tuple(note.fields),
            tags=tuple(note.tags),
            deck=collection.decks.name(card.did),
            note_mtime=note.mod,
            question=card.question(),
            answer=card.answer(),
            type=card.type,
            queue=card.queue,
            due=card.due,
            interval=card.ivl,
            reps=card.reps,
            lapses=card.lapses,
            ease=card.factor,
            stability=memory.stability if memory else None,
            difficulty=memory.difficulty if memory else None,
            decay=card.decay if card.decay else None,
            desired_retention=card.desired_retention if card.desired_retention else None,
            last_review=card.last_review_time if card.last_review_time else None,
            due_date=due_date,
            revlog=revlog,
        )
    return result


def deck_preset(collection: Collection, deck_name: str) -> dict[str, Any]:
    """The preset (deck options) Anki applies to `deck_name`, as its legacy JSON."""
    deck = collection.decks.by_name(deck_name)
    return dict(collection.decks.config_dict_for_deck_id(deck["id"]))


def snapshot(collection_path: Path, packages: list[dict[str, Any]]) -> dict[str, Any]:
    """Create a collection, import each package in turn, and report what Anki holds."""
    collection = Collection(str(collection_path))
    try:
        imports = [
            asdict(
                import_package(
                    collection,
                    spec["path"],
                    with_scheduling=spec.get("with_scheduling", False),
                    with_presets=spec.get("with_presets", False),
                )
            )
            for spec in packages
        ]
        held = {fact_id: asdict(card) for fact_id, card in cards(collection).items()}
        decks = sorted({card["deck"] for card in held.values()})
        # What Anki's own FSRS optimiser ("Optimize" in the deck options) makes of the review log.
        fitted = collection._backend.compute_fsrs_params(
            search="",
            current_params=[],
            ignore_revlogs_before_ms=0,
            num_of_relearning_steps=1,
            health_check=False,
        )
        return {
            "imports": imports,
            "optimiser": {"items": fitted.fsrs_items, "parameters": list(fitted.params)},
            "today": today(collection).isoformat(),
            "cards": held,
            "presets": {name: deck_preset(collection, name) for name in decks},
            "revlog": collection.db.scalar("select count() from revlog"),
            "fsrs_on": bool(collection.get_config("fsrs", False)),
        }
    finally:
        collection.close()


def snapshot_in_zone(time_zone: str, collection_path: Path, packages: list[dict[str, Any]]) -> dict:
    """`snapshot` in a fresh process whose clock is in `time_zone`, as a learner's machine there."""
    import os
    import subprocess

    spec = json.dumps({"collection": str(collection_path), "packages": packages})
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        [sys.executable, "-m", "tests.anki_collection", spec],
        cwd=root,
        env={**os.environ, "TZ": time_zone},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


if __name__ == "__main__":
    request = json.loads(sys.argv[1])
    print(json.dumps(snapshot(Path(request["collection"]), request["packages"])))
