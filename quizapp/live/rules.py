"""The rules of live play: times, sizes and points. No Flask here: the rules are tested on their own.


Without speed points a right answer is worth a flat 1,000, so the leaderboard ranks by how many
were right. With them a right answer earns between 500 (as the clock runs out) and 1,000 (at once):
speed counts, but never more than being right.
"""

from __future__ import annotations

FULL_POINTS = 1000
CODE_LENGTH = 6  # a session lasts an hour; joining is rate-limited
# An answer tapped as the clock reaches zero is still on its way; give it this long to arrive.
GRACE_SECONDS = 1.5
NICKNAME_MAX = 24
MAX_PLAYERS = 500


def points_for(score: float, seconds_taken: float, seconds_allowed: float, speed_points: bool) -> int:
    """Points for an answer graded `score` (0..1, partial credit allowed) given after `seconds_taken`."""
    if score <= 0:
        return 0
    if not speed_points or seconds_allowed <= 0:
        return round(FULL_POINTS * score)
    used = min(max(seconds_taken / seconds_allowed, 0.0), 1.0)
    return round(FULL_POINTS * score * (1 - used / 2))
