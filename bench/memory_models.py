"""Simulated memories that are not FSRS, fitted to the real review log.

Two classic models of one learner's memory of one fact, as recall probability after a history
of presentations (times in days):

- HalfLifeMemory (exponential forgetting with a half-life, as in half-life regression models):
  p = 2^(-elapsed / h), h = h0 * growth^successes * shrink^failures. Only presentations a day or
  more apart count as successes or failures (same-day repeats do not lengthen the half-life), so a
  scheduler cannot buy memory by cramming.
- ActRMemory (ACT-R's declarative memory with Pavlik & Anderson's spacing effect): activation
  m(t) = ln(sum_j (t - t_j)^(-d_j)), each presentation's decay d_j = c * e^(m(t_j)) + a grows with
  the activation it was presented at (massed practice decays fast), p = 1 / (1 + e^((tau - m) / s)).

`fit(model, cards)` finds the parameters that minimise log loss on the real log's reviews that
come a day or more after the card's previous review (as bench/replay_real_log.py scores FSRS),
with a small pattern search (no numpy here).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

MINUTE = 1 / 1440
_EPSILON = 1e-6

History = list[tuple[float, bool]]  # (time in days, recalled) of each presentation of one card


@dataclass(frozen=True)
class HalfLifeMemory:
    h0: float = 2.0
    growth: float = 2.0
    shrink: float = 0.5
    name = "half-life"

    def trace(self) -> HalfLifeTrace:
        return HalfLifeTrace(self)

    @staticmethod
    def from_vector(v: Sequence[float]) -> HalfLifeMemory:
        return HalfLifeMemory(math.exp(v[0]), math.exp(v[1]), 1 / (1 + math.exp(-v[2])))

    def vector(self) -> list[float]:
        return [math.log(self.h0), math.log(self.growth), math.log(self.shrink / (1 - self.shrink))]

    def describe(self) -> str:
        return f"h0 {self.h0:.2f} d, half-life x{self.growth:.2f} per success, x{self.shrink:.2f} per failure"


class HalfLifeTrace:
    """One fact's memory under HalfLifeMemory."""

    __slots__ = ("model", "half_life", "last", "counted_at")

    def __init__(self, model: HalfLifeMemory):
        self.model = model
        self.half_life = model.h0
        self.last: float | None = None
        self.counted_at: float | None = None

    def recall(self, now: float) -> float:
        return 2 ** (-(now - self.last) / self.half_life)

    def present(self, now: float, recalled: bool) -> None:
        if self.counted_at is None:
            self.counted_at = now  # the first presentation is learning, not a success
        elif now - self.counted_at >= 1:
            self.half_life *= self.model.growth if recalled else self.model.shrink
            self.counted_at = now
        self.last = now


@dataclass(frozen=True)
class ActRMemory:
    c: float = 0.25
    a: float = 0.18
    tau: float = -1.0
    s: float = 0.4
    name = "ACT-R"

    def trace(self) -> ActRTrace:
        return ActRTrace(self)

    @staticmethod
    def from_vector(v: Sequence[float]) -> ActRMemory:
        return ActRMemory(math.exp(v[0]), math.exp(v[1]), v[2], math.exp(v[3]))

    def vector(self) -> list[float]:
        return [math.log(self.c), math.log(self.a), self.tau, math.log(self.s)]

    def describe(self) -> str:
        return f"c {self.c:.3f}, a {self.a:.3f}, tau {self.tau:.2f}, s {self.s:.3f}"


class ActRTrace:
    """One fact's memory under ActRMemory: each presentation's time and its own decay."""

    __slots__ = ("model", "times", "decays")

    def __init__(self, model: ActRMemory):
        self.model = model
        self.times: list[float] = []
        self.decays: list[float] = []

    def activation(self, now: float) -> float:
        return math.log(sum(max(now - at, MINUTE) ** -d for at, d in zip(self.times, self.decays)))

    def recall(self, now: float) -> float:
        exponent = (self.model.tau - self.activation(now)) / self.model.s
        return 1 / (1 + math.exp(max(-50.0, min(50.0, exponent))))

    def present(self, now: float, recalled: bool) -> None:
        if self.times:
            decay = self.model.c * math.exp(min(self.activation(now), 3.0)) + self.model.a
        else:
            decay = self.model.a
        self.times.append(now)
        self.decays.append(min(decay, 3.0))


def cards_from_log(reviews) -> list[History]:
    """The real log as one history per card: (days since the log began, recalled)."""
    ordered = sorted(reviews, key=lambda review: review.reviewed_at)
    start = ordered[0].reviewed_at
    cards: dict[str, History] = {}
    for review in ordered:
        days = (review.reviewed_at - start).total_seconds() / 86400
        cards.setdefault(review.card_id, []).append((days, review.rating > 1))
    return list(cards.values())


def log_loss(model, cards: list[History]) -> float:
    """Mean log loss over reviews a day or more after the card's previous one."""
    total, count = 0.0, 0
    for history in cards:
        trace = model.trace()
        previous = None
        for at, recalled in history:
            if previous is not None and at - previous >= 1:
                p = min(1 - _EPSILON, max(_EPSILON, trace.recall(at)))
                total -= math.log(p if recalled else 1 - p)
                count += 1
            trace.present(at, recalled)
            previous = at
    return total / count


def constant_log_loss(cards: list[History]) -> float:
    """The same log loss for a constant prediction, the mean recall: what "no model" scores."""
    outcomes = [
        recalled
        for history in cards
        for (at, recalled), (before, _) in zip(history[1:], history[:-1])
        if at - before >= 1
    ]
    p = sum(outcomes) / len(outcomes)
    return -sum(math.log(p if recalled else 1 - p) for recalled in outcomes) / len(outcomes)


def fit(start, cards: list[History], rounds: int = 60) -> tuple[object, float]:
    """Pattern search (Hooke-Jeeves style) over the model's unconstrained parameter vector."""
    build: Callable = type(start).from_vector
    best = start.vector()
    best_loss = log_loss(start, cards)
    step = 0.5
    for _ in range(rounds):
        improved = False
        for i in range(len(best)):
            for direction in (1, -1):
                trial = list(best)
                trial[i] += direction * step
                loss = log_loss(build(trial), cards)
                if loss < best_loss:
                    best, best_loss, improved = trial, loss, True
                    break
        if not improved:
            step /= 2
            if step < 0.02:
                break
    return build(best), best_loss
