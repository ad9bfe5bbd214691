"""True retention: how often the learner actually remembered a fact when it came back for review.

FSRS schedules each review for the moment recall probability falls to the desired retention
(0.9 by default). Measuring the share of those reviews answered right tells the learner whether
the schedule fits them: well below the target means they forget more than FSRS expects (personal
parameters may help); well above means they review more often than they need to.

Definition (the one Anki's "true retention" uses): among answers to facts that were on day-long
intervals (state before the answer was "review") and that moved the schedule, given a day or more
after the fact's previous review, the share not rated Again. Answers in learning or relearning steps
are left out: those come minutes apart and measure short-term memory, not the spaced reviews the
desired retention is about; so are same-day repeats, for the same reason and because the optimizer
(srs.optimize) and the replay (srs.replay) train and score only on answers a day or more apart.
Answers given before the fact was due (practice tests, quizzes) count like any other, right or wrong
(srs.EARLY_ANSWER_RULE): counting only the wrong ones, as an earlier rule did, showed a learner who
practised "0 % · 0 of 2" when they had recalled 5 of 7.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from quizapp.srs.day import DEFAULT_ROLLOVER_HOUR, study_day
from quizapp.stats.records import AnswerRecord

RETENTION_WINDOWS = (7, 30, 365)
"""The periods (in study days, today included) the progress page shows."""


@dataclass(frozen=True, slots=True)
class RetentionWindow:
    """True retention over the last `days` study days.

    reviews: answers that count (see the module docstring); recalled: those not rated Again.
    rate: recalled / reviews, or None when there were no such answers.
    desired: the learner's desired retention, shown beside it.
    """

    days: int
    reviews: int
    recalled: int
    desired: float

    @property
    def rate(self) -> float | None:
        return self.recalled / self.reviews if self.reviews else None

    @property
    def gap(self) -> float | None:
        """rate - desired: negative when the learner forgets more than the schedule aims for."""
        rate = self.rate
        return None if rate is None else rate - self.desired


SPACED = timedelta(days=1)
"""How long after the previous review an answer must come to count: whole days, as FSRS counts."""


def counts_for_retention(answer: AnswerRecord) -> bool:
    """Whether an answer is a spaced review whose outcome tells us about retention."""
    spaced = answer.elapsed is None or answer.elapsed >= SPACED
    return answer.affects_schedule and answer.state_before == "review" and spaced


def true_retention(
    answers: Iterable[AnswerRecord],
    now: datetime,
    time_zone: str,
    desired_retention: float,
    windows: Sequence[int] = RETENTION_WINDOWS,
    rollover_hour: int = DEFAULT_ROLLOVER_HOUR,
) -> list[RetentionWindow]:
    """True retention for each window of `windows` study days ending today (today included).

    A window of 7 days on a Sunday covers Monday to Sunday; answers given before the 4 a.m.
    rollover belong to the previous day, so a late session is counted where the learner feels it is.
    """
    if any(days < 1 for days in windows):
        raise ValueError(f"windows must be at least one day long, got {list(windows)}")
    today = study_day(now, time_zone, rollover_hour)
    totals = {days: [0, 0] for days in windows}
    for answer in answers:
        if not counts_for_retention(answer):
            continue
        day = study_day(answer.reviewed_at, time_zone, rollover_hour)
        if day > today:
            continue
        for days in windows:
            if day > today - timedelta(days=days):
                totals[days][0] += 1
                totals[days][1] += answer.recalled
    return [
        RetentionWindow(days, reviews, recalled, desired_retention)
        for days, (reviews, recalled) in totals.items()
    ]
