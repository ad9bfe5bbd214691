"""Class memberships and assigned quizzes bump their learners' progress version

Revision ID: e4b7a2c9d1f6
Revises: b7e3d9a1c5f2
Create Date: 2026-11-30 11:20:00

A learner's exam date can come from the soonest close time of a quiz assigned to a class they are
in (quizapp/answering/exam.py), and both the study page (intervals on the rating buttons, the order
of reviews) and the progress figures (recall on the exam day) depend on it. Those pages are kept
per learner while `user.progress_version` is unchanged (quizapp/learner_pages.py), so a learner
joining or leaving a class, and a quiz of their class being assigned, moved to another close time,
unassigned or deleted, must bump it as their own answers do (migration d5a8c3f1e7b2). Triggers do
it whatever writes the row: a route, the CLI, a restore.
"""

from alembic import op

revision = "e4b7a2c9d1f6"
down_revision = "b7e3d9a1c5f2"
branch_labels = None
depends_on = None

_BUMP_CLASS = (
    'UPDATE "user" SET progress_version = progress_version + 1 '
    "WHERE id IN (SELECT user_id FROM enrollment WHERE classroom_id IN ({}))"
)
_BUMP_LEARNER = 'UPDATE "user" SET progress_version = progress_version + 1 WHERE id IN ({})'

SQLITE_TRIGGERS = {
    "enrollment_progress_insert": f"AFTER INSERT ON enrollment BEGIN {_BUMP_LEARNER.format('NEW.user_id')}; END",
    "enrollment_progress_delete": f"AFTER DELETE ON enrollment BEGIN {_BUMP_LEARNER.format('OLD.user_id')}; END",
    "enrollment_progress_update": "AFTER UPDATE OF user_id, classroom_id ON enrollment "
    f"BEGIN {_BUMP_LEARNER.format('OLD.user_id, NEW.user_id')}; END",
    "quiz_exam_insert": "AFTER INSERT ON quiz WHEN NEW.assigned_at IS NOT NULL "
    f"BEGIN {_BUMP_CLASS.format('NEW.classroom_id')}; END",
    "quiz_exam_delete": "AFTER DELETE ON quiz WHEN OLD.assigned_at IS NOT NULL "
    f"BEGIN {_BUMP_CLASS.format('OLD.classroom_id')}; END",
    "quiz_exam_update": "AFTER UPDATE OF closes_at, assigned_at, classroom_id ON quiz "
    "WHEN OLD.closes_at IS NOT NEW.closes_at OR OLD.assigned_at IS NOT NEW.assigned_at "
    "OR OLD.classroom_id IS NOT NEW.classroom_id "
    f"BEGIN {_BUMP_CLASS.format('OLD.classroom_id, NEW.classroom_id')}; END",
}

POSTGRES_FUNCTIONS = (
    """
CREATE FUNCTION bump_enrolled_progress_version() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE "user" SET progress_version = progress_version + 1 WHERE id = NEW.user_id;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE "user" SET progress_version = progress_version + 1 WHERE id = OLD.user_id;
    ELSIF NEW.user_id IS DISTINCT FROM OLD.user_id OR NEW.classroom_id IS DISTINCT FROM OLD.classroom_id THEN
        UPDATE "user" SET progress_version = progress_version + 1 WHERE id IN (OLD.user_id, NEW.user_id);
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql
""",
    """
CREATE FUNCTION bump_quiz_learners_progress_version() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.assigned_at IS NOT NULL THEN
            UPDATE "user" SET progress_version = progress_version + 1
            WHERE id IN (SELECT user_id FROM enrollment WHERE classroom_id = NEW.classroom_id);
        END IF;
    ELSIF TG_OP = 'DELETE' THEN
        IF OLD.assigned_at IS NOT NULL THEN
            UPDATE "user" SET progress_version = progress_version + 1
            WHERE id IN (SELECT user_id FROM enrollment WHERE classroom_id = OLD.classroom_id);
        END IF;
    ELSIF NEW.closes_at IS DISTINCT FROM OLD.closes_at OR NEW.assigned_at IS DISTINCT FROM OLD.assigned_at
          OR NEW.classroom_id IS DISTINCT FROM OLD.classroom_id THEN
        UPDATE "user" SET progress_version = progress_version + 1
        WHERE id IN (SELECT user_id FROM enrollment WHERE classroom_id IN (OLD.classroom_id, NEW.classroom_id));
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql
""",
)


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        for function in POSTGRES_FUNCTIONS:
            op.execute(function)
        op.execute(
            "CREATE TRIGGER enrollment_progress AFTER INSERT OR UPDATE OR DELETE ON enrollment "
            "FOR EACH ROW EXECUTE FUNCTION bump_enrolled_progress_version()"
        )
        op.execute(
            "CREATE TRIGGER quiz_exam AFTER INSERT OR UPDATE OR DELETE ON quiz "
            "FOR EACH ROW EXECUTE FUNCTION bump_quiz_learners_progress_version()"
        )
    else:
        for name, body in SQLITE_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {body}")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER quiz_exam ON quiz")
        op.execute("DROP TRIGGER enrollment_progress ON enrollment")
        op.execute("DROP FUNCTION bump_quiz_learners_progress_version()")
        op.execute("DROP FUNCTION bump_enrolled_progress_version()")
    else:
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER {name}")
