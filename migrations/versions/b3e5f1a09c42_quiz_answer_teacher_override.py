"""A quiz answer keeps a teacher's override of its mark: the grader's score, the reason, when and by whom

Revision ID: b3e5f1a09c42
Revises: c4d2f8a9e713
Create Date: 2026-11-30 05:35:00

"""

import sqlalchemy as sa
from alembic import op

import quizapp.models.base

# revision identifiers, used by Alembic.
revision = "b3e5f1a09c42"
down_revision = "c4d2f8a9e713"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("quiz_answer", schema=None) as batch_op:
        batch_op.add_column(sa.Column("graded_score", sa.Double(), nullable=True))
        batch_op.add_column(sa.Column("override_reason", sa.Text(), nullable=True))
        batch_op.add_column(
            sa.Column("overridden_at", quizapp.models.base.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("overridden_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_quiz_answer_overridden_by_id_user"),
            "user",
            ["overridden_by_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("quiz_answer", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_quiz_answer_overridden_by_id_user"), type_="foreignkey")
        batch_op.drop_column("overridden_by_id")
        batch_op.drop_column("overridden_at")
        batch_op.drop_column("override_reason")
        batch_op.drop_column("graded_score")
