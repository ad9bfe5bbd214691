"""Personal schedules: a record of each fit, a fitting lease per learner, and easy days

Revision ID: c4f2a8e61d07
Revises: f3a8c2d41e57
Create Date: 2026-11-30 07:45:00

Learners' parameters are now fitted automatically (quizapp/history/personalise.py); every try is
kept in schedule_fit. user.schedule_fit_claimed_until lets one process at a time fit a learner.
user.easy_days holds the lighter weekdays for load balancing.
"""

import sqlalchemy as sa
from alembic import op

from quizapp.models.base import UTCDateTime

revision = "c4f2a8e61d07"
down_revision = "f3a8c2d41e57"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "schedule_fit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("tried_at", UTCDateTime(), nullable=False),
        sa.Column("trigger", sa.String(length=120), nullable=False),
        sa.Column("review_count", sa.Integer(), nullable=False),
        sa.Column("heldout_count", sa.Integer(), nullable=False),
        sa.Column("old_log_loss", sa.Double(), nullable=True),
        sa.Column("new_log_loss", sa.Double(), nullable=True),
        sa.Column("old_rmse", sa.Double(), nullable=True),
        sa.Column("new_rmse", sa.Double(), nullable=True),
        sa.Column("old_parameters", sa.JSON(), nullable=True),
        sa.Column("new_parameters", sa.JSON(), nullable=True),
        sa.Column("applied", sa.Boolean(), nullable=False),
        sa.Column("outcome", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_schedule_fit_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schedule_fit")),
    )
    op.create_index("ix_schedule_fit_user_tried", "schedule_fit", ["user_id", "tried_at"])
    # Plain ADD COLUMNs (no table copy): many tables point at user rows.
    op.add_column("user", sa.Column("schedule_fit_claimed_until", UTCDateTime(), nullable=True))
    op.add_column("user", sa.Column("easy_days", sa.JSON(), nullable=True))


def downgrade():
    op.drop_column("user", "easy_days")
    op.drop_column("user", "schedule_fit_claimed_until")
    op.drop_index("ix_schedule_fit_user_tried", table_name="schedule_fit")
    op.drop_table("schedule_fit")
