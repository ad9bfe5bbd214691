"""Constructed review histories whose fitting outcome can be reasoned about by hand.

Every fact is first answered Good on day 0 and then reviewed 1, 3, 7, 15, 30 and 60 days after
day 0 (7 reviews a fact), one minute apart between facts. With 60 facts that is 420 reviews;
the latest quarter, round(420 * 0.25) = 105, is held out: the 60 reviews of day 60 and the last
45 of day 30, all a day or more after the fact's previous review, so all 105 are predicted.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from quizapp.srs.optimize import ReviewRecord

START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
REVIEW_DAYS = (0, 1, 3, 7, 15, 30, 60)
AFTER = START + timedelta(days=61)


def history(
    facts: int,
    early_rating: int = 3,
    late_rating: int = 3,
    late_from_day: int = 30,
    days: tuple[int, ...] = REVIEW_DAYS,
) -> list[ReviewRecord]:
    """`facts` facts on `days` (REVIEW_DAYS): the first answer Good, then `early_rating` before
    `late_from_day` and `late_rating` from it, oldest first."""
    records = []
    for day in days:
        for fact in range(facts):
            rating = 3 if day == 0 else late_rating if day >= late_from_day else early_rating
            records.append(ReviewRecord(f"f{fact}", rating, START + timedelta(days=day, minutes=fact)))
    return records


def steady_learner() -> list[ReviewRecord]:
    """Recalls every review: early and late reviews tell the same story, so a fit on the early
    part predicts the late part better than the published defaults (which expect some forgetting)."""
    return history(60)


def changed_learner() -> list[ReviewRecord]:
    """Forgets every review up to day 15, then recalls on days 30 and 60: weights fitted on the
    early part expect forgetting that the held-out part does not show, so they predict it worse."""
    return history(60, early_rating=1, late_rating=3)
