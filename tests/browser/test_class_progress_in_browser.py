"""A teacher's class progress page in Chromium, empty and full, passes the accessibility check."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from quizapp.auth.accounts import create_account
from quizapp.classes.service import create_class
from quizapp.demo.simulate import simulate_learner
from quizapp.extensions import db
from quizapp.models import Enrollment, Role
from tests.browser.conftest import check_accessibility

pytestmark = pytest.mark.browser

NOW = datetime(2026, 5, 20, 12, 0, tzinfo=UTC)
PASSWORD = "a long and memorable passphrase"


def test_class_progress_empty_and_full(loaded_app, loaded_live_server, loaded_page, browser):
    loaded_app.config["CLOCK"] = lambda: NOW
    with loaded_app.app_context():
        teacher = create_account("teach@example.org", PASSWORD, "Ms Teach", Role.TEACHER)
        empty = create_class(teacher, "Empty class")
        full = create_class(teacher, "Busy class")
        rng = random.Random(5)
        for number in range(3):
            learner = create_account(f"l{number}@example.org", PASSWORD, f"Learner {number}", Role.LEARNER)
            full.enrollments.append(Enrollment(user_id=learner.id))
            db.session.flush()
            simulate_learner(learner, NOW - timedelta(days=20), 20, random.Random(rng.getrandbits(32)))
        db.session.commit()
        empty_id, full_id = empty.id, full.id
    page = loaded_page
    page.goto(loaded_live_server + "/signin")
    page.get_by_label("Email").fill("teach@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    page.wait_for_selector(".flashes")
    cookies = page.context.cookies()
    page.goto(f"{loaded_live_server}/progress/classes/{full_id}")
    assert page.get_by_role("heading", name="Mastery by section").is_visible()
    assert page.locator("table.grid tbody tr").count() == 3
    check_accessibility(
        browser, f"{loaded_live_server}/progress/classes/{full_id}", cookies, "class-progress-full"
    )
    check_accessibility(
        browser, f"{loaded_live_server}/progress/classes/{empty_id}", cookies, "class-progress-empty"
    )
