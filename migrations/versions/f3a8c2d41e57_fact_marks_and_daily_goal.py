"""Facts a learner suspended, buried or flagged (fact_mark), and the learner's daily goal

Revision ID: f3a8c2d41e57
Revises: c5a8e2f17d40
Create Date: 2026-11-30 07:40:00

"""

import sqlalchemy as sa
from alembic import op

from quizapp.models.base import UTCDateTime

revision = "f3a8c2d41e57"
down_revision = "c5a8e2f17d40"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "fact_mark",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("fact_id", sa.String(length=120), nullable=False),
        sa.Column("suspended_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("buried_until", UTCDateTime(timezone=True), nullable=True),
        sa.Column("flag", sa.Integer(), nullable=True),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("flag IS NULL OR flag BETWEEN 1 AND 4", name=op.f("ck_fact_mark_flag_range")),
        sa.ForeignKeyConstraint(["fact_id"], ["fact.id"], name=op.f("fk_fact_mark_fact_id_fact")),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_fact_mark_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fact_mark")),
        sa.UniqueConstraint("user_id", "fact_id", name=op.f("uq_fact_mark_user_id")),
    )
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("daily_goal", sa.Integer(), server_default="30", nullable=False))
        batch_op.create_check_constraint(op.f("ck_user_daily_goal_range"), "daily_goal BETWEEN 0 AND 1000")


def downgrade():
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_user_daily_goal_range"), type_="check")
        batch_op.drop_column("daily_goal")
    op.drop_table("fact_mark")
