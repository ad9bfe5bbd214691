"""Load balancing and easy days: which day, among those FSRS finds equally good, a review goes to.

FSRS computes one ideal interval, but a day or two either side changes the predicted recall very
little; py-fsrs's fuzz picks in that range at random (FUZZ_RANGES: about ±15 % of short intervals,
±5 % of long ones). Fuzz is off in quizapp (scheduler.py says why), so without this module facts
learnt together stay together and some days pile up. Here the day is picked in the same range, as
Anki 24.11's load balancer does:

- each candidate day d (interval i days) gets the weight (1 / due_d)^2 x (1 / i), or 1 when nothing
  is due that day: emptier days are much likelier, and a slight lean to the earlier day keeps
  intervals from drifting longer;
- easy days: a weekday marked Minimum (0 %) gets a weight near zero; one marked Reduced (50 %)
  does too once it already holds more than half the average of the other candidate days;
- the pick is a weighted draw seeded with the fact and the answer's time, so replaying the same
  answer gives the same day (no hidden random state, as with fuzz off).

Intervals under 3 days (py-fsrs fuzzes from 2.5) and over MAX_BALANCED_DAYS are left alone: the
first have no room, the second gain little. Only facts on day-long intervals ("review") move.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from fsrs.scheduler import FUZZ_RANGES

from quizapp.srs.day import DEFAULT_ROLLOVER_HOUR, study_day
from quizapp.srs.scheduler import MemoryState, as_utc

MAX_BALANCED_DAYS = 90
"""Longer intervals are not balanced (as in Anki): a day's load so far ahead is mostly unknown."""

NORMAL, REDUCED, MINIMUM = 100, 50, 0
EASY_DAY_LOADS = (NORMAL, REDUCED, MINIMUM)
"""The share of a normal day's reviews a weekday may get, in percent (Anki's three levels)."""

NORMAL_WEEK = (NORMAL,) * 7
_MINIMUM_WEIGHT = 0.0001  # not 0, so a range of Minimum days still picks one


@dataclass(frozen=True, slots=True)
class CandidateDay:
    """One day a review may go to: its interval in days and its study day."""

    interval_days: int
    day: date


def check_easy_days(easy_days: Sequence[int]) -> tuple[int, ...]:
    """The seven loads, Monday first, each 100, 50 or 0; anything else is an error."""
    loads = tuple(easy_days)
    if len(loads) != 7 or any(load not in EASY_DAY_LOADS for load in loads):
        raise ValueError(f"easy days must be seven of {EASY_DAY_LOADS} (Monday first), got {easy_days!r}")
    return loads


def fuzz_range(interval_days: int, maximum_interval_days: int) -> tuple[int, int]:
    """The shortest and longest interval py-fsrs's fuzz could give `interval_days` (its FUZZ_RANGES)."""
    delta = 1.0
    for band in FUZZ_RANGES:
        delta += band["factor"] * max(min(float(interval_days), band["end"]) - band["start"], 0.0)
    shortest = max(2, round(interval_days - delta))
    longest = min(round(interval_days + delta), maximum_interval_days)
    return min(shortest, longest), longest


def candidate_days(
    after: MemoryState,
    reviewed_at: datetime,
    time_zone: str,
    maximum_interval_days: int = 36500,
    rollover_hour: int = DEFAULT_ROLLOVER_HOUR,
) -> list[CandidateDay]:
    """The days the review just answered may be moved to; empty when it stays where FSRS put it."""
    reviewed_at = as_utc(reviewed_at, "reviewed_at")
    if after.state != "review":
        return []
    interval = round((after.due - reviewed_at) / timedelta(days=1))
    if interval < 3 or interval > MAX_BALANCED_DAYS:
        return []
    shortest, longest = fuzz_range(interval, maximum_interval_days)
    today = study_day(reviewed_at, time_zone, rollover_hour)
    return [CandidateDay(days, today + timedelta(days=days)) for days in range(shortest, longest + 1)]


def day_weights(
    candidates: Sequence[CandidateDay],
    due_per_day: Mapping[date, int],
    easy_days: Sequence[int] = NORMAL_WEEK,
) -> list[float]:
    """Each candidate's weight in the draw (see the module docstring)."""
    loads = check_easy_days(easy_days)
    counts = [due_per_day.get(candidate.day, 0) for candidate in candidates]
    shares = [loads[candidate.day.weekday()] / 100 for candidate in candidates]
    total_count, total_share = sum(counts), sum(shares)
    weights = []
    for candidate, count, share in zip(candidates, counts, shares, strict=True):
        if share == 0:
            modifier = _MINIMUM_WEIGHT
        elif share < 1:
            # Reduced: fine while it holds no more than its share of the others' average load.
            others = (total_count - count) / (total_share - share) if total_share > share else 0.0
            modifier = _MINIMUM_WEIGHT if count / share > others else 1.0
        else:
            modifier = 1.0
        base = 1.0 if count == 0 else (1.0 / count) ** 2 / candidate.interval_days
        weights.append(base * modifier)
    return weights


def balanced(
    after: MemoryState,
    candidates: Sequence[CandidateDay],
    due_per_day: Mapping[date, int],
    seed: str,
    easy_days: Sequence[int] = NORMAL_WEEK,
) -> MemoryState:
    """`after` moved to the candidate day a draw seeded with `seed` picks; unchanged without candidates.

    due_per_day: the learner's reviews already due on each candidate day (others may be missing).
    seed: the same for the same answer (e.g. fact id and answer time), so a replay picks the same day.
    """
    if not candidates:
        return after
    weights = day_weights(candidates, due_per_day, easy_days)
    chosen = random.Random(seed).choices(candidates, weights=weights)[0]
    ideal = round((after.due - after.last_review) / timedelta(days=1)) if after.last_review else None
    if ideal is None or chosen.interval_days == ideal:
        return after
    return replace(after, due=after.due + timedelta(days=chosen.interval_days - ideal))
