"""Fixtures for the SRS core: explicit clocks and the real review log beside the repository."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from quizapp.srs.replay import LoggedReview, read_review_log

# <repo>/tests/srs/conftest.py -> <repo>/../shared/data/real-review-log.csv (CI clones the repo
# with a copy of shared/ beside it, as on a developer's machine).
REAL_LOG = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "real-review-log.csv"


@pytest.fixture(scope="session")
def real_review_log() -> list[LoggedReview]:
    """The real learner's 12,580 reviews; missing fails in CI and skips elsewhere."""
    if not REAL_LOG.is_file():
        message = f"real review log not found at {REAL_LOG} (expected shared/ beside the repository)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return read_review_log(REAL_LOG)
