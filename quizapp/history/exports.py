"""A learner's downloads: the review log as CSV and their deck with its schedule as an Anki package.

No database here: the routes hand in rows the service read.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from quizapp.content.export import (
    ANKI_DECK_ID,
    ANKI_DECK_NAME,
    anki_fact_model,
    anki_fact_note,
    anki_fact_tags,
)
from quizapp.spreadsheet import safe_cell
from quizapp.srs import MemoryState

CSV_COLUMNS = (
    "reviewed_at",
    "study_day",
    "fact_id",
    "question_id",
    "kind",
    "source",
    "rating",
    "correct",
    "answer_given",
    "seconds_taken",
    "stability_before",
    "difficulty_before",
    "due_before",
    "stability_after",
    "difficulty_after",
    "due_after",
)


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.6g}"


def _state_cells(state: dict[str, Any] | None) -> list[str]:
    if not state:
        return ["", "", ""]
    return [_number(state.get("stability")), _number(state.get("difficulty")), state.get("due") or ""]


def _iso_utc(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def review_log_csv(logs: Iterable[Any]) -> Iterator[str]:
    """The log as CSV text, a header line then one line per answer, yielded line by line.

    `logs` are ReviewLog rows (or anything with their attributes). Times are ISO 8601 UTC; the
    learner's own text is neutralised against spreadsheet formulas.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def line(cells: Sequence[str]) -> str:
        writer.writerow(cells)
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    yield line(CSV_COLUMNS)
    for log in logs:
        yield line(
            [
                _iso_utc(log.reviewed_at),
                log.study_day.isoformat(),
                safe_cell(log.fact_id),
                safe_cell(log.question_id),
                log.kind,
                log.source,
                str(log.rating),
                "" if log.correct is None else str(log.correct).lower(),
                safe_cell(log.answer_given or ""),
                _number(log.seconds_taken),
                *_state_cells(log.state_before),
                *_state_cells(log.state_after),
            ]
        )


# ---- Anki -------------------------------------------------------------------------------------

# genanki's collection template is created at this instant (col.crt, seconds); a review card's
# due is a day number counted from it, which Anki shifts onto the importing collection's days.
ANKI_COLLECTION_CREATED = 1_411_124_400
ANKI_DEFAULT_EASE = 2500  # permille; FSRS ignores it, Anki's SM-2 needs a sane value
# py-fsrs's default learning steps (1 and 10 minutes) and its single relearning step.
_LEARNING_STEPS = 2


@dataclass(frozen=True)
class AnkiSchedule:
    """The scheduling columns of one Anki `cards` row.

    card_type: 0 new, 1 learning, 2 review, 3 relearning. queue: 0 new, 1 (re)learning, 2 review.
    due: new: position; (re)learning: epoch seconds; review: day number since the collection began.
    interval: days. left: learning steps left (today's count * 1000 + total). data: Anki's FSRS
    memory state JSON ("s" stability, "d" difficulty, "dr" desired retention, "lrt" last review).
    """

    card_type: int
    queue: int
    due: int
    interval: int
    ease: int
    reps: int
    lapses: int
    left: int
    data: str


def anki_schedule(
    memory: dict[str, Any], reps: int, lapses: int, desired_retention: float, position: int
) -> AnkiSchedule:
    """Translate quizapp's FSRS memory state of one fact into Anki's card columns."""
    state = MemoryState.from_dict(memory)
    if not state.has_memory:
        # Never reviewed, or reset because the fact's answer changed: Anki's new card.
        return AnkiSchedule(0, 0, position, 0, 0, reps, lapses, 0, "")
    fsrs_data = json.dumps(
        {
            "s": round(state.stability, 4),
            "d": round(state.difficulty, 4),
            "dr": desired_retention,
            "lrt": int(state.last_review.timestamp()),
        },
        separators=(",", ":"),
    )
    interval = max(1, round((state.due - state.last_review).total_seconds() / 86400))
    if state.state == "review":
        due_day = int((state.due.timestamp() - ANKI_COLLECTION_CREATED) // 86400)
        return AnkiSchedule(2, 2, due_day, interval, ANKI_DEFAULT_EASE, reps, lapses, 0, fsrs_data)
    due_seconds = int(state.due.timestamp())
    if state.state == "relearning":
        # Anki keeps the post-lapse interval on a relearning card; FSRS's stability is that.
        return AnkiSchedule(
            3,
            1,
            due_seconds,
            max(1, round(state.stability)),
            ANKI_DEFAULT_EASE,
            reps,
            lapses,
            1001,
            fsrs_data,
        )
    steps_left = max(1, _LEARNING_STEPS - (state.step or 0))
    return AnkiSchedule(
        1, 1, due_seconds, 0, ANKI_DEFAULT_EASE, reps, lapses, steps_left * 1000 + steps_left, fsrs_data
    )


def _scheduled_card_class():
    import genanki

    class ScheduledCard(genanki.Card):
        """A genanki card that writes its schedule instead of genanki's "new" defaults."""

        def __init__(self, schedule: AnkiSchedule) -> None:
            super().__init__(0)
            self.schedule = schedule

        def write_to_db(self, cursor, timestamp: float, deck_id, note_id, id_gen, due=0):
            s = self.schedule
            cursor.execute(
                "INSERT INTO cards VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?);",
                (
                    next(id_gen),
                    note_id,
                    deck_id,
                    self.ord,
                    int(timestamp),
                    -1,
                    s.card_type,
                    s.queue,
                    s.due,
                    s.interval,
                    s.ease,
                    s.reps,
                    s.lapses,
                    s.left,
                    0,
                    0,
                    0,
                    s.data,
                ),
            )

    return ScheduledCard


def deck_apkg(facts: Sequence[Any], desired_retention: float, path: str | Path, now: datetime) -> Path:
    """Write the learner's deck, one note per fact with its schedule, to `path`.

    `facts` are history.service.DeckFact. Notes match the bank's Anki export (same model, deck and
    guid per fact), so importing over it keeps one note per fact. Timestamps are `now`: Anki
    updates an existing card's schedule only from a newer file.
    """
    import genanki

    scheduled_card = _scheduled_card_class()
    model = anki_fact_model()
    deck = genanki.Deck(ANKI_DECK_ID, ANKI_DECK_NAME)
    for position, fact in enumerate(facts, start=1):
        flashcard = fact.flashcard
        note = anki_fact_note(
            model,
            fact_id=fact.fact_id,
            prompt=flashcard.prompt,
            answer=str(flashcard.answer),
            statement=fact.statement,
            explanation=fact.explanation,
            section_title=fact.section_title,
            tags=anki_fact_tags(fact.section_id, fact.tags),
            changed_at=now,
        )
        note.cards = [
            scheduled_card(anki_schedule(fact.memory, fact.reps, fact.lapses, desired_retention, position))
        ]
        deck.add_note(note)
    target = Path(path)
    genanki.Package(deck).write_to_file(str(target), timestamp=now.timestamp())
    return target
