"""quizapp's scheduling as the app runs it, for one simulated learner (bench/simulated_learners.py).

- Every answer goes through `quizapp.srs.review` with the learner's current settings.
- Personal schedules: after each day's session, the rule the runner applies
  (`quizapp.srs.personalise.personalise_reason`) decides whether to fit; a fit is
  `quizapp.srs.optimize.fit_parameters` on the learner's whole log so far, applied only when it
  predicts the held-out latest quarter better, exactly as `quizapp/history/personalise.py` does;
  after every fit, what the schedule delivered since the last one (recall on the reviews it timed
  against the retention it aimed at) sets the retention reviews are scheduled for from then on
  (`quizapp.srs.calibration.measure`), as the app does.
- Load balancing: a review sent 3-90 days ahead is moved by `quizapp.srs.balance` to a day of its
  fuzz range by the number of the learner's facts already due on each day, as the answering
  service does (`quizapp/answering/cards.py`), seeded the same way.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from quizapp import srs
from quizapp.srs import balance as load_balance
from quizapp.srs.calibration import measure, scheduled_retention
from quizapp.srs.optimize import NotEnoughReviews, ReviewRecord, fit_parameters
from quizapp.srs.personalise import FitTry, personalise_reason


@dataclass
class FitLog:
    """What the learner's personalisation did over the simulation."""

    tried: int = 0
    applied: int = 0
    first_fit_at: datetime | None = None
    parameters: tuple[float, ...] | None = None
    recall_offset: float | None = None
    measured_at: datetime | None = None


@dataclass
class AppScheduler:
    """One learner's schedule (make a fresh one per learner with `for_learner`)."""

    desired_retention: float
    personalise: bool = False
    balance: bool = False
    easy_days: tuple[int, ...] = load_balance.NORMAL_WEEK
    settings: srs.SchedulerSettings = field(init=False)
    fits: FitLog = field(default_factory=FitLog)
    log: list[ReviewRecord] = field(default_factory=list)
    last_try: FitTry | None = None
    dues: list[datetime | None] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.settings = srs.SchedulerSettings(desired_retention=self.desired_retention)

    @property
    def name(self) -> str:
        how = "defaults" if not self.personalise else "personal + balanced" if self.balance else "personal"
        return f"quizapp {self.desired_retention} {how}"

    @property
    def target(self) -> float:
        return self.desired_retention

    def for_learner(self, dues: list[datetime | None]) -> AppScheduler:
        """A fresh copy for one learner; `dues` is the simulation's list of every fact's due time."""
        fresh = AppScheduler(self.desired_retention, self.personalise, self.balance, self.easy_days)
        fresh.dues = dues
        return fresh

    def first(self, now: datetime, fact: int):
        return self.answer(srs.MemoryState.new(now), True, now, fact)

    def answer(self, state, recalled: bool, now: datetime, fact: int):
        rating = 3 if recalled else 1
        after = srs.review(state, rating, now, self.settings).after
        self.log.append(ReviewRecord(f"f{fact}", rating, now))
        if self.balance:
            after = self._balanced(after, now, fact)
        return after, after.due

    def _balanced(self, after: srs.MemoryState, now: datetime, fact: int) -> srs.MemoryState:
        candidates = load_balance.candidate_days(after, now, "UTC")
        if not candidates:
            return after
        first, last = candidates[0].day, candidates[-1].day
        due_per_day = Counter(
            day
            for other, due in enumerate(self.dues)
            if other != fact and due is not None and first <= (day := srs.study_day(due, "UTC")) <= last
        )
        return load_balance.balanced(
            after, candidates, due_per_day, f"{fact}:{now.isoformat()}", self.easy_days
        )

    def end_of_day(self, now: datetime) -> None:
        """What the runner does between sessions: fit when the learner is due one."""
        if not self.personalise:
            return
        newest = self.log[-1].reviewed_at if self.log else None
        if personalise_reason(len(self.log), newest, self.last_try, now) is None:
            return
        self.last_try = FitTry(now, len(self.log))
        self.fits.tried += 1
        if self.fits.first_fit_at is None:
            self.fits.first_fit_at = now
        try:
            fit = fit_parameters(self.log, now, self.settings.parameters)
        except NotEnoughReviews:
            return
        if fit.improved:
            self.fits.applied += 1
            self.fits.parameters = fit.parameters
        measured = measure(self.log, self.fits.measured_at, self.desired_retention, self.fits.recall_offset)
        self.fits.recall_offset, self.fits.measured_at = measured.offset, now
        self.settings = srs.SchedulerSettings(
            desired_retention=scheduled_retention(self.desired_retention, self.fits.recall_offset),
            parameters=self.fits.parameters,
        )
