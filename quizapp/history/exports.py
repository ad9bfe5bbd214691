"""A learner's downloads: the review log as CSV and their deck with its schedule as an Anki package.

No database here: the routes hand in rows the service read.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from quizapp.content.anki import (
    ANKI_DECK_ID,
    AnkiPackage,
    anki_fact_model,
    anki_fact_note,
    anki_fact_tags,
    write_anki_package,
)
from quizapp.spreadsheet import safe_cell
from quizapp.srs import MemoryState, day_bounds, study_day
from quizapp.srs.day import learner_zone

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

ANKI_DEFAULT_EASE = 2500  # permille; FSRS ignores it, Anki's SM-2 (FSRS off) needs a sane value
# py-fsrs's default learning steps (1 and 10 minutes) and its single relearning step.
_LEARNING_STEPS = 2
# The preset (deck options) that carries the learner's retention and weights into Anki.
ANKI_PRESET_ID = 1_735_211_408
ANKI_PRESET_NAME = "quizapp: your schedule"
# Anki's revlog types and the quizapp state an answer was given in.
_REVLOG_TYPE = {"learning": 0, "review": 1, "relearning": 2}


@dataclass(frozen=True)
class AnkiLearner:
    """Whose deck it is, as the package needs it: their time zone (Anki's day starts at 4 a.m.
    local time there), desired retention and the 21 FSRS-6 weights their schedule uses."""

    time_zone: str
    desired_retention: float
    parameters: Sequence[float]


@dataclass(frozen=True)
class AnkiReview:
    """One answer that moved the schedule, for Anki's review log."""

    fact_id: str
    reviewed_at: datetime
    rating: int
    seconds_taken: float | None
    state_before: dict[str, Any] | None
    state_after: dict[str, Any] | None


