"""Progress figures computed from a learner's review log and memory states: plain data in and out.

Nothing here imports Flask or SQLAlchemy or reads the clock: the web layer loads the rows, turns
them into the small records of `records`, and passes `now` and the learner's time zone. Days are
study days (local, rolling over at 4 a.m., from `quizapp.srs.day`), the same days the study page
counts its limits in, so "today" means the same thing on every page.

- records: the input records (one answer, one fact's memory, one finished practice test).
- retention: true retention measured from the log, over the last 7, 30 and 365 days.
- activity: answers per study day (the calendar heatmap) and the study streak.
- mastery: mastery by section, with the documented stability threshold.
- forecast: due reviews per day for the coming days.
- facts: the hardest facts, what a class knows least, practice scores over time, one fact's memory now.
- today: today's answers, time, new facts and retention against the learner's daily goal.
- items: item analysis of a teacher's quiz (discrimination, questions that need checking).
"""

from quizapp.stats.activity import DayCount, Streak, answers_per_day, study_streak
from quizapp.stats.facts import (
    ClassAnswer,
    FactMemorySummary,
    FactRecall,
    HardFact,
    ScorePoint,
    hardest_facts,
    least_known_facts,
    memory_summary,
    practice_scores,
)
from quizapp.stats.forecast import due_forecast
from quizapp.stats.items import ItemScores, discrimination, needs_checking
from quizapp.stats.mastery import MASTERY_STABILITY_DAYS, SectionMastery, mastery_by_section
from quizapp.stats.records import AnswerRecord, FactRecord, PracticeRecord, SectionRecord
from quizapp.stats.retention import RETENTION_WINDOWS, RetentionWindow, true_retention
from quizapp.stats.today import TodaySummary, today_summary

__all__ = [
    "MASTERY_STABILITY_DAYS",
    "RETENTION_WINDOWS",
    "AnswerRecord",
    "ClassAnswer",
    "DayCount",
    "FactMemorySummary",
    "FactRecall",
    "FactRecord",
    "HardFact",
    "ItemScores",
    "PracticeRecord",
    "RetentionWindow",
    "ScorePoint",
    "SectionMastery",
    "SectionRecord",
    "Streak",
    "TodaySummary",
    "answers_per_day",
    "discrimination",
    "due_forecast",
    "hardest_facts",
    "least_known_facts",
    "mastery_by_section",
    "memory_summary",
    "needs_checking",
    "practice_scores",
    "today_summary",
    "study_streak",
    "true_retention",
]
