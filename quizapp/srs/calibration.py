"""Calibrated retention: aim FSRS where the learner's own record says it delivers what they asked for.

FSRS schedules a review for the day its predicted recall falls to the desired retention. If the
learner's weights are over-confident (predicted 90 %, recalled 86 %), every review comes when
recall is already under the target, and fitting the weights does not always remove that: FSRS's
forgetting curve may not have the shape of this learner's memory. So after each fit the held-out
reviews (predicted, never fitted on; srs.optimize) also measure how predicted recall maps to
actual recall, as one shift on the log-odds scale:

    actual = sigmoid(logit(predicted) + offset)

the offset with which the predicted recalls sum to the reviews actually recalled (the maximum
likelihood shift). A few held-out reviews say little, so PRIOR_REVIEWS pseudo-reviews that came out
exactly as predicted are counted too, pulling a small sample's offset toward 0 (no correction).
Reviews are then scheduled for the predicted recall that this mapping turns into the desired one:

    scheduled = sigmoid(logit(desired) - offset)

kept within SCHEDULED_RANGE (widened to hold the desired retention itself), so a wild measurement can neither flood the learner with reviews nor
space them out past usefulness. An offset of 0 (or none measured yet) schedules at the desired
retention itself.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

PRIOR_REVIEWS = 50
"""Pseudo-reviews recalled exactly as predicted, added to the held-out ones (shrinks toward 0)."""

MAX_OFFSET = 1.5
"""The largest shift measured, in log-odds (predicted 0.90 read as 0.67 or 0.98 at most)."""

SCHEDULED_RANGE = (0.70, 0.97)
"""The predicted recall reviews may be scheduled for, whatever the desired retention and offset."""

_BISECTIONS = 60
_EDGE = 1e-6


def logit(p: float) -> float:
    p = min(max(p, _EDGE), 1 - _EDGE)
    return math.log(p / (1 - p))


def sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x))


def recall_offset(predicted: Sequence[float], recalled: Sequence[bool]) -> float:
    """The log-odds shift that makes the predicted recalls sum to the recalled ones (see above).

    With PRIOR_REVIEWS pseudo-reviews at the mean prediction, recalled in that proportion; clamped
    to ±MAX_OFFSET. Raises ValueError without predictions.
    """
    if len(predicted) != len(recalled):
        raise ValueError(f"{len(predicted)} predictions for {len(recalled)} outcomes")
    if not predicted:
        raise ValueError("no held-out predictions to calibrate on")
    mean_prediction = sum(predicted) / len(predicted)
    target = sum(recalled) + PRIOR_REVIEWS * mean_prediction
    logits = [logit(p) for p in predicted]
    prior_logit = logit(mean_prediction)

    def expected(offset: float) -> float:
        return sum(sigmoid(x + offset) for x in logits) + PRIOR_REVIEWS * sigmoid(prior_logit + offset)

    low, high = -MAX_OFFSET, MAX_OFFSET
    if expected(low) >= target:
        return low
    if expected(high) <= target:
        return high
    for _ in range(_BISECTIONS):  # expected() rises with the offset: bisect for the root
        middle = (low + high) / 2
        if expected(middle) < target:
            low = middle
        else:
            high = middle
    return (low + high) / 2


def scheduled_retention(desired_retention: float, offset: float | None) -> float:
    """The predicted recall to schedule for so that, by the learner's offset, recall is the desired one."""
    if not offset:
        return desired_retention
    low, high = min(SCHEDULED_RANGE[0], desired_retention), max(SCHEDULED_RANGE[1], desired_retention)
    return min(max(sigmoid(logit(desired_retention) - offset), low), high)