@dataclass(frozen=True)
class AnkiClock:
    """The package collection's clock: it began at 4 a.m. local time on `first_day`.

    Anki counts a review card's due as days since its collection began and, importing, moves it
    onto the learner's collection by the difference of the two collections' "today". Both todays
    are counted in the learner's zone from the rollover hour, so a card due on study day X here is
    due on day X in Anki however far the learner is from UTC.
    """

    first_day: date
    time_zone: str

    def created(self) -> tuple[int, int]:
        """col.crt (epoch seconds) and Anki's creationOffset (minutes west of UTC) at that instant."""
        start, _end = day_bounds(self.first_day, self.time_zone)
        offset = start.astimezone(learner_zone(self.time_zone)).utcoffset() or timedelta(0)
        return int(start.timestamp()), -int(offset.total_seconds() // 60)

    def day_number(self, moment: datetime) -> int:
        """Days from the collection's first day to the study day `moment` falls in."""
        return (study_day(moment, self.time_zone) - self.first_day).days


@dataclass(frozen=True)
class AnkiSchedule:
    """The scheduling columns of one Anki `cards` row.

    card_type: 0 new, 1 learning, 2 review, 3 relearning. queue: 0 new, 1 (re)learning, 2 review.
    due: new: position; (re)learning: epoch seconds; review: day number since the collection began.
    interval: days. left: learning steps left (today's count * 1000 + total). data: Anki's FSRS
    memory state JSON ("s" stability, "d" difficulty, "dr" desired retention, "decay" FSRS-6
    decay, "lrt" last review).
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
    memory: dict[str, Any], reps: int, lapses: int, learner: AnkiLearner, clock: AnkiClock, position: int
) -> AnkiSchedule:
    """Translate quizapp's FSRS memory state of one fact into Anki's card columns."""
    state = MemoryState.from_dict(memory)
    stability, difficulty, last_review = state.stability, state.difficulty, state.last_review
    if stability is None or difficulty is None or last_review is None:
        # Never reviewed, or reset because the fact's answer changed: Anki's new card.
        return AnkiSchedule(0, 0, position, 0, 0, reps, lapses, 0, "")
    fsrs_data = json.dumps(
        {
            "s": round(stability, 4),
            "d": round(difficulty, 4),
            "dr": learner.desired_retention,
            "decay": round(learner.parameters[20], 4),
            "lrt": int(last_review.timestamp()),
        },
        separators=(",", ":"),
    )
    if state.state == "review":
        interval = max(1, clock.day_number(state.due) - clock.day_number(last_review))
        return AnkiSchedule(
            2, 2, clock.day_number(state.due), interval, ANKI_DEFAULT_EASE, reps, lapses, 0, fsrs_data
        )
    due_seconds = int(state.due.timestamp())
    if state.state == "relearning":
        # Anki keeps the post-lapse interval on a relearning card; FSRS's stability is that.
        interval = max(1, round(stability))
        return AnkiSchedule(3, 1, due_seconds, interval, ANKI_DEFAULT_EASE, reps, lapses, 1001, fsrs_data)
    steps_left = max(1, _LEARNING_STEPS - (state.step or 0))
    return AnkiSchedule(
        1, 1, due_seconds, 0, ANKI_DEFAULT_EASE, reps, lapses, steps_left * 1000 + steps_left, fsrs_data
    )


def _scheduled_card_class():
    import genanki

    class ScheduledCard(genanki.Card):
        """A genanki card that writes its schedule instead of genanki's "new" defaults, and keeps
        the id it was given so the review log can point at it."""

        def __init__(self, schedule: AnkiSchedule) -> None:
            super().__init__(0)
            self.schedule = schedule
            self.card_id: int | None = None

        def write_to_db(self, cursor, timestamp: float, deck_id, note_id, id_gen, due=0):
            s = self.schedule
            self.card_id = next(id_gen)
            cursor.execute(
                "INSERT INTO cards VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?);",
                (
                    self.card_id,
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


def _interval_of(state: dict[str, Any] | None, clock: AnkiClock) -> int:
    """Anki's revlog interval of a state: days for a review, minus seconds in (re)learning, 0 new."""
    if not state:
        return 0
    memory = MemoryState.from_dict(state)
    if memory.last_review is None:
        return 0
    if memory.state == "review":
        return max(1, clock.day_number(memory.due) - clock.day_number(memory.last_review))
    return -max(1, int((memory.due - memory.last_review).total_seconds()))


def revlog_rows(
    reviews: Iterable[AnkiReview], card_ids: dict[str, int], clock: AnkiClock
) -> list[tuple[int, ...]]:
    """Anki `revlog` rows (id, cid, usn, ease, ivl, lastIvl, factor, time, type) for the answers
    to facts in the deck; ids are the answers' times in milliseconds, made unique."""
    rows: list[tuple[int, ...]] = []
    used: set[int] = set()
    for review in reviews:
        card_id = card_ids.get(review.fact_id)
        if card_id is None:
            continue
        revlog_id = int(review.reviewed_at.timestamp() * 1000)
        while revlog_id in used:
            revlog_id += 1
        used.add(revlog_id)
        before = (review.state_before or {}).get("state") or "learning"
        if not (review.state_before or {}).get("last_review"):
            before = "learning"  # a first answer is a learning step in Anki's terms
        kind = _REVLOG_TYPE.get(before, 0)
        milliseconds = min(60_000, int((review.seconds_taken or 0) * 1000))
        rows.append(
            (
                revlog_id,
                card_id,
                -1,
                review.rating,
                _interval_of(review.state_after, clock),
                _interval_of(review.state_before, clock),
                ANKI_DEFAULT_EASE if kind else 0,
                milliseconds,
                kind,
            )
        )
    return rows


def _finish_collection(
    cursor, learner: AnkiLearner, clock: AnkiClock, revlog: list[tuple[int, ...]], now: datetime
) -> None:
    """The package collection as Anki reads it: its clock (V2 day with a 4 a.m. rollover counted
    from the learner's zone), the learner's preset on our deck, and the review log."""
    crt, creation_offset = clock.created()
    conf, dconf, decks = cursor.execute("SELECT conf, dconf, decks FROM col").fetchone()
    conf = json.loads(conf) | {"schedVer": 2, "rollover": 4, "creationOffset": creation_offset}
    dconf = json.loads(dconf)
    preset = dict(dconf["1"]) | {
        "id": ANKI_PRESET_ID,
        "name": ANKI_PRESET_NAME,
        "mod": int(now.timestamp()),
        "desiredRetention": learner.desired_retention,
        "fsrsParams6": [round(float(w), 4) for w in learner.parameters],
    }
    dconf[str(ANKI_PRESET_ID)] = preset
    decks = json.loads(decks)
    decks[str(ANKI_DECK_ID)]["conf"] = ANKI_PRESET_ID
    cursor.execute(
        "UPDATE col SET crt = ?, conf = ?, dconf = ?, decks = ?",
        (crt, json.dumps(conf), json.dumps(dconf), json.dumps(decks)),
    )
    cursor.executemany("INSERT INTO revlog VALUES(?,?,?,?,?,?,?,?,?)", revlog)


def deck_apkg(
    facts: Sequence[Any],
    reviews: Sequence[AnkiReview],
    learner: AnkiLearner,
    path: str | Path,
    now: datetime,
) -> AnkiPackage:
    """Write the learner's deck, one note per fact with its schedule and review log, to `path`.

    `facts` are history.service.DeckFact. Notes match the bank's Anki export (same note type,
    deck and guid per fact, dated by the fact's last change), so importing one over the other
    keeps one note per fact. Anki takes the schedule, review log and preset only for cards it
    does not have yet, and only when "Import any learning progress" (and "Import deck presets")
    is ticked: a second import updates changed notes, never the scheduling of existing cards.
    """
    scheduled_card = _scheduled_card_class()
    model = anki_fact_model()
    first_answer = min((review.reviewed_at for review in reviews), default=now)
    clock = AnkiClock(study_day(min(first_answer, now), learner.time_zone), learner.time_zone)
    notes = []
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
            changed_at=fact.changed_at,
        )
        note.cards = [
            scheduled_card(anki_schedule(fact.memory, fact.reps, fact.lapses, learner, clock, position))
        ]
        notes.append(note)

    def finish(cursor) -> None:
        card_ids = {fact.fact_id: note.cards[0].card_id for fact, note in zip(facts, notes, strict=True)}
        _finish_collection(cursor, learner, clock, revlog_rows(reviews, card_ids, clock), now)

    return write_anki_package(notes, path, now, finish)
