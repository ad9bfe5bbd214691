"""Today's study queue for one learner, as a pure function of their cards, limits and the clock.

The web layer loads the learner's card states (for the facts in the sections they chose to study)
and the facts they have never seen, counts what they did today, and asks `build_study_queue` what
comes next and how much is left.

Order:
1. Facts in short learning/relearning steps whose due time has passed, earliest due first. Their
   steps are minutes long and were set by an answer given moments ago; leaving them behind a long
   review pile would turn a 10-minute step into hours. They are not held back by the review
   limit either (as in Anki): stopping a fact mid-steps wastes the work just done.
2. Reviews due today (facts on day-long intervals that fall due before the study day ends),
   lowest predicted recall (retrievability) first: the most overdue memory is the one most at risk.
   Ties go to the smaller fact id, so the order is deterministic. At most the review limit minus
   the reviews already done today.
3. Never-seen facts in article order, up to the new-fact limit minus those already begun today.
4. Only when nothing above is left: learning steps that come due within LEARN_AHEAD (20 minutes,
   Anki's learn-ahead limit), earliest first. Waiting out a 10-minute step on an "All done" page
   is no use to anyone; a step much further off is still worth waiting for.

Outside today's queue (the learner asks for more when all is done): `study_ahead_order` (reviews
not yet due, soonest or weakest first) and `cram_order` (chosen sections, leaving the schedule be).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Literal

from quizapp.srs.day import DEFAULT_ROLLOVER_HOUR, current_day_bounds
from quizapp.srs.scheduler import (
    DEFAULT_SETTINGS,
    MemoryState,
    SchedulerSettings,
    as_utc,
    is_due,
    retrievability,
)

LEARN_AHEAD = timedelta(minutes=20)
"""How far ahead a learning step is shown when nothing else is left (Anki's learn-ahead limit)."""


@dataclass(frozen=True, slots=True)
class CardSnapshot:
    """One fact the learner has seen (or must relearn), with its current memory state."""

    fact_id: str
    state: MemoryState


@dataclass(frozen=True, slots=True)
class StudyLimits:
    """The learner's daily limits: new facts begun and reviews answered per study day."""

    new_per_day: int
    reviews_per_day: int

    def __post_init__(self) -> None:
        if self.new_per_day < 0 or self.reviews_per_day < 0:
            raise ValueError(f"daily limits cannot be negative: {self}")


@dataclass(frozen=True, slots=True)
class QueuedFact:
    """One entry of today's order.

    kind: "learning" (a short step that has come due, or within LEARN_AHEAD when nothing else is
        left), "review", "new", or outside today's queue "ahead" (studied before it is due) and
        "cram" (studied without moving the schedule).
    retrievability: predicted recall now; None for a new fact or one reset for relearning.
    """

    fact_id: str
    kind: str
    retrievability: float | None

    @property
    def is_new(self) -> bool:
        return self.kind == "new"


@dataclass(frozen=True, slots=True)
class StudyQueue:
    """What to study next and what is left today.

    next_fact_id / is_new: the first entry of `order`, or None/False when nothing is left now.
    due_left: due facts still to study today (learning steps that have come due, plus reviews
        within the review limit).
    new_left: new facts the learner may still begin today (limited by what is left to begin).
    next_due_at: the earliest time (UTC) before the study day ends at which a fact in learning
        steps that is not due yet (nor learnt ahead) comes due, or None. When `order` is empty it
        tells the page to say "one more at 14:35"; when not, it is when the queue will gain an entry.
    reviews_held_back: reviews due today beyond the review limit (they stay due for tomorrow).
    next_review_at: when the earliest fact not in `order` comes due, whatever the day (None when
        the learner has no such fact): "All done" says when the next review comes. Reviews held
        back by the limit are not counted: they are due already.
    order: the full order for today, as described in the module docstring.
    """

    next_fact_id: str | None
    is_new: bool
    due_left: int
    new_left: int
    next_due_at: datetime | None
    reviews_held_back: int
    order: tuple[QueuedFact, ...]
    next_review_at: datetime | None = None

    def with_first(self, fact_id: str) -> StudyQueue:
        """The same queue with `fact_id` studied next, if it is in today's order (an answer just
        undone comes back before anything else, as in Anki); unchanged otherwise."""
        chosen = next((entry for entry in self.order if entry.fact_id == fact_id), None)
        if chosen is None:
            return self
        rest = tuple(entry for entry in self.order if entry is not chosen)
        return replace(self, next_fact_id=fact_id, is_new=chosen.is_new, order=(chosen, *rest))


def counts_against_review_limit(before: MemoryState) -> bool:
    """Whether an answer counts towards the day's review limit: the fact was on day-long intervals.

    The web layer counts today's schedule-changing answers for which this is true (from the state
    before each answer it logs) and passes that as `reviews_done_today`. Answers in learning steps
    are not counted, as they are not limited.
    """
    return before.state == "review"


def build_study_queue(
    cards: Sequence[CardSnapshot],
    unseen_fact_ids: Sequence[str],
    reviews_done_today: int,
    new_done_today: int,
    limits: StudyLimits,
    now: datetime,
    time_zone: str,
    settings: SchedulerSettings = DEFAULT_SETTINGS,
    rollover_hour: int = DEFAULT_ROLLOVER_HOUR,
) -> StudyQueue:
    """Today's queue for one learner (see the module docstring for the order and the limits).

    cards: every fact the learner has a memory state for, within the chosen sections.
    unseen_fact_ids: facts never studied, in article order; none may also be in `cards`.
    reviews_done_today / new_done_today: answers already given this study day that counted
        against each limit (see `counts_against_review_limit`; a new fact counts once, when begun).
    """
    now = as_utc(now)
    _day_start, day_end = current_day_bounds(now, time_zone, rollover_hour)
    seen = [snapshot.fact_id for snapshot in cards]
    if len(set(seen)) != len(seen):
        raise ValueError("a fact appears twice among the learner's cards")
    both = set(seen).intersection(unseen_fact_ids)
    if both:
        raise ValueError(f"facts both seen and unseen: {sorted(both)}")

    learning: list[tuple[datetime, str, float | None]] = []
    reviews: list[tuple[float, str]] = []
    later_today: list[datetime] = []
    for snapshot in cards:
        state = snapshot.state
        if is_due(state, now, day_end):
            recall = retrievability(state, now, settings)
            if state.state == "review":
                reviews.append((1.0 if recall is None else recall, snapshot.fact_id))
            else:
                learning.append((state.due, snapshot.fact_id, recall))
        elif state.state != "review" and state.due < day_end:
            later_today.append(state.due)

    learning.sort(key=lambda item: (item[0], item[1]))
    reviews.sort()
    review_room = max(0, limits.reviews_per_day - reviews_done_today)
    new_room = max(0, limits.new_per_day - new_done_today)
    new_ids = list(dict.fromkeys(unseen_fact_ids))[:new_room]
    if not learning and not reviews[:review_room] and not new_ids:
        learning = sorted(
            (snapshot.state.due, snapshot.fact_id, retrievability(snapshot.state, now, settings))
            for snapshot in cards
            if snapshot.state.state != "review" and now < snapshot.state.due <= now + LEARN_AHEAD
        )
        later_today = [due for due in later_today if due > now + LEARN_AHEAD]

    order = (
        tuple(QueuedFact(fact_id, "learning", recall) for _due, fact_id, recall in learning)
        + tuple(QueuedFact(fact_id, "review", recall) for recall, fact_id in reviews[:review_room])
        + tuple(QueuedFact(fact_id, "new", None) for fact_id in new_ids)
    )
    first = order[0] if order else None
    return StudyQueue(
        next_fact_id=first.fact_id if first else None,
        is_new=first.is_new if first else False,
        due_left=len(learning) + min(len(reviews), review_room),
        new_left=len(new_ids),
        next_due_at=min(later_today) if later_today else None,
        reviews_held_back=max(0, len(reviews) - review_room),
        order=order,
        next_review_at=_next_review_at(cards, {entry.fact_id for entry in order}, now, day_end),
    )


def _next_review_at(
    cards: Sequence[CardSnapshot], queued: set[str], now: datetime, day_end: datetime
) -> datetime | None:
    """The earliest due time among facts not queued and not already due (held back by the limit)."""
    waiting = [
        snapshot.state.due
        for snapshot in cards
        if snapshot.fact_id not in queued and not is_due(snapshot.state, now, day_end)
    ]
    return min(waiting) if waiting else None


AheadOrder = Literal["soonest", "weakest"]
AHEAD_ORDERS: tuple[AheadOrder, ...] = ("soonest", "weakest")


def study_ahead_order(
    cards: Sequence[CardSnapshot],
    now: datetime,
    time_zone: str,
    by: AheadOrder = "soonest",
    settings: SchedulerSettings = DEFAULT_SETTINGS,
    rollover_hour: int = DEFAULT_ROLLOVER_HOUR,
) -> tuple[QueuedFact, ...]:
    """Facts on day-long intervals not due today nor reviewed today, to study before they fall due.

    "soonest": earliest due first (the reviews tomorrow would bring); "weakest": lowest predicted
    recall now first. Ties go to the smaller fact id. An answer to one is an early review
    (srs.EARLY_ANSWER_RULE): FSRS schedules it from the real elapsed time, so studying ahead moves
    the schedule as honestly as a due review does.
    """
    if by not in AHEAD_ORDERS:
        raise ValueError(f"study ahead orders by one of {AHEAD_ORDERS}, got {by!r}")
    now = as_utc(now)
    day_start, day_end = current_day_bounds(now, time_zone, rollover_hour)
    ahead = []
    for snapshot in cards:
        state = snapshot.state
        reviewed_today = state.last_review is not None and state.last_review >= day_start
        if state.state != "review" or is_due(state, now, day_end) or reviewed_today:
            continue
        recall = retrievability(state, now, settings)
        key = state.due.timestamp() if by == "soonest" else (1.0 if recall is None else recall)
        ahead.append((key, snapshot.fact_id, recall))
    ahead.sort(key=lambda item: (item[0], item[1]))
    return tuple(QueuedFact(fact_id, "ahead", recall) for _key, fact_id, recall in ahead)


def cram_order(
    fact_ids: Sequence[str],
    states: dict[str, MemoryState],
    recalled_ids: set[str],
    now: datetime,
    settings: SchedulerSettings = DEFAULT_SETTINGS,
) -> tuple[QueuedFact, ...]:
    """A cram of `fact_ids` (chosen sections, article order): each fact until recalled once.

    recalled_ids: facts whose last cram answer of this study day was recalled (not Again); they
    are done. Facts the learner has a memory of come first, lowest predicted recall first; then
    the rest in article order. Cram answers leave the schedule alone, so this order is all a cram
    changes.
    """
    now = as_utc(now)
    remembered: list[tuple[float, str]] = []
    others: list[str] = []
    for fact_id in dict.fromkeys(fact_ids):
        if fact_id in recalled_ids:
            continue
        state = states.get(fact_id)
        recall = retrievability(state, now, settings) if state is not None else None
        if recall is None:
            others.append(fact_id)
        else:
            remembered.append((recall, fact_id))
    remembered.sort()
    return tuple(QueuedFact(fact_id, "cram", recall) for recall, fact_id in remembered) + tuple(
        QueuedFact(fact_id, "cram", None) for fact_id in others
    )
