"""Access control: every route of the app × every role, from the table in `access_table.py`.

Refused people get 403 or 404 (or, signed out, the sign-in page) and change nothing; no GET changes
anything for anybody; every response carries the security headers.
"""

from __future__ import annotations

import pytest
from werkzeug.routing import Rule

from tests.security.access_table import ACCESS, NOT_ROUTES, Case, fill
from tests.security.headers import assert_security_headers
from tests.security.scenario import ROLES, World

STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}


def app_rules(app) -> list[Rule]:
    return [rule for rule in app.url_map.iter_rules() if rule.endpoint not in NOT_ROUTES]


def test_every_route_has_an_entry(app):
    """A route the table does not know fails here, naming itself: add its row to ACCESS."""
    missing = []
    for rule in app_rules(app):
        methods = (rule.methods or set()) & ({"GET"} | STATE_CHANGING)
        covered = {case.method for case in ACCESS.get(rule.endpoint, ())}
        for method in sorted(methods - covered):
            missing.append(f"{method} {rule.rule} (endpoint {rule.endpoint})")
    assert not missing, "routes without an entry in tests/security/access_table.py ACCESS:\n" + "\n".join(
        missing
    )
    stale = set(ACCESS) - {rule.endpoint for rule in app_rules(app)}
    assert not stale, f"ACCESS has entries for endpoints that no longer exist: {sorted(stale)}"


def send(world: World, role: str, case: Case):
    """Make `case`'s request as `role`, from a fresh browser holding that role's session."""
    client = world.client(role)
    url = world.url(case.path)
    if case.method == "GET":
        return client.get(url)
    data = {name: fill(value, world.ids) for name, value in case.form(world.ids).items()}
    return client.open(url, method=case.method, data={"csrf_token": world.token(role), **data})


def ordered_cases() -> list[tuple[str, Case]]:
    """Reads first, then writes, with the ones that change who may do what last."""
    cases = [(endpoint, case) for endpoint, cases in ACCESS.items() for case in cases]
    return sorted(cases, key=lambda item: (item[1].method != "GET", item[1].stage))


def refused(response) -> bool:
    if response.status_code in {403, 404}:
        return True
    return response.status_code == 302 and response.headers["Location"].startswith("/signin")


@pytest.mark.parametrize("role", ROLES)
def test_every_route_for_every_role(world, role):
    problems = []
    after = world.digest()
    for endpoint, case in ordered_cases():
        before = after  # nothing else writes between two requests
        response = send(world, role, case)
        after = world.digest()
        label = f"{role}: {case.method} {world.url(case.path)} ({endpoint}) -> {response.status_code}"
        assert response.status_code < 500, label
        assert_security_headers(response, label)
        if role in case.allowed:
            if response.status_code not in case.ok or refused(response):
                problems.append(f"{label}, but {role} may use it")
        else:
            if not refused(response):
                problems.append(f"{label}, but {role} must be refused (403, 404 or sign-in)")
            elif after != before:
                problems.append(f"{label}: refused, yet the database changed")
        if case.method == "GET" and after != before:
            problems.append(f"{label}: a GET changed the database")
    assert not problems, "\n".join(problems)
