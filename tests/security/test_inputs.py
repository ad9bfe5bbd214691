"""Hostile input never gives a 500: oversized uploads, hostile CSV decks, and arbitrary values in
every form field of every state-changing route (property-based, with hypothesis).

Wrong file types, oversized files, malformed and hostile YAML (tags, aliases, deep nesting) are in
tests/library/test_uploads.py and tests/content/test_hostile.py; the body-size limit for plain
forms is tests/web/test_errors_and_health.py::test_oversized_body_is_refused.
"""

from __future__ import annotations

import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.extensions import db
from tests.security.access_table import fill
from tests.security.scenario import World, open_world
from tests.security.test_csrf_and_safe_methods import STATE_CHANGING_CASES

CSV_HEADER = "id,section,kind,subject,attribute,value,prompt,statement,explanation,paragraph,aliases\n"


def upload(world: World, data: bytes, filename: str):
    return world.client("teacher").post(
        "/library/upload",
        data={
            "csrf_token": world.token("teacher"),
            "title": "Deck",
            "facts_file": (io.BytesIO(data), filename),
        },
        content_type="multipart/form-data",
    )


def test_an_upload_over_the_body_limit_is_413_and_saves_nothing(world: World):
    before = world.digest()
    response = upload(world, b"a: b\n" * (world.app.config["MAX_CONTENT_LENGTH"] // 4), "facts.yaml")
    assert response.status_code == 413
    assert "larger than quizapp accepts" in response.get_data(as_text=True)
    assert world.digest() == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"just,some,columns\n1,2,3\n", "facts.csv"),
        (CSV_HEADER.encode() + b'x,"unclosed quote\n', "facts.csv"),
        (CSV_HEADER.encode() + b"x\x00y,intro,year,a,b,2021,p,s,e,1,\n", "facts.csv"),
        (CSV_HEADER.encode() + b"=cmd|' /C calc'!A0,intro,year,a,b,2021,p,s,e,1,\n", "facts.csv"),
        (CSV_HEADER.encode() + (b"a," * 5000) + b"\n", "facts.csv"),
    ],
    ids=["wrong columns", "unclosed quote", "null byte", "formula id", "very many fields"],
)
def test_hostile_csv_decks_are_explained_and_save_nothing(world: World, data, message):
    before = world.digest()
    response = upload(world, data, "facts.csv")
    assert response.status_code == 400, response.status_code
    page = response.get_data(as_text=True)
    assert message in page and "nothing was saved" in page
    assert world.digest() == before


# Answer fields that no case's body names (each question kind reads its own).
ANSWER_FIELDS = {"choice", "text", "rating", "place-0", "pair-0", "extra-1", "remember"}


def field_names(ids: dict) -> list[str]:
    """Every field any state-changing route reads, so a drawn form mixes right and wrong names."""
    names = set(ANSWER_FIELDS)
    for _, case in STATE_CHANGING_CASES:
        names |= set(case.form(ids))
    return sorted(names - {"facts_file"})


text_values = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "",
            "0",
            "-1",
            "99999999999999999999",
            "1e309",
            "NaN",
            "\x00",
            "../../etc/passwd",
            "2026-13-45T25:61",
            "'; DROP TABLE user; --",
            "{quiz_id}",
        ]
    ),
)
values = st.one_of(text_values, st.lists(text_values, max_size=3))
FUZZED = [(endpoint, case) for endpoint, case in STATE_CHANGING_CASES if endpoint != "auth.sign_out"]


@pytest.mark.parametrize("role", ["teacher", "learner"])
def test_arbitrary_form_values_never_give_a_500(world_template, tmp_path, role):
    """Signed in, with a valid CSRF token, any values in any fields: a page or a 4xx, never a 500.

    Sign-out is left out: it takes no fields, and signing out would make the rest anonymous.
    """
    world = open_world(world_template, tmp_path)
    world.app.config.update(
        SIGN_IN_LIMIT="10000 per minute", SIGN_UP_LIMIT="10000 per hour", JOIN_LIMIT="10000 per hour"
    )

    names_to_draw = field_names(world.ids)

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)
    @given(data=st.data())
    def check(data):
        endpoint, case = data.draw(st.sampled_from(FUZZED), label="route")
        names = data.draw(st.lists(st.sampled_from(names_to_draw), max_size=6, unique=True), label="fields")
        form = {name: data.draw(values, label=name) for name in names}
        form = {
            name: fill(value, world.ids) if value == "{quiz_id}" else value for name, value in form.items()
        }
        response = world.client(role).post(
            world.url(case.path), data={"csrf_token": world.token(role), **form}
        )
        assert response.status_code < 500, f"{endpoint} {form!r} -> {response.status_code}"

    try:
        check()
    finally:
        with world.app.app_context():
            db.engine.dispose()
