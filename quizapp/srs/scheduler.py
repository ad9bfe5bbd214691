"""FSRS-6 scheduling of one learner's memory of one fact, as plain data.

This is the only module that talks to the `fsrs` package (py-fsrs; fitting parameters with
fsrs-rs-python lives in `optimize`). The rest of quizapp sees
`MemoryState` (what the database keeps per learner and fact) and `ReviewOutcome` (what one answer
did), so a change of FSRS version or library touches this file alone.

Fuzz is off. py-fsrs draws interval fuzz from the module-level `random.random()`, a hidden global
generator: the same answer would schedule differently on a retried request, after an undo and
redo, or in a test, and the log could not be replayed to the same states. With fuzz off, an answer
at a given time always gives the same due date. The cost is that facts learnt together stay
together (their reviews are not spread over neighbouring days); with one article's facts that
clumping is small, and the daily review limit bounds it.

Learning steps are py-fsrs's defaults (1 and 10 minutes; one 10-minute relearning step): short,
same-day repeats of a new or forgotten fact before it graduates to day-long intervals.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any, Literal

from fsrs import Card, Rating, Scheduler, State
from fsrs.scheduler import LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

StateName = Literal["learning", "review", "relearning"]

_FSRS_STATE: dict[str, State] = {
    "learning": State.Learning,
    "review": State.Review,
    "relearning": State.Relearning,
}
_STATE_NAME: dict[State, StateName] = {
    State.Learning: "learning",
    State.Review: "review",
    State.Relearning: "relearning",
}
RATINGS = (1, 2, 3, 4)
"""Again, Hard, Good, Easy: the four answers FSRS understands."""

# py-fsrs's Card() invents an id from the clock and sleeps a millisecond when given none;
# the adapter never needs one, so every Card it builds gets this.
_ADAPTER_CARD_ID = 0
# A never-seen fact's due time carries no meaning (the daily queue decides when new facts enter),
# so without a clock it is the epoch: "available whenever".
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def as_utc(moment: datetime, name: str = "now") -> datetime:
    """Return `moment` in UTC; refuse a naive datetime rather than guess its zone."""
    if moment.tzinfo is None or moment.tzinfo.utcoffset(moment) is None:
        raise ValueError(f"{name} must be timezone-aware (got naive {moment.isoformat()})")
    return moment.astimezone(UTC)


def _check_rating(rating: int) -> int:
    if isinstance(rating, bool) or int(rating) not in RATINGS or int(rating) != rating:
        raise ValueError(f"rating must be 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy), got {rating!r}")
    return int(rating)


@lru_cache(maxsize=128)
def fsrs_scheduler(settings: SchedulerSettings) -> Scheduler:
    """The py-fsrs Scheduler for `settings`, built once per distinct settings value.

    Building one validates 21 weights; a page that shows four intervals for each of many facts
    would otherwise rebuild it hundreds of times. The cache holds only immutable inputs mapped to
    schedulers the adapter never mutates, so it is not shared mutable state.
    """
    kwargs: dict[str, Any] = {
        "desired_retention": settings.desired_retention,
        "maximum_interval": settings.maximum_interval_days,
        "enable_fuzzing": False,
    }
    if settings.parameters is not None:
        kwargs["parameters"] = settings.parameters
    return Scheduler(**kwargs)


@dataclass(frozen=True, slots=True)
class SchedulerSettings:
    """How one learner is scheduled.

    desired_retention: the probability of recall FSRS aims for when a fact comes due (0 < r < 1).
    parameters: the 21 FSRS-6 weights, or None for the published defaults (until the learner has
        enough reviews for "Optimize my schedule").
    maximum_interval_days: the longest interval FSRS may schedule.
    """

    desired_retention: float = 0.9
    parameters: tuple[float, ...] | None = None
    maximum_interval_days: int = 36500

    def __post_init__(self) -> None:
        if not 0.0 < self.desired_retention < 1.0:
            raise ValueError(f"desired_retention must be between 0 and 1, got {self.desired_retention}")
        if self.maximum_interval_days < 1:
            raise ValueError(f"maximum_interval_days must be at least 1, got {self.maximum_interval_days}")
        if self.parameters is not None:
            # A list from JSON would make the settings unhashable and the scheduler cache fail.
            object.__setattr__(self, "parameters", tuple(float(w) for w in self.parameters))
        fsrs_scheduler(self)  # validate the weights now, where the caller can see the cause


DEFAULT_SETTINGS = SchedulerSettings()


def effective_parameters(settings: SchedulerSettings) -> tuple[float, ...]:
    """The 21 FSRS-6 weights `settings` schedule with: the learner's own, or the published defaults."""
    return tuple(float(weight) for weight in fsrs_scheduler(settings).parameters)


