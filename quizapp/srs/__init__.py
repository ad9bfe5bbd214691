"""Spaced-repetition domain core: plain data in, plain data out, the clock and time zone passed in.

Nothing here imports Flask or SQLAlchemy or reads the clock; the web layer stores `MemoryState`
(as `to_dict()` JSON) per learner and fact, logs each `ReviewOutcome`, and calls these functions.

- scheduler: FSRS-6 via py-fsrs: `review`, `next_intervals`, `retrievability`, `relearn`.
- rating: auto-graded answers to ratings and why; the early-answer rule (EARLY_ANSWER_RULE).
- day: the study day that rolls over at 4 a.m. local time.
- exam: an exam date; reviews brought before it where recall on the day would fall short.
- prerequisites: new facts wait for the facts they build on; a forgotten one puts those at risk.
- queue: today's order and what is left; study ahead and cram orders for when all is done.
- variants: which question variant of a fact to show.
- replay: replaying a review log and scoring predictions (benchmarks, the optimizer's figures).
- calibration: the retention to schedule for, from what the learner recalled since the last
  measurement against the retention those reviews were scheduled for.
- optimize: personal parameters with fsrs-rs-python; import `quizapp.srs.optimize` explicitly,
  so the rest works where that compiled package is missing.
"""

from quizapp.srs.day import current_day_bounds, day_bounds, study_day
from quizapp.srs.exam import ExamRecall, exam_moment, fit_to_exam, intervals_before_exam, recall_on_exam
from quizapp.srs.prerequisites import AT_RISK_RECALL, at_risk, is_learned, waiting_for_prerequisites
from quizapp.srs.queue import (
    AHEAD_ORDERS,
    LEARN_AHEAD,
    CardSnapshot,
    QueuedFact,
    StudyLimits,
    StudyQueue,
    build_study_queue,
    counts_against_review_limit,
    cram_order,
    study_ahead_order,
)
from quizapp.srs.rating import (
    EARLY_ANSWER_RULE,
    rating_for_answer,
    rating_reason,
    slow_after,
)
from quizapp.srs.scheduler import (
    DEFAULT_SETTINGS,
    MemoryState,
    ReviewOutcome,
    SchedulerSettings,
    effective_parameters,
    format_interval,
    is_due,
    needs_relearn,
    next_intervals,
    relearn,
    replay_reviews,
    retrievability,
    review,
)
from quizapp.srs.variants import choose_question

__all__ = [
    "AHEAD_ORDERS",
    "AT_RISK_RECALL",
    "LEARN_AHEAD",
    "DEFAULT_SETTINGS",
    "EARLY_ANSWER_RULE",
    "CardSnapshot",
    "ExamRecall",
    "MemoryState",
    "QueuedFact",
    "ReviewOutcome",
    "SchedulerSettings",
    "StudyLimits",
    "StudyQueue",
    "at_risk",
    "build_study_queue",
    "choose_question",
    "counts_against_review_limit",
    "cram_order",
    "current_day_bounds",
    "day_bounds",
    "effective_parameters",
    "exam_moment",
    "fit_to_exam",
    "format_interval",
    "intervals_before_exam",
    "is_due",
    "is_learned",
    "needs_relearn",
    "next_intervals",
    "rating_for_answer",
    "recall_on_exam",
    "rating_reason",
    "relearn",
    "replay_reviews",
    "retrievability",
    "review",
    "slow_after",
    "study_ahead_order",
    "study_day",
    "waiting_for_prerequisites",
]
