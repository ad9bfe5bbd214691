"""Personal pages and downloads are never stored by a browser or proxy cache (Cache-Control: no-store).

Every page of the access table that a signed-in role may open is fetched as that role; so are the
downloads (CSV exports, the Anki package). A shared school computer's cache must not keep them
after the person signs out.
"""

from __future__ import annotations

import pytest

from tests.security.access_table import ACCESS
from tests.security.scenario import ROLES

SIGNED_IN_ROLES = [role for role in ROLES if role != "anonymous"]


@pytest.mark.parametrize("role", SIGNED_IN_ROLES)
def test_signed_in_pages_and_downloads_are_not_stored(world, role):
    client = world.client(role)
    seen, problems = 0, []
    for endpoint, cases in ACCESS.items():
        for case in cases:
            if case.method != "GET" or role not in case.allowed:
                continue
            response = client.get(world.url(case.path))
            if response.status_code != 200:
                continue
            seen += 1
            if response.headers.get("Cache-Control") != "no-store":
                problems.append(
                    f"{world.url(case.path)} ({endpoint}): {response.headers.get('Cache-Control')}"
                )
    assert seen >= 5, seen
    assert not problems, "\n".join(problems)


def test_downloads_are_not_stored_and_say_so(world):
    teacher, learner = world.client("teacher"), world.client("learner")
    downloads = [
        (learner, "/history/reviews.csv"),
        (learner, "/history/deck.apkg"),
        (teacher, world.url("/progress/classes/{class_id}/mastery.csv")),
        (teacher, world.url("/quizzes/{quiz_id}/results.csv")),
        (teacher, world.url("/live/{live_id}/players.csv")),
    ]
    for client, path in downloads:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["Content-Disposition"].startswith("attachment"), path
        assert response.headers["Cache-Control"] == "no-store", path


def test_public_pages_for_visitors_are_not_marked(world):
    """The article's library, read signed out, holds nothing personal."""
    response = world.client("anonymous").get("/library/")
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("Cache-Control", "")
