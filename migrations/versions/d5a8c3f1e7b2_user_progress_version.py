"""A learner's progress version, bumped by the database whenever their answers, cards, marks or tests change

Revision ID: d5a8c3f1e7b2
Revises: e5a7c3d19b24
Create Date: 2026-11-30 07:40:00

The progress page is kept per learner in each worker's memory (quizapp/progress/page_cache.py)
and reused while `user.progress_version` is unchanged. Triggers bump it on every insert, update
and delete of the learner's review_log, card, fact_mark and practice_test rows, so no write path
(answer, undo, re-rate, Anki import, a guest's progress moving to their account, suspending or
burying a fact, a practice test) can leave a stale page behind, whichever worker or tool wrote
it. The version arrives with the user row that Flask-Login loads on every request, so checking it
costs no query.

A later migration that rebuilds one of these tables on SQLite (batch mode's copy-and-move) drops
its triggers: recreate them there (tests/progress/test_progress_cache.py fails without them).
"""

import sqlalchemy as sa
from alembic import op

revision = "d5a8c3f1e7b2"
down_revision = "e5a7c3d19b24"
branch_labels = None
depends_on = None

TABLES = ("review_log", "card", "fact_mark", "practice_test")

POSTGRES_FUNCTION = """
CREATE FUNCTION bump_progress_version() RETURNS trigger AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        UPDATE "user" SET progress_version = progress_version + 1 WHERE id = OLD.user_id;
    END IF;
    IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.user_id IS DISTINCT FROM OLD.user_id) THEN
        UPDATE "user" SET progress_version = progress_version + 1 WHERE id = NEW.user_id;
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql
"""


def _sqlite_triggers(table: str) -> list[str]:
    bump = 'UPDATE "user" SET progress_version = progress_version + 1 WHERE id = {}.user_id;'
    return [
        f"CREATE TRIGGER {table}_progress_insert AFTER INSERT ON {table} BEGIN {bump.format('NEW')} END",
        f"CREATE TRIGGER {table}_progress_delete AFTER DELETE ON {table} BEGIN {bump.format('OLD')} END",
        f"CREATE TRIGGER {table}_progress_update AFTER UPDATE ON {table} BEGIN {bump.format('OLD')} "
        f'UPDATE "user" SET progress_version = progress_version + 1 '
        f"WHERE id = NEW.user_id AND NEW.user_id IS NOT OLD.user_id; END",
    ]


def upgrade():
    # A plain ADD COLUMN (no table copy), so nothing pointing at user rows is touched.
    op.add_column("user", sa.Column("progress_version", sa.Integer(), server_default="0", nullable=False))
    if op.get_bind().dialect.name == "postgresql":
        op.execute(POSTGRES_FUNCTION)
        for table in TABLES:
            op.execute(
                f"CREATE TRIGGER {table}_progress AFTER INSERT OR UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION bump_progress_version()"
            )
    else:
        for table in TABLES:
            for statement in _sqlite_triggers(table):
                op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            op.execute(f"DROP TRIGGER {table}_progress ON {table}")
        op.execute("DROP FUNCTION bump_progress_version()")
    else:
        for table in TABLES:
            for event in ("insert", "delete", "update"):
                op.execute(f"DROP TRIGGER {table}_progress_{event}")
    op.drop_column("user", "progress_version")
