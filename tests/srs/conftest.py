"""Fixtures for the SRS core: explicit clocks and the real review log kept in tests/data."""

from __future__ import annotations

import pytest

from quizapp.srs.replay import LoggedReview, read_review_log
from tests.data import REAL_REVIEW_LOG


@pytest.fixture(scope="session")
def real_review_log() -> list[LoggedReview]:
    """The real learner's 12,580 reviews."""
    return read_review_log(REAL_REVIEW_LOG)