def within_parameter_bounds(parameters: tuple[float, ...]) -> tuple[float, ...]:
    """`parameters` clamped into the ranges py-fsrs accepts.

    An optimizer with slightly different bounds (or float32 rounding at a bound) must not produce
    weights the scheduler then refuses; clamping moves a weight only by that rounding margin.
    """
    if len(parameters) != len(LOWER_BOUNDS_PARAMETERS):
        raise ValueError(f"expected {len(LOWER_BOUNDS_PARAMETERS)} FSRS-6 weights, got {len(parameters)}")
    return tuple(
        min(max(float(weight), low), high)
        for weight, low, high in zip(parameters, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS)
    )


@dataclass(frozen=True, slots=True)
class MemoryState:
    """What FSRS knows about one learner's memory of one fact; stored by the web layer as JSON.

    state: "learning" (new, in short steps), "review" (on day-long intervals) or "relearning"
        (forgotten, back in short steps).
    step: index of the current learning/relearning step; None in "review".
    stability: days until recall probability falls to 90%; None before the first review.
    difficulty: 1 (easy) to 10 (hard); None before the first review.
    due: when the fact should next be reviewed (UTC).
    last_review: when it was last reviewed (UTC); None if never (or reset by `relearn`).
    """

    state: StateName
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None = field(default=None)

    def __post_init__(self) -> None:
        if self.state not in _FSRS_STATE:
            raise ValueError(f"state must be one of {sorted(_FSRS_STATE)}, got {self.state!r}")
        object.__setattr__(self, "due", as_utc(self.due, "due"))
        if self.last_review is not None:
            object.__setattr__(self, "last_review", as_utc(self.last_review, "last_review"))

    @classmethod
    def new(cls, now: datetime | None = None) -> MemoryState:
        """The state of a fact the learner has never reviewed: first learning step, no memory."""
        return cls(state="learning", step=0, stability=None, difficulty=None, due=now or _EPOCH)

    @property
    def has_memory(self) -> bool:
        """True once a review has given the fact a stability (not new, not reset for relearning)."""
        return self.stability is not None and self.last_review is not None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict: plain numbers and ISO 8601 UTC strings."""
        return {
            "state": self.state,
            "step": self.step,
            "stability": self.stability,
            "difficulty": self.difficulty,
            "due": self.due.isoformat(),
            "last_review": self.last_review.isoformat() if self.last_review else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MemoryState:
        """Rebuild a state from `to_dict()` output; a missing key or a naive time is an error."""
        try:
            last_review = data["last_review"]
            return cls(
                state=data["state"],
                step=None if data["step"] is None else int(data["step"]),
                stability=None if data["stability"] is None else float(data["stability"]),
                difficulty=None if data["difficulty"] is None else float(data["difficulty"]),
                due=datetime.fromisoformat(data["due"]),
                last_review=None if last_review is None else datetime.fromisoformat(last_review),
            )
        except KeyError as missing:
            raise ValueError(f"memory state is missing {missing}: {data!r}") from None


@dataclass(frozen=True, slots=True)
class ReviewOutcome:
    """One answer's effect: the state before and after, the rating and when it was given (UTC).

    Keeping `before` lets undo restore the schedule exactly and lets the log be audited.
    """

    before: MemoryState
    after: MemoryState
    rating: int
    reviewed_at: datetime

    @property
    def is_lapse(self) -> bool:
        """True when a fact on day-long intervals was forgotten (Anki's "lapse" counter)."""
        return self.before.state == "review" and self.rating == 1


def _to_card(state: MemoryState) -> Card:
    return Card(
        card_id=_ADAPTER_CARD_ID,
        state=_FSRS_STATE[state.state],
        step=state.step,
        stability=state.stability,
        difficulty=state.difficulty,
        due=state.due,
        last_review=state.last_review,
    )


def _from_card(card: Card) -> MemoryState:
    return MemoryState(
        state=_STATE_NAME[card.state],
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due,
        last_review=card.last_review,
    )


def review(
    state: MemoryState,
    rating: int,
    now: datetime,
    settings: SchedulerSettings = DEFAULT_SETTINGS,
) -> ReviewOutcome:
    """Apply one answer (1 Again, 2 Hard, 3 Good, 4 Easy) given at `now`; nothing is mutated.

    A review dated before the fact's last review is refused: FSRS's elapsed time would be
    negative, and it means a log replayed out of order or an undo that did not restore `before`.
    """
    rating = _check_rating(rating)
    now = as_utc(now)
    if state.last_review is not None and now < state.last_review:
        raise ValueError(
            f"review at {now.isoformat()} is before the last review {state.last_review.isoformat()}"
        )
    card, _log = fsrs_scheduler(settings).review_card(_to_card(state), Rating(rating), now)
    return ReviewOutcome(before=state, after=_from_card(card), rating=rating, reviewed_at=now)


def replay_reviews(
    before: MemoryState,
    reviews: Sequence[tuple[int, datetime]],
    settings: SchedulerSettings = DEFAULT_SETTINGS,
    answer_changed_at: datetime | None = None,
) -> list[ReviewOutcome]:
    """Apply `reviews` (rating, when) in order from `before`: one outcome per review.

    Re-rating an answer changes every state after it; replaying the fact's later answers from the
    re-rated one's `before` gives the states they would have had, so the schedule is what it would
    be had the learner's rating been given in the first place. A review given after the fact's
    answer changed starts from the relearning state, as it did when it was answered.
    """
    outcomes: list[ReviewOutcome] = []
    state = before
    for rating, at in reviews:
        if (
            answer_changed_at is not None
            and at >= answer_changed_at
            and needs_relearn(state, answer_changed_at)
        ):
            state = relearn(state, at)
        outcome = review(state, rating, at, settings)
        outcomes.append(outcome)
        state = outcome.after
    return outcomes


def next_intervals(
    state: MemoryState,
    now: datetime,
    settings: SchedulerSettings = DEFAULT_SETTINGS,
) -> dict[int, timedelta]:
    """For each rating 1-4, how long until the fact would be due again if answered so at `now`.

    These are what the Again/Hard/Good/Easy buttons show, computed by the same `review` that the
    answer will go through, so the label and the result cannot disagree.
    """
    now = as_utc(now)
    return {rating: review(state, rating, now, settings).after.due - now for rating in RATINGS}


def _one_decimal(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def format_interval(interval: timedelta) -> str:
    """A short label for an interval: "<1m", "10m", "5h", "1d", "12d", "3.5mo", "1.2y".

    Months are 30 days and years 365, as in Anki; under a minute (or negative) shows as "<1m".
    """
    seconds = interval.total_seconds()
    if seconds < 59.5:
        return "<1m"
    if round(seconds / 60) < 60:
        return f"{round(seconds / 60)}m"
    hours = seconds / 3600
    if round(hours, 1) < 24:
        return f"{_one_decimal(hours)}h"
    days = seconds / 86400
    if round(days, 1) < 30:
        return f"{_one_decimal(days)}d"
    if round(days / 30, 1) < 12:
        return f"{_one_decimal(days / 30)}mo"
    return f"{_one_decimal(days / 365)}y"


def retrievability(
    state: MemoryState,
    now: datetime,
    settings: SchedulerSettings = DEFAULT_SETTINGS,
) -> float | None:
    """FSRS's predicted probability that the learner recalls the fact at `now`; None without memory.

    Elapsed time counts in whole days, as in py-fsrs's own review step, so the figure that orders
    the queue is the one the next review will use.
    """
    if not state.has_memory:
        return None
    return float(fsrs_scheduler(settings).get_card_retrievability(_to_card(state), as_utc(now)))


def is_due(state: MemoryState, now: datetime, day_end: datetime | None = None) -> bool:
    """Whether the fact should be studied now.

    A fact in short steps ("learning"/"relearning") is due once its due time has passed: the step
    is minutes long and showing it early defeats it. A fact on day-long intervals ("review") is due
    for the whole study day on which it falls due (before `day_end`, the next 4 a.m. rollover),
    as in Anki: its interval is counted in days, not to the minute. Without `day_end`, only facts
    whose due time has passed are due.
    """
    now = as_utc(now)
    if state.state == "review" and day_end is not None:
        return state.due < as_utc(day_end, "day_end")
    return state.due <= now


def needs_relearn(state: MemoryState, answer_changed_at: datetime | None) -> bool:
    """True when the learner's memory is of an answer that has since changed.

    The content sync stamps a fact's `answer_changed_at`; a memory reviewed before that stamp is of
    the old answer. A state already reset by `relearn` has no last review and needs nothing more.
    """
    if answer_changed_at is None or state.last_review is None:
        return False
    return state.last_review < as_utc(answer_changed_at, "answer_changed_at")


def relearn(state: MemoryState, now: datetime) -> MemoryState:
    """The state a fact takes when its answer changed: a fresh first learning step, due at `now`.

    Why a reset and not a forced lapse (an "Again" review): FSRS's stability and difficulty describe
    the memory of the *old* answer. Recording a lapse would invent a forgetting event the learner
    never had (it raises difficulty and is logged as a review), and the shrunken stability would
    still be that of the old answer. The new answer is a new memory, so FSRS starts it from its first
    rating, exactly as for a new fact. Unlike a never-seen fact it is due at once: the web layer keeps
    its card row, so the queue serves it among the due facts (first, as it has no memory) and it does
    not use up the day's new-fact allowance: the change was ours, not the learner's choice.
    `state` is taken so callers go through `needs_relearn` first; its memory is deliberately dropped.
    """
    del state  # the old answer's memory is what must not carry over
    return MemoryState(state="learning", step=0, stability=None, difficulty=None, due=as_utc(now))
