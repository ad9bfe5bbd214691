"""Values no person means never crash a page: ids beyond what a database id holds are "not found",
quiz dates outside any plausible school year are refused at input, and an odd date already stored
still shows in every time zone.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from werkzeug.routing import Rule
from werkzeug.routing.converters import AnyConverter, IntegerConverter

from quizapp.extensions import db
from quizapp.models import Quiz, User
from tests.security.scenario import World

TOO_LARGE = (2**63, 2**64 + 5, 10**30)


def _url_with(world: World, rule: Rule, too_large: int) -> str:
    """`rule`'s URL with `too_large` in every integer part and a usable value in the others."""
    values: dict[str, object] = {}
    for name, converter in rule._converters.items():
        if isinstance(converter, IntegerConverter):
            values[name] = too_large
        elif isinstance(converter, AnyConverter):
            values[name] = sorted(converter.items)[0]
        else:
            values[name] = "x"
    with world.app.test_request_context():
        return world.app.url_map.bind("localhost").build(rule.endpoint, values)


def _integer_rules(world: World) -> list[Rule]:
    return [
        rule
        for rule in world.app.url_map.iter_rules()
        if any(isinstance(converter, IntegerConverter) for converter in rule._converters.values())
    ]


@pytest.mark.parametrize("role", ["admin", "learner"])
def test_ids_beyond_a_database_id_are_not_found_on_every_route(world: World, role):
    rules = _integer_rules(world)
    assert len(rules) >= 20, "the app's routes with ids were not found"
    wrong = []
    for rule in rules:
        for method in sorted((rule.methods or set()) & {"GET", "POST"}):
            for too_large in TOO_LARGE:
                url = _url_with(world, rule, too_large)
                data = {"csrf_token": world.token(role)} if method == "POST" else None
                response = world.client(role).open(url, method=method, data=data)
                if response.status_code != 404:
                    wrong.append(f"{method} {url} -> {response.status_code}")
    assert not wrong, "\n".join(wrong)


def test_the_largest_database_id_is_still_an_id(world: World):
    """The bound is the database's, not a smaller one: 2**63 - 1 reaches the view (and is not found)."""
    response = world.client("teacher").get(f"/classes/{2**63 - 1}")
    assert response.status_code == 404
    assert world.client("teacher").get(world.url("/classes/{class_id}")).status_code == 200


@pytest.mark.parametrize("user_id", [str(2**63), str(10**30), "-1", "١٢"])
def test_a_user_id_field_out_of_range_is_not_found(world: World, user_id):
    before = world.digest()
    response = world.client("admin").post(
        "/admin/users/role", data={"csrf_token": world.token("admin"), "user_id": user_id, "role": "teacher"}
    )
    assert response.status_code in {400, 404}, response.status_code
    assert world.digest() == before


def _quiz_settings(world: World, **dates: str) -> dict:
    return {
        "csrf_token": world.token("teacher"),
        "title": "Quiz",
        "attempts_allowed": "1",
        "show_answers": "after_submit",
        **dates,
    }


@pytest.mark.parametrize(
    ("field", "value", "year"),
    [("opens_at", "0001-01-01T00:00", "1"), ("closes_at", "9999-12-31T23:59", "9999")],
)
def test_implausible_quiz_dates_are_refused_with_a_message(world: World, field, value, year):
    before = world.digest()
    response = world.client("teacher").post(
        world.url("/quizzes/{quiz_id}/edit"), data=_quiz_settings(world, **{field: value})
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Choose a date between 2000 and 2100" in page and f"{year} looks like a typo" in page
    assert world.digest() == before


def test_a_plausible_date_is_saved(world: World):
    response = world.client("teacher").post(
        world.url("/quizzes/{quiz_id}/edit"), data=_quiz_settings(world, closes_at="2099-06-30T15:00")
    )
    assert response.status_code == 302
    with world.app.app_context():
        assert db.session.get(Quiz, world.ids["quiz_id"]).closes_at.year == 2099


def test_odd_stored_dates_show_in_every_time_zone(world: World):
    """Dates saved before they were checked (or by hand) must not crash the pages that show them."""
    with world.app.app_context():
        quiz = db.session.get(Quiz, world.ids["quiz_id"])
        quiz.opens_at = datetime(1, 1, 1, tzinfo=UTC)
        quiz.closes_at = datetime(9999, 12, 31, 23, 59, tzinfo=UTC)
        for email, zone in (
            ("learner@example.org", "America/New_York"),
            ("teacher@example.org", "Asia/Tokyo"),
        ):
            db.session.scalar(select(User).where(User.email == email)).time_zone = zone
        db.session.commit()
    pages = {
        "learner": ["/", "/quizzes/mine", "/quizzes/{quiz_id}"],
        "teacher": ["/classes/{class_id}/quizzes", "/quizzes/{quiz_id}/edit"],
    }
    for role, paths in pages.items():
        for path in paths:
            response = world.client(role).get(world.url(path))
            assert response.status_code == 200, f"{role} {path} -> {response.status_code}"
    quiz_page = world.client("learner").get(world.url("/quizzes/{quiz_id}")).get_data(as_text=True)
    assert "Opens " in quiz_page and "Closes 9999-12-31 18:59" in quiz_page
