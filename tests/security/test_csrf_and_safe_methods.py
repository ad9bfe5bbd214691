"""Every state-changing route refuses a request without a valid CSRF token and changes nothing;
reading a page changes nothing, with one named exception (overdue quiz attempts, below)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from quizapp.extensions import db
from quizapp.models import QuizAttempt
from tests.security.access_table import ACCESS, Case, fill
from tests.security.headers import assert_security_headers
from tests.security.scenario import ROLES, World
from tests.security.test_access import STATE_CHANGING, app_rules

STATE_CHANGING_CASES = [
    (endpoint, case) for endpoint, cases in ACCESS.items() for case in cases if case.method in STATE_CHANGING
]
GET_CASES = [(endpoint, case) for endpoint, cases in ACCESS.items() for case in cases if case.method == "GET"]


def acting_role(case: Case) -> str:
    """Someone who may use the route, signed in if possible, so the token is all that is wrong."""
    allowed = [role for role in ROLES if role in case.allowed]
    return next((role for role in allowed if role != "anonymous"), allowed[0])


def test_every_state_changing_rule_is_checked(app):
    """Enumerated from url_map: each POST/PUT/PATCH/DELETE rule has a case below (see test_access)."""
    checked = {endpoint for endpoint, _ in STATE_CHANGING_CASES}
    for rule in app_rules(app):
        if rule.methods & STATE_CHANGING:
            assert rule.endpoint in checked, f"{rule.rule}: no state-changing case in ACCESS"


@pytest.mark.parametrize("token", ["missing", "forged", "another session's"])
def test_state_changing_routes_refuse_a_bad_csrf_token(world: World, token):
    for endpoint, case in STATE_CHANGING_CASES:
        role = acting_role(case)
        data = {name: fill(value, world.ids) for name, value in case.form(world.ids).items()}
        if token == "forged":
            data["csrf_token"] = "ImZvcmdlZCI.forged.token"
        elif token == "another session's":
            other = "anonymous" if role != "anonymous" else "learner"
            data["csrf_token"] = world.token(other)
        before = world.digest()
        response = world.client(role).open(world.url(case.path), method=case.method, data=data)
        label = f"{role}: {case.method} {world.url(case.path)} ({endpoint}) with a {token} token"
        assert response.status_code == 400, f"{label} -> {response.status_code}"
        assert "This form expired" in response.get_data(as_text=True), label
        assert_security_headers(response, label)
        assert world.digest() == before, f"{label}: the database changed"


# Reading a quiz page after an attempt's deadline closes that attempt at its deadline (the time
# limit is enforced lazily, on the next request that looks at it). This is the only write a GET
# may make: it is deterministic (same row whoever reads it, whenever) and idempotent.
CLOSES_OVERDUE_ATTEMPTS = {
    "quizzes.show",
    "quizzes.attempt",
    "quizzes.review",
    "quizzes.results",
    "quizzes.results_csv",
}


def test_gets_change_nothing_but_closing_an_overdue_attempt(world: World):
    with world.app.app_context():
        attempt = db.session.get(QuizAttempt, world.ids["attempt_id"])
        deadline = world.clock.now + timedelta(minutes=5)
        attempt.deadline = deadline
        db.session.commit()
    world.clock.advance(minutes=30)
    writes = []
    for endpoint, case in GET_CASES:
        role = acting_role(case)
        before, before_others = world.digest(), world.digest(skip=("quiz_attempt",))
        response = world.client(role).get(world.url(case.path))
        assert response.status_code < 500, (endpoint, response.status_code)
        if world.digest() != before:
            writes.append(endpoint)
            assert endpoint in CLOSES_OVERDUE_ATTEMPTS, (
                f"GET {world.url(case.path)} ({endpoint}) changed the database"
            )
            assert world.digest(skip=("quiz_attempt",)) == before_others, (
                f"{endpoint} wrote outside quiz_attempt"
            )
    assert len(writes) == 1, f"expected exactly one GET to close the overdue attempt, got {writes}"
    with world.app.app_context():
        attempt = db.session.get(QuizAttempt, world.ids["attempt_id"])
        assert attempt.closed_reason == "time" and attempt.submitted_at == deadline
