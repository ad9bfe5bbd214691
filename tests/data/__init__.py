"""Data files the tests read, kept in the repository so every clone runs the same tests."""

from pathlib import Path

# A real learner's review log from py-fsrs (MIT): see LICENSE and SOURCE.md beside it.
REAL_REVIEW_LOG = Path(__file__).resolve().parent / "real-review-log.csv"
