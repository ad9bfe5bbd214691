"""User's allowance before a right answer counts as Hard (slow_answer_percent)

Revision ID: c4d2f8a9e713
Revises: a7c3e91f2b10
Create Date: 2026-11-30 05:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "c4d2f8a9e713"
down_revision = "a7c3e91f2b10"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("slow_answer_percent", sa.Integer(), server_default="100", nullable=False)
        )
        batch_op.create_check_constraint(
            op.f("ck_user_slow_answer_range"), "slow_answer_percent BETWEEN 50 AND 400"
        )


def downgrade():
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_user_slow_answer_range"), type_="check")
        batch_op.drop_column("slow_answer_percent")
