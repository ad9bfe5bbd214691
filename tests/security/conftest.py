"""The security tests' school: built once, copied for each test."""

from __future__ import annotations

import pytest

from tests.conftest import TEST_DATABASE
from tests.security.scenario import World, WorldTemplate, build_world, open_world


@pytest.fixture(scope="session")
def world_template(tmp_path_factory, bank_database) -> WorldTemplate:
    # The school is copied file by file (scenario.py), so the PostgreSQL run leaves these tests
    # out (tests/conftest.py); getting here on PostgreSQL would be a mistake in that selection.
    assert TEST_DATABASE == "sqlite", "the security scenario is built on SQLite files"
    return build_world(tmp_path_factory.mktemp("world") / "template.sqlite", bank_database)


@pytest.fixture
def world(world_template, tmp_path) -> World:
    world = open_world(world_template, tmp_path)
    yield world
    from quizapp.extensions import db

    with world.app.app_context():
        db.engine.dispose()
